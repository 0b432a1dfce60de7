/**
 * The web app's security edges, against the running local stack with plain
 * HTTP requests (what an attacker sends, not what our pages send): a
 * cross-site form post, crafted `redirectTo` values, a cookie replayed after
 * sign-out, and the `Secure` flag behind https.
 */
import { describe, expect, inject, test } from "vitest";
import { uniqueEmail } from "./support";

/**
 * The app as a browser on this machine reaches it: 127.0.0.1, where it
 * listens (Node may try ::1 first for "localhost").
 */
const appUrl = () => inject("appUrl").replace("//localhost", "//127.0.0.1");
const direct = (path: string) => new URL(path, appUrl());

/** POSTs the local sign-in form; returns the response (not followed). */
async function postSignIn(
  fields: Record<string, string>,
  headers: Record<string, string> = { Origin: new URL(appUrl()).origin },
) {
  return await fetch(direct("/sign-in"), {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: new URLSearchParams(fields),
  });
}

/** Signs a fresh creator in; returns the session cookie (`name=value`). */
async function signedInCookie(): Promise<string> {
  const response = await postSignIn({
    email: uniqueEmail("security"),
    name: "Security Test",
    redirectTo: "/create",
  });
  expect(response.status).toBe(302);
  const cookie = response.headers.get("Set-Cookie")?.split(";")[0];
  expect(cookie).toMatch(/^__videoai_session=/);
  return cookie!;
}

const get = (path: string, cookie: string) =>
  fetch(direct(path), { redirect: "manual", headers: { Cookie: cookie } });

describe("security edges", () => {
  test("a cross-site form post is refused with 403 and signs no one in", async () => {
    const response = await postSignIn(
      { preset: "admin", redirectTo: "/admin" },
      { Origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const fetchSite = await postSignIn(
      { preset: "admin", redirectTo: "/admin" },
      { "Sec-Fetch-Site": "cross-site" },
    );
    expect(fetchSite.status).toBe(403);
  });

  test("redirectTo never leaves the site and never breaks the page", async () => {
    const cookie = await signedInCookie();
    for (const redirectTo of [
      "/%09/evil.example",
      "/\t/evil.example",
      "/\\evil.example",
      "//evil.example",
    ]) {
      const response = await get(
        `/sign-in?${new URLSearchParams({ redirectTo })}`,
        cookie,
      );
      expect(response.status, redirectTo).toBe(302);
      // What a browser does with the Location: drop tabs and newlines, then resolve.
      const location = (response.headers.get("Location") ?? "").replace(
        /[\t\n\r]/g,
        "",
      );
      expect(new URL(location, appUrl()).origin, redirectTo).toBe(
        new URL(appUrl()).origin,
      );
    }
    // CR/LF in redirectTo: a redirect to the fallback, not a 500.
    const crlf = await get(
      `/sign-in?redirectTo=${encodeURIComponent("/a\r\nSet-Cookie: x=1")}`,
      cookie,
    );
    expect(crlf.status).toBe(302);
    expect(crlf.headers.get("Location")).toBe("/create");
  });

  test("signing out revokes the session: a copied cookie stops working", async () => {
    const cookie = await signedInCookie();
    expect((await get("/credits", cookie)).status).toBe(200);
    const signOut = await fetch(direct("/sign-out"), {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: new URL(appUrl()).origin },
    });
    expect(signOut.status).toBe(302);
    // The copy still in an attacker's hands: sent again, it signs no one in.
    const replay = await get("/credits", cookie);
    expect(replay.status).toBe(302);
    expect(replay.headers.get("Location")).toMatch(/^\/sign-in/);
  });

  test("the session cookie is Secure when the site is served over https", async () => {
    const plain = await postSignIn({ preset: "creator" });
    expect(plain.headers.get("Set-Cookie")).not.toMatch(/;\s*Secure/i);
    const proxied = await postSignIn(
      { preset: "creator" },
      { Origin: new URL(appUrl()).origin, "X-Forwarded-Proto": "https" },
    );
    expect(proxied.status).toBe(302);
    expect(proxied.headers.get("Set-Cookie")).toMatch(/;\s*Secure/i);
  });
});
