/**
 * Whether a request was made by a program rather than by a person opening
 * a page: the one rule for "does this count as a view" (ADR 0055). Such
 * requests still get the page (link previews need its Open Graph tags);
 * they are only left out of counts.
 */
import { isbot } from "isbot";

/**
 * Headers that browsers set on speculative loads: `Sec-Purpose: prefetch`
 * (Chromium; `prefetch;prerender` for prerendering), `Purpose: prefetch`
 * (older Chromium and Safari), `X-Moz: prefetch` (Firefox), `X-Purpose:
 * preview` (Safari's Top Sites thumbnails).
 */
const SPECULATIVE_HEADERS = ["sec-purpose", "purpose", "x-purpose", "x-moz"];
const SPECULATIVE_VALUE = /prefetch|prerender|preview/i;

/**
 * True for a request that is not a person looking at the page:
 * - any method but GET (HEAD: link checkers and unfurlers probing);
 * - a prefetch or prerender (`Sec-Purpose`, `Purpose`, `X-Moz`, `X-Purpose`);
 * - no User-Agent at all (every browser sends one);
 * - a User-Agent that `isbot` recognises: crawlers and link-preview fetchers
 *   (Googlebot, Slackbot, Twitterbot, facebookexternalhit, Discordbot,
 *   WhatsApp, LinkedInBot, TelegramBot, SkypeUriPreview, ...), anything
 *   naming itself a bot, crawler, spider or preview, HTTP libraries (curl,
 *   python-requests, node-fetch, undici, ...) and headless browsers.
 */
export function isAutomatedRequest(request: {
  method: string;
  headers: Headers;
}): boolean {
  if (request.method.toUpperCase() !== "GET") return true;
  for (const name of SPECULATIVE_HEADERS)
    if (SPECULATIVE_VALUE.test(request.headers.get(name) ?? "")) return true;
  const userAgent = request.headers.get("user-agent")?.trim() ?? "";
  if (userAgent === "") return true;
  return isbot(userAgent);
}
