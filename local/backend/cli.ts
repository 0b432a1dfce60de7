/**
 * Starts the local Convex backend for this project:
 *
 *   tsx local/backend/cli.ts [--reset] [--port 3210] [--site-port 3211] [--host 127.0.0.1]
 *                            [--data-dir .local-data] [--env-file FILE] [--convex-dir convex]
 *
 * Each flag can also come from an environment variable: CONVEX_LOCAL_PORT,
 * CONVEX_LOCAL_SITE_PORT, CONVEX_LOCAL_HOST, CONVEX_LOCAL_DATA_DIR,
 * CONVEX_LOCAL_ENV_FILE, CONVEX_LOCAL_CONVEX_DIR; CONVEX_LOCAL_ADMIN_KEY sets
 * the admin key (generated otherwise). Relative paths are relative to the
 * project root.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startLocalBackend } from "./server.js";

const projectRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);

const { values: flags } = parseArgs({
  options: {
    reset: { type: "boolean", default: false },
    port: { type: "string" },
    "site-port": { type: "string" },
    host: { type: "string" },
    "data-dir": { type: "string" },
    "env-file": { type: "string" },
    "convex-dir": { type: "string" },
  },
});

function portOf(
  value: string | undefined,
  fallback: number,
  name: string,
): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number, got "${value}"`);
  }
  return port;
}

const fromRoot = (value: string) => path.resolve(projectRoot, value);
const envFile = flags["env-file"] ?? process.env.CONVEX_LOCAL_ENV_FILE;

try {
  const backend = await startLocalBackend({
    convexDir: fromRoot(
      flags["convex-dir"] ?? process.env.CONVEX_LOCAL_CONVEX_DIR ?? "convex",
    ),
    port: portOf(
      flags.port ?? process.env.CONVEX_LOCAL_PORT,
      3210,
      "CONVEX_LOCAL_PORT",
    ),
    siteProxyPort: portOf(
      flags["site-port"] ?? process.env.CONVEX_LOCAL_SITE_PORT,
      3211,
      "CONVEX_LOCAL_SITE_PORT",
    ),
    host: flags.host ?? process.env.CONVEX_LOCAL_HOST ?? "127.0.0.1",
    dataDir: fromRoot(
      flags["data-dir"] ?? process.env.CONVEX_LOCAL_DATA_DIR ?? ".local-data",
    ),
    envFile:
      envFile === undefined || envFile === "" ? undefined : fromRoot(envFile),
    adminKey: process.env.CONVEX_LOCAL_ADMIN_KEY || undefined,
    reset: flags.reset,
    portEnvName: "CONVEX_LOCAL_PORT",
    siteProxyPortEnvName: "CONVEX_LOCAL_SITE_PORT",
  });
  console.log(
    [
      "Local Convex backend running",
      `  CONVEX_URL       ${backend.url}`,
      `  CONVEX_SITE_URL  ${backend.siteUrl}`,
      `  admin key        ${backend.adminKey}`,
    ].join("\n"),
  );
  const shutdown = () => {
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
