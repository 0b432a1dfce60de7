import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

const USER = { email: "someone@example.com", name: "Someone" };

// The session module reads the validated environment once.
beforeAll(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  process.env.CONVEX_URL = "http://127.0.0.1:3210";
  process.env.SESSION_SECRET = "test-session-secret";
  process.env.LOCAL_AUTH_ISSUER = "http://localhost:3000";
  process.env.SESSION_DIR = mkdtempSync(path.join(tmpdir(), "sessions-"));
});

/** The `name=value` part of a Set-Cookie header. */
const cookieOf = (setCookie: string) => setCookie.split(";")[0];

describe("the local sign-in session", () => {
  it("stops working everywhere once signed out (a copied cookie too)", async () => {
    const { commitSignIn, commitSignOut, getSessionUser } =
      await import("./session.server");
    const signIn = await commitSignIn(
      new Request("http://localhost:3000/sign-in", { method: "POST" }),
      USER,
    );
    const cookie = cookieOf(signIn);
    const withCookie = (url: string, method = "GET") =>
      new Request(url, { method, headers: { Cookie: cookie } });
    expect(await getSessionUser(withCookie("http://localhost:3000/"))).toEqual(
      USER,
    );

    await commitSignOut(withCookie("http://localhost:3000/sign-out", "POST"));

    // The same cookie, replayed from a copy, signs no one in.
    expect(
      await getSessionUser(withCookie("http://localhost:3000/credits")),
    ).toBeNull();
  });

  it("marks the cookie Secure whenever the site is https", async () => {
    const { commitSignIn, commitSignOut } = await import("./session.server");
    const plain = await commitSignIn(
      new Request("http://localhost:3000/sign-in", { method: "POST" }),
      USER,
    );
    expect(plain).not.toMatch(/;\s*Secure/i);
    const direct = await commitSignIn(
      new Request("https://app.example.com/sign-in", { method: "POST" }),
      USER,
    );
    expect(direct).toMatch(/;\s*Secure/i);
    const proxied = await commitSignIn(
      new Request("http://app.internal/sign-in", {
        method: "POST",
        headers: { "X-Forwarded-Proto": "https" },
      }),
      USER,
    );
    expect(proxied).toMatch(/;\s*Secure/i);
    const signOut = await commitSignOut(
      new Request("https://app.example.com/sign-out", {
        method: "POST",
        headers: { Cookie: cookieOf(direct) },
      }),
    );
    expect(signOut).toMatch(/;\s*Secure/i);
  });
});
