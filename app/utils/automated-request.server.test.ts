import { describe, expect, it } from "vitest";
import { isAutomatedRequest } from "./automated-request.server";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

function request(
  userAgent: string | null,
  { method = "GET", headers = {} as Record<string, string> } = {},
) {
  const all = new Headers(headers);
  if (userAgent !== null) all.set("User-Agent", userAgent);
  return { method, headers: all };
}

describe("isAutomatedRequest", () => {
  it.each([
    ["Chrome on Windows", CHROME],
    [
      "Safari on macOS",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
    ],
    [
      "Safari on iPhone",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    ],
    [
      "Firefox on Linux",
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    ],
    [
      'Chrome on a Cubot phone ("bot" inside a device name)',
      "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.104 Mobile Safari/537.36",
    ],
    [
      "Instagram's in-app browser",
      "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 Instagram 300.0.0.29.110 Android",
    ],
  ])("a person: %s", (_, userAgent) => {
    expect(isAutomatedRequest(request(userAgent))).toBe(false);
  });

  it.each([
    ["Slackbot", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"],
    ["Twitterbot", "Twitterbot/1.0"],
    [
      "facebookexternalhit",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    ],
    ["iMessage's preview", "facebookexternalhit/1.1 Facebot Twitterbot/1.0"],
    [
      "Discordbot",
      "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    ],
    ["WhatsApp", "WhatsApp/2.23.20.0 A"],
    [
      "LinkedInBot",
      "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    ],
    ["TelegramBot", "TelegramBot (like TwitterBot)"],
    [
      "Teams / Skype preview",
      "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    ],
    [
      "Googlebot",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    ],
    [
      "Bingbot",
      "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    ],
    ["a generic bot", "AcmeBot/3.1"],
    ["a generic crawler", "acme-crawler/0.9"],
    ["a generic spider", "AcmeSpider/1.0"],
    ["a generic preview fetcher", "Acme Link Preview 2.0"],
    ["curl", "curl/8.4.0"],
    ["python-requests", "python-requests/2.31.0"],
    ["Node's fetch", "node"],
    [
      "a headless browser",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    ],
    ["an empty User-Agent", ""],
  ])("not a person: %s", (_, userAgent) => {
    expect(isAutomatedRequest(request(userAgent))).toBe(true);
  });

  it("no User-Agent header at all is not a person", () => {
    expect(isAutomatedRequest(request(null))).toBe(true);
  });

  it.each([
    ["HEAD", { method: "HEAD" }],
    ["head (any case)", { method: "head" }],
    ["Sec-Purpose: prefetch", { headers: { "Sec-Purpose": "prefetch" } }],
    [
      "Sec-Purpose: prefetch;prerender",
      { headers: { "Sec-Purpose": "prefetch;prerender" } },
    ],
    ["Purpose: prefetch", { headers: { Purpose: "prefetch" } }],
    ["X-Moz: prefetch", { headers: { "X-Moz": "prefetch" } }],
    ["X-Purpose: preview", { headers: { "X-Purpose": "preview" } }],
  ])("a browser's %s is not a view", (_, options) => {
    expect(isAutomatedRequest(request(CHROME, options))).toBe(true);
  });
});
