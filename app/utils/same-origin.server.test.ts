import { describe, expect, it } from "vitest";
import { requireSameOrigin } from "./same-origin.server";

const post = (headers: Record<string, string>, method = "POST") =>
  new Request("http://localhost:3000/sign-in", { method, headers });

function statusOf(request: Request): number | "passed" {
  try {
    requireSameOrigin(request);
    return "passed";
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("requireSameOrigin", () => {
  it("lets this site's posts and reads through", () => {
    expect(statusOf(post({ Origin: "http://localhost:3000" }))).toBe("passed");
    expect(statusOf(post({ "Sec-Fetch-Site": "same-origin" }))).toBe("passed");
    expect(statusOf(post({}))).toBe("passed");
    expect(
      statusOf(
        new Request("http://localhost:3000/sign-in", {
          headers: { Origin: "https://evil.example" },
        }),
      ),
    ).toBe("passed");
  });

  it("answers 403 to a post from another site", () => {
    expect(statusOf(post({ Origin: "https://evil.example" }))).toBe(403);
    expect(statusOf(post({ Origin: "null" }))).toBe(403);
    expect(statusOf(post({ "Sec-Fetch-Site": "cross-site" }))).toBe(403);
    expect(statusOf(post({ Origin: "http://localhost:3001" }))).toBe(403);
  });
});
