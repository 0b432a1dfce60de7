/**
 * The whole product on one machine, offline: the fake Replicate and Stripe, the local
 * Convex backend serving this repo's `convex/`, the default models seeded,
 * and the Remix server. Used by `npm run local` (start.ts) and by the
 * end-to-end tests. Nothing in `convex/` or `app/` imports this folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { seedWithAdminKey } from "../scripts/init-models";
import { parseEnvFile } from "./backend/env-file";
import { checkPort } from "./ports";
import { startLocalBackend, type LocalBackend } from "./backend/server";
import {
  startFakeReplicate,
  type FakeReplicate,
} from "./fake-replicate/server";
import { DEFAULT_OUTPUT_HOSTS } from "../convex/lib/outputHosts";
import { startFakeStripe, type FakeStripe } from "./fake-stripe/server";

export const PROJECT_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
);

export type StackOptions = {
  appPort?: number;
  convexPort?: number;
  convexSitePort?: number;
  replicatePort?: number;
  /** Fake Stripe's port. Default 8791. */
  stripePort?: number;
  /** Folder for the backend's snapshot and files. Default `.local-data`. */
  dataDir?: string;
  /** Start with empty data. */
  reset?: boolean;
  /** Run `remix build` first (default true; the e2e tests build once themselves). */
  build?: boolean;
  /** Fake Replicate: milliseconds from create to done. Default 6000. */
  replicateDurationMs?: number;
  /** Function env file. Default `local/convex.env`. */
  envFile?: string;
  /**
   * Address the web app listens on. Default 127.0.0.1: this machine only
   * (the local sign-in lets anyone in as anyone).
   */
  host?: string;
  /** Extra variables for the Remix server. */
  appEnv?: Record<string, string>;
  log?: (line: string) => void;
  /** Show the Remix server's own output. Default true. */
  inheritAppOutput?: boolean;
  /**
   * Also log every backend function call, every web request and the
   * libraries' banners (`npm run local -- --verbose`). Default false:
   * only start-up, failures and warnings of our own.
   */
  verbose?: boolean;
};

export type LocalStack = {
  appUrl: string;
  convexUrl: string;
  convexSiteUrl: string;
  replicateUrl: string;
  stripeUrl: string;
  adminKey: string;
  backend: LocalBackend;
  replicate: FakeReplicate;
  stripe: FakeStripe;
  seeded: string[];
  close(): Promise<void>;
};

/** Resolves when `port` can be bound on 127.0.0.1, else rejects with a clear message. */
export async function assertPortFree(
  port: number,
  envName: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `Port ${port} is already in use; set ${envName} to use another port, or stop the process using it.`,
            )
          : error,
      ),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/**
 * A backend log line about one function call that succeeded or was refused
 * with a contract code, e.g. "ws query models:getActiveModels 3ms ok" or
 * "... 2ms error UNAUTHENTICATED" (engine.ts): noise unless verbose.
 * Unexpected failures ("error: <message>") are always shown.
 */
const CALL_LINE = /^.+ \S+ [\w/.-]+:[\w.-]+ \d+ms (ok|error [A-Z_]+)$/;
/** remix-serve's per-request line (morgan "tiny"), e.g. "GET /create 200 - - 12.3 ms". */
const REQUEST_LINE = /^[A-Z]+ \S+ \d{3} /;
/** Banners libraries print at start-up (Clerk's maintenance notice). */
const BANNER = /Clerk - DEPRECATION WARNING/;

/**
 * Copies a child's output to ours, dropping per-request lines and banners
 * unless `verbose`.
 */
function forwardOutput(
  from: NodeJS.ReadableStream | null,
  to: NodeJS.WritableStream,
  verbose: boolean,
) {
  if (!from) return;
  from.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    if (verbose) return void to.write(text);
    if (BANNER.test(text)) return;
    const kept = text
      .split("\n")
      .filter((line) => !REQUEST_LINE.test(line))
      .join("\n");
    if (kept.trim()) to.write(kept);
  });
}

/** Runs a command to completion, rejecting on a non-zero exit. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: PROJECT_ROOT,
      env,
      stdio: "inherit",
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

/** Waits until `url` answers any HTTP status, or fails after `timeoutMs`. */
async function waitForHttp(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the web app exited with code ${child.exitCode}`);
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * The local sign-in's RS256 key, created once in the data folder (kept by
 * `--reset`), so restarting the web app does not invalidate signed-in
 * browsers' tokens.
 */
async function ensureSigningKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "local-auth-key.pem");
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await writeFile(file, privateKey.export({ type: "pkcs8", format: "pem" }), {
      mode: 0o600,
    });
  }
  return file;
}

/** Creates the example credit packages when the deployment has none. */
async function seedCreditPackages(url: string, adminKey: string) {
  const client = new ConvexHttpClient(url, { logger: false });
  (client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(
    adminKey,
  );
  await client.mutation(
    makeFunctionReference<"mutation">("purchases:seedCreditPackages"),
    { actor: "local-stack" },
  );
}

/** Starts every piece; `close()` stops them all. */
export async function startLocalStack(
  options: StackOptions = {},
): Promise<LocalStack> {
  const verbose = options.verbose ?? false;
  const baseLog = options.log ?? ((line: string) => console.log(line));
  const log = verbose
    ? baseLog
    : (line: string) => {
        if (!CALL_LINE.test(line.replace(/^\[convex\] /, ""))) baseLog(line);
      };
  const appPort = checkPort(options.appPort ?? 3000, "PORT");
  const replicatePort = checkPort(
    options.replicatePort ?? 8790,
    "FAKE_REPLICATE_PORT",
  );
  const convexPort = checkPort(options.convexPort ?? 3210, "CONVEX_LOCAL_PORT");
  const convexSitePort = checkPort(
    options.convexSitePort ?? 3211,
    "CONVEX_LOCAL_SITE_PORT",
  );
  const host = options.host ?? "127.0.0.1";
  const envFile =
    options.envFile ?? path.join(PROJECT_ROOT, "local", "convex.env");
  const functionEnv = parseEnvFile(readFileSync(envFile, "utf8"), envFile);
  const appUrl = `http://localhost:${appPort}`;
  await assertPortFree(appPort, "PORT");

  const replicate = await startFakeReplicate({
    port: replicatePort,
    apiToken: functionEnv.REPLICATE_API_TOKEN,
    webhookSecret: functionEnv.REPLICATE_WEBHOOK_SECRET,
    durationMs: options.replicateDurationMs ?? 6000,
  }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === "EADDRINUSE"
      ? new Error(
          `Port ${replicatePort} is already in use; set FAKE_REPLICATE_PORT to use another port.`,
        )
      : error;
  });
  const cleanups: (() => Promise<void>)[] = [() => replicate.close()];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch(() => undefined);
  };

  try {
    const stripePort = options.stripePort ?? 8791;
    const stripe = await startFakeStripe({
      port: stripePort,
      secretKey: functionEnv.STRIPE_SECRET_KEY,
      webhookSecret: functionEnv.STRIPE_WEBHOOK_SECRET,
      log: (line) => log(`[stripe] ${line}`),
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "EADDRINUSE"
        ? new Error(
            `Port ${stripePort} is already in use; set FAKE_STRIPE_PORT to use another port.`,
          )
        : error;
    });
    cleanups.push(() => stripe.close());
    // Variables that depend on this run's ports; the env file holds the rest.
    process.env.REPLICATE_API_BASE_URL = replicate.url;
    // Outputs are downloaded only from allowed hosts (ADR 0013): Replicate's
    // (or the env file's list) plus this run's fake.
    process.env.REPLICATE_OUTPUT_HOSTS = [
      functionEnv.REPLICATE_OUTPUT_HOSTS ?? DEFAULT_OUTPUT_HOSTS,
      replicate.origin,
    ].join(",");
    process.env.STRIPE_API_BASE_URL = stripe.url;
    process.env.SITE_URL = appUrl;
    process.env.LOCAL_AUTH_ISSUER = appUrl;
    const backend = await startLocalBackend({
      convexDir: path.join(PROJECT_ROOT, "convex"),
      port: convexPort,
      siteProxyPort: convexSitePort,
      dataDir: path.resolve(PROJECT_ROOT, options.dataDir ?? ".local-data"),
      envFile,
      reset: options.reset,
      log: (line) => log(`[convex] ${line}`),
      portEnvName: "CONVEX_LOCAL_PORT",
      siteProxyPortEnvName: "CONVEX_LOCAL_SITE_PORT",
    });
    cleanups.push(() => backend.close());

    // Stripe delivers its events to the backend's HTTP actions.
    stripe.setWebhookUrl(`${backend.siteUrl}/stripe/webhook`);

    const seeded = await seedWithAdminKey(backend.url, backend.adminKey);
    await seedCreditPackages(backend.url, backend.adminKey);
    const dataDir = path.resolve(
      PROJECT_ROOT,
      options.dataDir ?? ".local-data",
    );
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      path.join(dataDir, "stack.json"),
      JSON.stringify(
        {
          appUrl,
          convexUrl: backend.url,
          convexSiteUrl: backend.siteUrl,
          replicateUrl: replicate.url,
          stripeUrl: stripe.url,
          adminKey: backend.adminKey,
        },
        null,
        2,
      ),
      { mode: 0o600 },
    );

    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(appPort),
      CONVEX_URL: backend.url,
      LOCAL_AUTH_ISSUER: appUrl,
      SESSION_SECRET:
        process.env.SESSION_SECRET ??
        "local-stack-session-secret-not-for-production",
      LOCAL_AUTH_PRIVATE_KEY_FILE: await ensureSigningKey(dataDir),
      CLERK_PUBLISHABLE_KEY: "",
      CLERK_SECRET_KEY: "",
      // The app runs with NODE_ENV=production; the local sign-in is wanted here.
      ALLOW_LOCAL_SIGN_IN: "true",
      SESSION_DIR: path.join(dataDir, "sessions"),
      HOST: host,
      ...options.appEnv,
    };
    if (
      options.build !== false ||
      !existsSync(path.join(PROJECT_ROOT, "build", "index.js"))
    ) {
      log("Building the web app (remix build)…");
      await run(
        process.execPath,
        [
          path.join(PROJECT_ROOT, "node_modules/@remix-run/dev/dist/cli.js"),
          "build",
        ],
        appEnv,
      );
    }
    const app = spawn(
      process.execPath,
      [
        path.join(PROJECT_ROOT, "server.js"),
        path.join(PROJECT_ROOT, "build/index.js"),
      ],
      {
        cwd: PROJECT_ROOT,
        env: appEnv,
        stdio: options.inheritAppOutput === false ? "ignore" : "pipe",
      },
    );
    forwardOutput(app.stdout, process.stdout, verbose);
    forwardOutput(app.stderr, process.stderr, verbose);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          if (app.exitCode !== null) return resolve();
          app.once("exit", () => resolve());
          app.kill("SIGTERM");
        }),
    );
    // Ask the address it listens on ("localhost" may resolve to ::1 first).
    const probeHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
    await waitForHttp(
      `http://${probeHost.includes(":") ? `[${probeHost}]` : probeHost}:${appPort}`,
      app,
      30_000,
    );

    return {
      appUrl,
      convexUrl: backend.url,
      convexSiteUrl: backend.siteUrl,
      replicateUrl: replicate.url,
      stripeUrl: stripe.url,
      adminKey: backend.adminKey,
      backend,
      replicate,
      stripe,
      seeded: seeded.createdModelIds,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
