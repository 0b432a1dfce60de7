/**
 * Convex's WebSocket sync protocol (`/api/<client version>/sync`), as
 * `ConvexReactClient` / `ConvexClient` speak it: query subscriptions,
 * mutations, actions and authentication over one socket, with results
 * delivered as versioned Transitions.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { adminCaller, TokenRejected, type TokenVerifier } from "./auth.js";
import { ANONYMOUS, type Caller, type Engine, type Outcome } from "./engine.js";
import {
  decodeJournal,
  type LiveClient,
  type LiveQueryHub,
  type QueryModification,
  type Subscription,
} from "./live-queries.js";

/** What a sync connection needs from the server. */
export interface SyncDeps {
  engine: Engine;
  hub: LiveQueryHub;
  verifier: TokenVerifier;
  adminKey: string;
  log: (line: string) => void;
}

type QuerySetModification =
  | {
      type: "Add";
      queryId: number;
      udfPath: string;
      args: JSONValue[];
      journal?: unknown;
    }
  | { type: "Remove"; queryId: number };

type ClientMessage =
  | { type: "Connect"; sessionId: string; connectionCount: number }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: QuerySetModification[];
    }
  | { type: "Mutation"; requestId: number; udfPath: string; args: JSONValue[] }
  | { type: "Action"; requestId: number; udfPath: string; args: JSONValue[] }
  | {
      type: "Authenticate";
      tokenType: "User" | "Admin" | "None";
      value?: string;
      impersonating?: unknown;
      baseVersion: number;
    }
  | { type: "Event" };

interface Version {
  querySet: number;
  identity: number;
  ts: bigint;
}

/** The client drops a connection after 60 s without a message. */
const PING_INTERVAL_MS = 15_000;

/** Timestamps travel as u64 little-endian, base64-encoded. */
export function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString("base64");
}

const encodeVersion = (version: Version) => ({
  ...version,
  ts: encodeTs(version.ts),
});

/** A violation of the protocol by the client: reported as a FatalError. */
class ProtocolError extends Error {}

function argsOf(args: JSONValue[] | undefined): Record<string, Value> {
  return (jsonToConvex(args?.[0] ?? {}) ?? {}) as Record<string, Value>;
}

/** One client socket. Each connection starts a fresh version chain. */
class SyncConnection implements LiveClient {
  caller: Caller = ANONYMOUS;
  readonly subscriptions = new Map<number, Subscription>();
  private version: Version = { querySet: 0, identity: 0, ts: 0n };
  private queue: Promise<void> = Promise.resolve();
  private readonly ping: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SyncDeps,
  ) {
    deps.hub.add(this);
    this.ping = setInterval(
      () => this.send({ type: "Ping" }),
      PING_INTERVAL_MS,
    );
    ws.on("message", (data) => this.enqueue(data));
    ws.on("close", () => {
      clearInterval(this.ping);
      deps.hub.remove(this);
    });
  }

  sendTransition(
    modifications: QueryModification[],
    ts: bigint,
    change: Partial<Omit<Version, "ts">> = {},
  ): void {
    const start = this.version;
    const end: Version = {
      ...start,
      ...change,
      ts: ts > start.ts ? ts : start.ts,
    };
    this.version = end;
    this.send({
      type: "Transition",
      startVersion: encodeVersion(start),
      endVersion: encodeVersion(end),
      modifications,
    });
  }

  /** Messages are handled one at a time, in order (actions only start in order). */
  private enqueue(data: RawData): void {
    this.queue = this.queue
      .then(() => this.handle(JSON.parse(data.toString()) as ClientMessage))
      .catch((error: unknown) => this.fail(error));
  }

  private async handle(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case "ModifyQuerySet":
        return await this.deps.hub.exclusive(() =>
          this.modifyQuerySet(message),
        );
      case "Authenticate":
        return await this.authenticate(message);
      case "Mutation":
        return await this.mutation(message);
      case "Action":
        // Actions run concurrently, with the identity they were sent with.
        void this.action(message, this.caller);
        return;
      case "Connect":
      case "Event":
        return;
      default:
        throw new ProtocolError(
          `Unknown message type ${(message as { type: string }).type}`,
        );
    }
  }

  private async modifyQuerySet(
    message: Extract<ClientMessage, { type: "ModifyQuerySet" }>,
  ): Promise<void> {
    if (message.baseVersion !== this.version.querySet) {
      throw new ProtocolError(
        `Query set base version ${message.baseVersion} does not match the server's ${this.version.querySet}`,
      );
    }
    const ts = this.deps.engine.internals.lastCommitTs();
    const modifications: QueryModification[] = [];
    for (const change of message.modifications) {
      if (change.type === "Remove") {
        this.subscriptions.delete(change.queryId);
        modifications.push({ type: "QueryRemoved", queryId: change.queryId });
        continue;
      }
      const subscription: Subscription = {
        queryId: change.queryId,
        path: change.udfPath,
        args: argsOf(change.args),
        argsKey: JSON.stringify(change.args?.[0] ?? {}),
        endCursor: decodeJournal(change.journal),
        tables: null,
      };
      this.subscriptions.set(change.queryId, subscription);
      const modification = await this.deps.hub.refresh(
        this.caller,
        subscription,
        { always: true },
      );
      if (modification !== null) modifications.push(modification);
    }
    this.sendTransition(modifications, ts, { querySet: message.newVersion });
  }

  private async authenticate(
    message: Extract<ClientMessage, { type: "Authenticate" }>,
  ): Promise<void> {
    let caller: Caller;
    try {
      // Verified before taking the hub's lock: fetching an issuer's keys may be slow.
      if (message.tokenType === "User") {
        caller = {
          admin: false,
          identity: await this.deps.verifier.verify(message.value ?? ""),
        };
      } else if (message.tokenType === "Admin") {
        caller = adminCaller(
          message.value ?? "",
          this.deps.adminKey,
          message.impersonating,
        );
      } else {
        caller = ANONYMOUS;
      }
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      this.deps.log(`ws auth rejected: ${error.message}`);
      this.send({
        type: "AuthError",
        error: error.message,
        baseVersion: message.baseVersion,
        authUpdateAttempted: true,
      });
      return;
    }
    await this.deps.hub.exclusive(async () => {
      this.caller = caller;
      const ts = this.deps.engine.internals.lastCommitTs();
      const modifications: QueryModification[] = [];
      for (const subscription of this.subscriptions.values()) {
        const modification = await this.deps.hub.refresh(caller, subscription);
        if (modification !== null) modifications.push(modification);
      }
      // Accepting the token is a Transition to identity version baseVersion + 1.
      this.sendTransition(modifications, ts, {
        identity: message.baseVersion + 1,
      });
    });
  }

  private async mutation(
    message: Extract<ClientMessage, { type: "Mutation" }>,
  ): Promise<void> {
    const outcome = await this.run("mutation", message, this.caller);
    const ts = this.deps.engine.internals.lastCommitTs();
    this.send({
      type: "MutationResponse",
      requestId: message.requestId,
      ...responseFields(outcome),
      ...(outcome.success ? { ts: encodeTs(ts) } : {}),
    });
    // The mutation's promise resolves on the next Transition at or after its
    // timestamp, which carries the query results that reflect it.
    if (outcome.success) await this.deps.hub.flush(this);
  }

  private async action(
    message: Extract<ClientMessage, { type: "Action" }>,
    caller: Caller,
  ): Promise<void> {
    try {
      const outcome = await this.run("action", message, caller);
      // Subscribers see the action's writes no later than its caller sees its result.
      await this.deps.hub.flush();
      this.send({
        type: "ActionResponse",
        requestId: message.requestId,
        ...responseFields(outcome),
      });
    } catch (error) {
      this.fail(error);
    }
  }

  private run(
    kind: "mutation" | "action",
    message: { udfPath: string; args: JSONValue[] },
    caller: Caller,
  ): Promise<Outcome> {
    return this.deps.engine.call({
      kind,
      path: message.udfPath,
      args: argsOf(message.args),
      caller,
      source: "ws",
    });
  }

  private send(message: Record<string, unknown>): void {
    if (this.ws.readyState === this.ws.OPEN)
      this.ws.send(JSON.stringify(message));
  }

  /** Reports a broken message to the client (which then gives up on the socket) and closes. */
  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.log(`ws fatal error: ${message}`);
    this.send({ type: "FatalError", error: message });
    this.ws.close(1011, "FatalError");
  }
}

function responseFields(outcome: Outcome): Record<string, unknown> {
  return outcome.success
    ? { success: true, result: outcome.value, logLines: [] }
    : {
        success: false,
        result: outcome.errorMessage,
        errorData: outcome.errorData,
        logLines: [],
      };
}

/** The sync endpoint: takes WebSocket upgrades, closes every socket on shutdown. */
export interface SyncServer {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/** Serves the sync protocol on upgrades to `/api/<client version>/sync`. */
export function createSyncServer(deps: SyncDeps): SyncServer {
  const wss = new WebSocketServer({ noServer: true });
  wss.on("connection", (ws: WebSocket) => new SyncConnection(ws, deps));
  return {
    handleUpgrade(request, socket, head) {
      const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
      if (!/^\/api\/[^/]+\/sync$/.test(pathname)) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) =>
        wss.emit("connection", ws, request),
      );
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
