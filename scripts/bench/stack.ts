/**
 * The whole local product for the bench (`local/stack.ts`: fake Replicate
 * and Stripe, the local backend running `convex/`, the built Remix app),
 * on ports of its own, with empty data, users signed in through the app's
 * local sign-in, WebSocket clients whose frames are counted, and every
 * function execution the backend starts.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConvexClient } from "convex/browser";
import WebSocket from "ws";
import { api } from "../../convex/_generated/api";
import { waitFor } from "../../local/backend/clients";
import type { FunctionRun } from "../../local/backend/internals";
import {
  PROJECT_ROOT,
  startLocalStack,
  type LocalStack,
} from "../../local/stack";

/** First of the bench's ports (app; +10 backend, +11 its HTTP actions, +20 Replicate, +30 Stripe). */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3400);

/** Every frame a tapped WebSocket client received, and what it subscribed to. */
export type Tap = {
  /** Received frames: arrival (epoch ms), size in bytes, parsed message. */
  frames: { at: number; bytes: number; message: ServerMessage }[];
  /** queryId → function path, from the client's `ModifyQuerySet` messages. */
  queries: Map<number, string>;
};

/** The parts of the sync protocol's server messages the bench reads. */
export type ServerMessage = {
  type: string;
  modifications?: { type: string; queryId: number; value?: unknown }[];
};

/** A function execution the backend started, nested ones included. */
export type Execution = FunctionRun;

export type BenchStack = LocalStack & {
  /** Signs `email` in through the app; its WebSocket frames are tapped. */
  signIn(email: string): Promise<Session>;
  /** Function executions since the last `takeExecutions()`. */
  takeExecutions(): Execution[];
  close(): Promise<void>;
};

export type Session = {
  client: ConvexClient;
  tap: Tap;
  /** The app's session cookie (`Cookie:` header value). */
  cookie: string;
};

/** A `ws` WebSocket that records what it sends and receives into `tap`. */
function tappedWebSocket(tap: Tap) {
  return class TappedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on("message", (data: Buffer) => {
        tap.frames.push({
          at: Date.now(),
          bytes: data.length,
          message: JSON.parse(data.toString("utf8")) as ServerMessage,
        });
      });
    }
    override send(data: string) {
      const message = JSON.parse(data) as {
        type: string;
        modifications?: { type: string; queryId: number; udfPath?: string }[];
      };
      if (message.type === "ModifyQuerySet")
        for (const change of message.modifications ?? [])
          if (change.type === "Add" && change.udfPath)
            tap.queries.set(change.queryId, change.udfPath);
      super.send(data);
    }
  };
}

/** Starts the stack on the existing build (`remix build` first when there is none). */
export async function startBenchStack(): Promise<BenchStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "bench-"));
  // The local stack's own variables, with room for many videos.
  const envFile = path.join(dataDir, "..", `${path.basename(dataDir)}.env`);
  await writeFile(
    envFile,
    `${await readFile(path.join(PROJECT_ROOT, "local", "convex.env"), "utf8")}
STARTER_CREDITS=100000000
CREATE_VIDEO_RATE_LIMIT=1000000
`,
  );
  let executions: Execution[] = [];
  const stack = await startLocalStack({
    appPort: PORT_BASE,
    convexPort: PORT_BASE + 10,
    convexSitePort: PORT_BASE + 11,
    replicatePort: PORT_BASE + 20,
    stripePort: PORT_BASE + 30,
    dataDir,
    reset: true,
    build: false,
    envFile,
    inheritAppOutput: false,
    verbose: true,
    log: (line) => {
      if (process.env.BENCH_DEBUG || /error|fail|warn/i.test(line))
        console.log(
          `  (stack ${new Date().toISOString().slice(11, 23)}) ${line}`,
        );
    },
  });
  const stopCounting = stack.backend.engine.internals.onFunctionRun((run) =>
    executions.push(run),
  );
  const clients: ConvexClient[] = [];

  async function signIn(email: string): Promise<Session> {
    const signedIn = await fetch(`${stack.appUrl}/sign-in`, {
      method: "POST",
      headers: { Origin: stack.appUrl },
      body: new URLSearchParams({ email, name: email.split("@")[0] }),
      redirect: "manual",
    });
    const cookie = signedIn.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .join("; ");
    if (cookie === "")
      throw new Error(`sign-in as ${email}: ${signedIn.status}`);
    const token = async () => {
      const response = await fetch(`${stack.appUrl}/auth/token`, {
        headers: { Cookie: cookie },
      });
      return ((await response.json()) as { token: string | null }).token;
    };
    const tap: Tap = { frames: [], queries: new Map() };
    const client = new ConvexClient(stack.convexUrl, {
      webSocketConstructor: tappedWebSocket(
        tap,
      ) as unknown as typeof globalThis.WebSocket,
      logger: false,
    });
    clients.push(client);
    let authenticated = false;
    client.setAuth(token, (isAuthenticated) => {
      authenticated = isAuthenticated;
    });
    await waitFor(() => (authenticated ? true : undefined), 10_000, "auth");
    await client.mutation(api.users.store, {});
    return { client, tap, cookie };
  }

  return {
    ...stack,
    signIn,
    takeExecutions() {
      const taken = executions;
      executions = [];
      return taken;
    },
    async close() {
      stopCounting();
      for (const client of clients) await client.close();
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(envFile, { force: true });
    },
  };
}
