/**
 * Helpers for the local backend's tests: a backend serving the fixture
 * folder on random ports, real Convex clients pointed at it, and a tiny
 * OIDC issuer.
 */
import { mkdtempSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { afterAll } from "vitest";
import WebSocket from "ws";
import {
  startLocalBackend,
  type LocalBackend,
  type LocalBackendOptions,
} from "./server.js";

/** The fixture Convex folder the tests serve. */
export const FIXTURE_CONVEX_DIR = fileURLToPath(
  new URL("./fixtures/convex", import.meta.url),
);

/** A backend under test, with its data folder and log lines. */
export type TestBackend = LocalBackend & { dataDir: string; lines: string[] };

/**
 * Every temporary folder of a test file lives here. Registered on import, so
 * it runs after the file's own `afterAll` hooks (hooks run as a stack).
 */
const tempRoot = mkdtempSync(path.join(tmpdir(), "local-backend-tests-"));
afterAll(() => rm(tempRoot, { recursive: true, force: true }));

/** A fresh temporary folder. */
export async function tempDir(prefix = "data-"): Promise<string> {
  return await mkdtemp(path.join(tempRoot, prefix));
}

/** Starts a backend for the fixture folder on free ports, logging into `lines`. */
export async function startFixtureBackend(
  options: Partial<LocalBackendOptions> = {},
): Promise<TestBackend> {
  const dataDir = options.dataDir ?? (await tempDir());
  const lines: string[] = [];
  const backend = await startLocalBackend({
    convexDir: FIXTURE_CONVEX_DIR,
    port: 0,
    siteProxyPort: 0,
    log: (line) => lines.push(line),
    ...options,
    dataDir,
  });
  return { ...backend, dataDir, lines };
}

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
