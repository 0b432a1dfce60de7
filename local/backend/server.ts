/**
 * A local Convex backend: the project's `convex/` functions in a convex-test
 * engine, served over Convex's HTTP API and WebSocket sync protocol (so the
 * unmodified Convex clients work), with HTTP actions on a second port, crons,
 * real file-storage URLs and data kept across restarts.
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { TokenVerifier } from "./auth.js";
import { startCrons } from "./cron-runner.js";
import { Engine } from "./engine.js";
import { applyEnvFile } from "./env-file.js";
import { handleApiRequest } from "./http-api.js";
import { sendJson } from "./http-util.js";
import { LiveQueryHub } from "./live-queries.js";
import { loadAuthConfig, loadConvexFolder } from "./modules.js";
import { clearDataDir, Persistence } from "./persistence.js";
import { logScheduledRuns, resumeScheduledFunctions } from "./scheduled.js";
import { handleSiteRequest } from "./site.js";
import { createSyncServer } from "./sync.js";
import { installLongTimeouts } from "./timers.js";
import { checkVersions } from "./versions.js";

/** Options of {@link startLocalBackend}. */
export interface LocalBackendOptions {
  /** The Convex functions folder to serve. */
  convexDir: string;
  /** Port of the deployment URL (HTTP API, sync, storage); 0 picks a free one. Default 3210. */
  port?: number;
  /** Port of the HTTP-actions origin; 0 picks a free one. Default 3211. */
  siteProxyPort?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Folder for the snapshot, stored files and `admin-key`. Default `<cwd>/.local-data`. */
  dataDir?: string;
  /** `KEY=VALUE` file of the deployment's environment variables (keep it outside `dataDir`). */
  envFile?: string;
  /** Admin key for internal functions; generated (and written to `<dataDir>/admin-key`) if absent. */
  adminKey?: string;
  /** Start empty: delete the snapshot and stored files first. */
  reset?: boolean;
  /** Receives one line per function call and event. Default: console.log with a prefix. */
  log?: (line: string) => void;
  /** Name of the env var that sets `port`, for the "port in use" message. */
  portEnvName?: string;
  /** Name of the env var that sets `siteProxyPort`, for the "port in use" message. */
  siteProxyPortEnvName?: string;
}

/** A running local backend. */
export interface LocalBackend {
  /** The deployment URL for `ConvexReactClient`/`ConvexHttpClient` (`CONVEX_URL`). */
  url: string;
  /** The HTTP-actions origin (`CONVEX_SITE_URL`). */
  siteUrl: string;
  /** Send as `Authorization: Convex <adminKey>` (`ConvexHttpClient.setAdminAuth`). */
  adminKey: string;
  engine: Engine;
  /** The data on disk: `durable()`, `compact()`, write statistics. */
  persistence: Persistence;
  /** Closes sockets, stops crons and timers, writes the final snapshot. */
  close(): Promise<void>;
}

type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<void>;

/** Request handlers of both ports, available once the backend is ready. */
interface Handlers {
  api: Handler;
  site: Handler;
  upgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

/** Listens, turning EADDRINUSE into a message that says how to pick another port. */
function listen(
  server: Server,
  port: number,
  host: string,
  envName: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `Port ${port} is already in use; set ${envName} to use another port, or stop the process using it.`,
            )
          : error,
      );
    });
    server.listen(port, host, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

/** Serves requests once the backend is ready; requests that arrive earlier wait. */
function serve(
  ready: Promise<Handlers>,
  pick: (handlers: Handlers) => Handler,
  log: (line: string) => void,
): Server {
  return createServer((request, response) => {
    ready
      .then((handlers) => pick(handlers)(request, response))
      .catch((error: unknown) => {
        log(`${request.method} ${request.url} failed: ${String(error)}`);
        if (!response.headersSent)
          sendJson(response, 500, {
            code: "InternalServerError",
            message: String(error),
          });
        else response.destroy();
      });
  });
}

function urlOf(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Starts a local backend for a Convex folder. Sets `CONVEX_CLOUD_URL` and
 * `CONVEX_SITE_URL` (as the real backend does) and the env file's variables
 * on `process.env` for the functions to read.
 */
export async function startLocalBackend(
  options: LocalBackendOptions,
): Promise<LocalBackend> {
  const log =
    options.log ?? ((line: string) => console.log(`[convex] ${line}`));
  checkVersions(log);
  installLongTimeouts();
  const host = options.host ?? "127.0.0.1";
  const dataDir = path.resolve(options.dataDir ?? ".local-data");
  const adminKey =
    options.adminKey ?? `local-admin-${randomBytes(24).toString("hex")}`;

  let resolveReady!: (handlers: Handlers) => void;
  let rejectReady!: (error: unknown) => void;
  const ready = new Promise<Handlers>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);
  const apiServer = serve(ready, (handlers) => handlers.api, log);
  const siteServer = serve(ready, (handlers) => handlers.site, log);
  apiServer.on(
    "upgrade",
    (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      ready
        .then((handlers) => handlers.upgrade(request, socket, head))
        .catch(() => socket.destroy());
    },
  );
  const closeServers = () => {
    for (const server of [apiServer, siteServer]) {
      server.closeAllConnections();
      server.close();
    }
  };

  try {
    const port = await listen(
      apiServer,
      options.port ?? 3210,
      host,
      options.portEnvName ?? "the port option",
    );
    const sitePort = await listen(
      siteServer,
      options.siteProxyPort ?? 3211,
      host,
      options.siteProxyPortEnvName ?? "the siteProxyPort option",
    );
    // Only once both ports are ours: a second instance that fails to start
    // must not wipe or re-key the data of the one already running.
    if (options.reset) await clearDataDir(dataDir);
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, "admin-key"), adminKey, { mode: 0o600 });
    const url = urlOf(host, port);
    const siteUrl = urlOf(host, sitePort);
    if (options.envFile !== undefined) {
      const names = await applyEnvFile(options.envFile);
      log(`env: ${names.length} variable(s) from ${options.envFile}`);
    }
    // Built-in variables of every deployment; set last so a file cannot override them.
    process.env.CONVEX_CLOUD_URL = url;
    process.env.CONVEX_SITE_URL = siteUrl;

    const folder = await loadConvexFolder(options.convexDir);
    const verifier = new TokenVerifier(await loadAuthConfig(folder.dir));
    const engine = await Engine.create(folder, log);
    engine.internals.storageOrigin = url;
    const persistence = new Persistence(engine.internals, dataDir, log);
    await persistence.start();
    // A caller hears back only once what its call committed is on disk.
    engine.beforeAcknowledge = () => persistence.durable();
    const stopLoggingScheduled = logScheduledRuns(engine, log);
    const stopScheduled = await resumeScheduledFunctions(engine, log);
    const hub = new LiveQueryHub(engine, log);
    const sync = createSyncServer({ engine, hub, verifier, adminKey, log });
    const stopCrons = startCrons(engine, log);
    resolveReady({
      api: (request, response) =>
        handleApiRequest({ engine, verifier, adminKey }, request, response),
      site: (request, response) =>
        handleSiteRequest({ engine, verifier, log }, request, response),
      upgrade: (request, socket, head) =>
        sync.handleUpgrade(request, socket, head),
    });
    log(
      `ready: ${folder.functionModules.size} module(s) from ${folder.dir}; API ${url}, HTTP actions ${siteUrl}`,
    );

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        stopCrons();
        stopScheduled();
        stopLoggingScheduled();
        sync.close();
        hub.close();
        closeServers();
        await persistence.close();
      })());
    return { url, siteUrl, adminKey, engine, persistence, close };
  } catch (error) {
    rejectReady(error);
    closeServers();
    throw error;
  }
}
