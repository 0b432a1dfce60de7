import { redirect } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { safeRedirect, signInUrlFor } from "./redirect";

describe("safeRedirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirect("/videos?x=1")).toBe("/videos?x=1");
    expect(safeRedirect("/admin/models/luma%2Fray-2")).toBe(
      "/admin/models/luma%2Fray-2",
    );
  });
  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    // A tab (or CR/LF) is dropped by browsers: "/\t/evil.example" → "//evil.example".
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/%2F/evil.example",
    "/a\\b",
    "/%5Cevil.example",
    "",
    null,
    undefined,
    "/sign-in",
    "/sign-out?x=1",
  ])("falls back for %j", (to) => {
    expect(safeRedirect(to, "/create")).toBe("/create");
  });
  it("never produces a Location header that throws (CR/LF)", () => {
    for (const to of ["/a\r\nSet-Cookie: x=1", "/a%0D%0Ab", "/a\rb"]) {
      const target = safeRedirect(to, "/create");
      expect(target).toBe("/create");
      expect(() => redirect(target)).not.toThrow();
    }
  });
});

describe("signInUrlFor", () => {
  it("remembers the page to come back to", () => {
    expect(signInUrlFor(new Request("http://x/videos/1?a=b"))).toBe(
      "/sign-in?redirectTo=%2Fvideos%2F1%3Fa%3Db",
    );
    expect(signInUrlFor("http://x/")).toBe("/sign-in");
  });
});
