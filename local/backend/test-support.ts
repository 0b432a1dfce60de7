/**
 * Helpers for the local backend's tests: a backend serving the fixture
 * folder on random ports, real Convex clients pointed at it, and a tiny
 * OIDC issuer.
 */
import { mkdtempSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
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

export {
  httpClient,
  setAdminAuth,
  startTestIssuer,
  waitFor,
  wsClient,
  type TestIssuer,
} from "./clients.js";
