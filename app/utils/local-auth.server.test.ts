import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";

let auth: typeof import("./local-auth.server");

beforeAll(async () => {
  vi.stubEnv("CONVEX_URL", "http://127.0.0.1:3210");
  vi.stubEnv("NODE_ENV", "test");
  vi.stubEnv("SESSION_SECRET", "test-session-secret");
  vi.stubEnv("LOCAL_AUTH_ISSUER", "http://localhost:3000");
  vi.stubEnv("LOCAL_AUTH_PRIVATE_KEY_FILE", "");
  auth = await import("./local-auth.server");
});

describe("local sign-in tokens", () => {
  it("signs RS256 tokens that verify against the published JWKS", async () => {
    const token = await auth.signLocalToken({
      email: "Creator@Example.com",
      name: "Creator",
    });
    const jwks = createLocalJWKSet(await auth.localJwks());
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: "http://localhost:3000",
      audience: "convex",
      algorithms: ["RS256"],
    });
    expect(payload.sub).toBe("local:creator@example.com");
    expect(payload.email).toBe("creator@example.com");
    expect(payload.name).toBe("Creator");
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(protectedHeader.kid).toBe((await auth.localJwks()).keys[0].kid);
  });

  it("publishes only public key material", async () => {
    const [key] = (await auth.localJwks()).keys;
    expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(key).not.toHaveProperty("d");
  });

  it("describes the issuer for OIDC discovery", () => {
    expect(auth.openIdConfiguration()).toMatchObject({
      issuer: "http://localhost:3000",
      jwks_uri: "http://localhost:3000/.well-known/jwks.json",
      id_token_signing_alg_values_supported: ["RS256"],
    });
  });

  it("gives one subject per email, whatever its case", async () => {
    expect(auth.localSubject(" A@B.com ")).toBe(auth.localSubject("a@b.com"));
    const token = await auth.signLocalToken({ email: "a@b.com", name: "A" });
    expect(decodeProtectedHeader(token).alg).toBe("RS256");
  });
});
