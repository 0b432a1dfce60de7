/**
 * `npm run init-models`: seeds the three default models into the Convex
 * deployment the environment points at, prints what it created, and is safe
 * to run again (existing models, and admins' edits to them, are kept).
 *
 * Target, first match wins:
 * 1. `CONVEX_URL` + `CONVEX_ADMIN_KEY` (e.g. the local stack, or a
 *    self-hosted backend): calls the internal mutation
 *    `models:initializeDefaultModelsInternal` over HTTP with the admin key.
 * 2. The local stack's connection file `.local-data/stack.json` (written by
 *    `npm run local`), when it exists.
 * 3. Otherwise `npx convex run models:initializeDefaultModelsInternal`,
 *    which uses `CONVEX_DEPLOYMENT` from `.env.local` (set by `npx convex dev`)
 *    or `CONVEX_DEPLOY_KEY`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";

type SeedResult = {
  created: number;
  createdModelIds: string[];
  filledModelIds?: string[];
};

const seedMutation = makeFunctionReference<
  "mutation",
  { actor?: string },
  SeedResult
>("models:initializeDefaultModelsInternal");

/** Reads `CONVEX_URL`/`CONVEX_ADMIN_KEY` from the env or the local stack's file. */
export function resolveAdminTarget(
  env: NodeJS.ProcessEnv,
  stackFile: string,
): { url: string; adminKey: string } | null {
  if (env.CONVEX_URL && env.CONVEX_ADMIN_KEY) {
    return { url: env.CONVEX_URL, adminKey: env.CONVEX_ADMIN_KEY };
  }
  if (existsSync(stackFile)) {
    const stack = JSON.parse(readFileSync(stackFile, "utf8")) as {
      convexUrl?: string;
      adminKey?: string;
    };
    if (stack.convexUrl && stack.adminKey)
      return { url: stack.convexUrl, adminKey: stack.adminKey };
  }
  return null;
}

/** Seeds through the HTTP API with an admin key. */
export async function seedWithAdminKey(
  url: string,
  adminKey: string,
): Promise<SeedResult> {
  const client = new ConvexHttpClient(url, { logger: false });
  (client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(
    adminKey,
  );
  return await client.mutation(seedMutation, { actor: "init-models" });
}

function report(result: SeedResult, where: string) {
  if (result.created === 0) {
    console.log(
      `All default models already exist in ${where}; nothing created.`,
    );
  } else {
    console.log(`Created ${result.created} model(s) in ${where}:`);
    for (const id of result.createdModelIds) console.log(`  + ${id}`);
  }
  const filled = result.filledModelIds ?? [];
  if (filled.length > 0) {
    console.log(
      `Added inputs and price modifiers (only where absent) to ${filled.length} model(s):`,
    );
    for (const id of filled) console.log(`  ~ ${id}`);
  }
}

async function main() {
  const root = process.cwd();
  if (existsSync(path.join(root, ".env.local")))
    process.loadEnvFile(path.join(root, ".env.local"));
  const target = resolveAdminTarget(
    process.env,
    path.join(root, ".local-data", "stack.json"),
  );
  if (target !== null) {
    report(await seedWithAdminKey(target.url, target.adminKey), target.url);
    return;
  }
  if (!process.env.CONVEX_DEPLOYMENT && !process.env.CONVEX_DEPLOY_KEY) {
    console.error(
      "No Convex deployment configured. Start the local stack (`npm run local`), set CONVEX_URL and " +
        "CONVEX_ADMIN_KEY, or run `npx convex dev` once to create .env.local.",
    );
    process.exit(1);
  }
  const run = spawnSync(
    "npx",
    [
      "convex",
      "run",
      "models:initializeDefaultModelsInternal",
      JSON.stringify({ actor: "init-models" }),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (run.status !== 0) process.exit(run.status ?? 1);
  report(
    JSON.parse(run.stdout) as SeedResult,
    process.env.CONVEX_DEPLOYMENT ?? "the deployment",
  );
}

// Run only when executed, not when imported by a test.
if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
