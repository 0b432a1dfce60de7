/**
 * Starts the whole local stack once for the end-to-end tests, on ports of
 * its own and with empty data in a temporary folder, and hands the URLs to
 * the tests through `inject()`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalStack } from "../../local/stack";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    convexUrl: string;
    adminKey: string;
    replicateUrl: string;
    stripeUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "e2e-data-"));
  const stack = await startLocalStack({
    appPort: Number(process.env.E2E_APP_PORT ?? 3100),
    convexPort: Number(process.env.E2E_CONVEX_PORT ?? 3310),
    convexSitePort: Number(process.env.E2E_CONVEX_SITE_PORT ?? 3311),
    replicatePort: Number(process.env.E2E_REPLICATE_PORT ?? 8890),
    stripePort: Number(process.env.E2E_STRIPE_PORT ?? 8891),
    dataDir,
    reset: true,
    replicateDurationMs: 4000,
    inheritAppOutput: false,
    log: () => undefined,
  });
  project.provide("appUrl", stack.appUrl);
  project.provide("convexUrl", stack.convexUrl);
  project.provide("adminKey", stack.adminKey);
  project.provide("replicateUrl", stack.replicateUrl);
  project.provide("stripeUrl", stack.stripeUrl);
  return async () => {
    await stack.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
