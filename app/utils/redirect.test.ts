import { describe, expect, it } from "vitest";
import { safeRedirect, signInUrlFor } from "./redirect";

describe("safeRedirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirect("/videos?x=1")).toBe("/videos?x=1");
  });
  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "",
    null,
    undefined,
    "/sign-in",
  ])("falls back for %s", (to) => {
    expect(safeRedirect(to, "/create")).toBe("/create");
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
