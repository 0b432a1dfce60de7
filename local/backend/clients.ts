/**
 * Real Convex clients and a tiny OIDC issuer for talking to a local backend
 * from Node: used by the local backend's tests (through test-support.ts)
 * and by `npm run bench`. No test framework here, so scripts can import it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import WebSocket from "ws";

/** A WebSocket client (the same sync protocol as `ConvexReactClient`). */
export function wsClient(url: string): ConvexClient {
  return new ConvexClient(url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    logger: false,
  });
}

/** An HTTP client. */
export function httpClient(url: string): ConvexHttpClient {
  return new ConvexHttpClient(url, { logger: false });
}

/** Polls `check` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined,
  timeoutMs = 5000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An OIDC issuer on 127.0.0.1 with an RS256 key, serving discovery and JWKS. */
export interface TestIssuer {
  issuer: string;
  /** Signs a token for `sub` with audience "convex", valid for an hour (`claims` may override `aud`, `iat`, `exp`). */
  sign(sub: string, claims?: JWTPayload): Promise<string>;
  /** Signs with a key the issuer does not publish. */
  signWithUnknownKey(sub: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts a {@link TestIssuer}. Its keys are published at a non-default path, found through discovery. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", {
    extractable: true,
  });
  const other = await generateKeyPair("RS256");
  const jwk = {
    ...(await exportJWK(publicKey)),
    kid: "test-key",
    alg: "RS256",
    use: "sig",
  };
  const server = createServer((request, response) => {
    const body =
      request.url === "/.well-known/openid-configuration"
        ? { issuer, jwks_uri: `${issuer}/keys` }
        : request.url === "/keys"
          ? { keys: [jwk] }
          : undefined;
    response.writeHead(body === undefined ? 404 : 200, {
      "Content-Type": "application/json",
    });
    response.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (
    key: CryptoKey,
    kid: string,
    sub: string,
    claims: JWTPayload = {},
  ) => {
    const jwt = new SignJWT({ aud: "convex", ...claims })
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(issuer)
      .setSubject(sub);
    if (claims.iat === undefined) jwt.setIssuedAt();
    if (claims.exp === undefined) jwt.setExpirationTime("1h");
    return jwt.sign(key);
  };
  return {
    issuer,
    sign: (sub, claims) => sign(privateKey, "test-key", sub, claims),
    signWithUnknownKey: (sub) => sign(other.privateKey, "test-key", sub),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * `ConvexHttpClient.setAdminAuth` (sends `Authorization: Convex <key>[:<identity>]`)
 * is marked internal, so the published types omit it.
 */
export function setAdminAuth(
  client: ConvexHttpClient,
  adminKey: string,
  actingAs?: Record<string, unknown>,
): void {
  type WithAdminAuth = {
    setAdminAuth(key: string, actingAs?: Record<string, unknown>): void;
  };
  (client as unknown as WithAdminAuth).setAdminAuth(adminKey, actingAs);
}
