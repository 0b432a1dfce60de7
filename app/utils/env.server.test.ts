import { describe, expect, it, vi } from "vitest";
import { parseEnv } from "./env.server";

const base = { CONVEX_URL: "http://127.0.0.1:3210" };

describe("parseEnv", () => {
  it("requires CONVEX_URL as an http(s) URL", () => {
    expect(() => parseEnv({})).toThrow(/CONVEX_URL/);
    expect(() => parseEnv({ CONVEX_URL: "ftp://x" })).toThrow(/CONVEX_URL/);
  });

  it("defaults to local mode with dev secrets outside production, warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const env = parseEnv({ ...base, NODE_ENV: "development" });
    expect(env.AUTH_MODE).toBe("local");
    expect(env.SESSION_SECRET.length).toBeGreaterThan(0);
    expect(env.LOCAL_AUTH_ISSUER).toBe("http://localhost:3000");
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it("refuses the local sign-in in production, pointing at the Clerk keys", () => {
    const complete = {
      ...base,
      NODE_ENV: "production",
      SESSION_SECRET: "s3cret-s3cret",
      LOCAL_AUTH_ISSUER: "https://app.example.com/",
    };
    expect(() => parseEnv(complete)).toThrow(
      /CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY[\s\S]*ALLOW_LOCAL_SIGN_IN=true/,
    );
    expect(() =>
      parseEnv({ ...complete, ALLOW_LOCAL_SIGN_IN: "yes please" }),
    ).toThrow(/no sign-in is configured for production/);
  });

  it("allows it in production only with ALLOW_LOCAL_SIGN_IN=true, secret and issuer", () => {
    const allowed = {
      ...base,
      NODE_ENV: "production",
      ALLOW_LOCAL_SIGN_IN: "true",
    };
    expect(() => parseEnv(allowed)).toThrow(
      /SESSION_SECRET[\s\S]*LOCAL_AUTH_ISSUER/,
    );
    const env = parseEnv({
      ...allowed,
      SESSION_SECRET: "s3cret-s3cret",
      LOCAL_AUTH_ISSUER: "https://app.example.com/",
    });
    expect(env.AUTH_MODE).toBe("local");
    expect(env.LOCAL_AUTH_ISSUER).toBe("https://app.example.com");
  });

  it("is clerk mode only with both Clerk keys", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(() =>
      parseEnv({ ...base, CLERK_PUBLISHABLE_KEY: "pk_test_x" }),
    ).toThrow(/both/);
    warn.mockRestore();
    const env = parseEnv({
      ...base,
      NODE_ENV: "production",
      CLERK_PUBLISHABLE_KEY: "pk_test_x",
      CLERK_SECRET_KEY: "sk_test_x",
    });
    expect(env.AUTH_MODE).toBe("clerk");
  });

  it("treats empty strings as unset", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const env = parseEnv({
      ...base,
      CLERK_PUBLISHABLE_KEY: "",
      CLERK_SECRET_KEY: "",
      SESSION_SECRET: "x-secret",
    });
    expect(env.AUTH_MODE).toBe("local");
    expect(env.SESSION_SECRET).toBe("x-secret");
    warn.mockRestore();
  });
});
