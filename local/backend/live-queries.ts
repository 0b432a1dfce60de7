/**
 * Live query results: re-runs subscribed queries after writes and hands each
 * connection the results that changed.
 *
 * Every committed write (from any source: client mutations, actions,
 * scheduled functions, crons, HTTP actions) marks the tables it wrote dirty.
 * Shortly after (debounced), or at once when a mutation needs its
 * acknowledgement, the queries that read a dirty table are re-run, each with
 * its connection's identity; identical queries of the same identity run
 * once per pass.
 */
import type { JSONValue, Value } from "convex/values";
import type { Caller, Engine, Outcome } from "./engine.js";
import {
  qualifiedTable,
  tableOfId,
  type CommittedWrites,
  type PageJournal,
} from "./internals.js";

/** One query a connection subscribed to. */
export interface Subscription {
  queryId: number;
  path: string;
  args: Record<string, Value>;
  /** The args as JSON text, to recognise identical queries. */
  argsKey: string;
  /** The end cursor pinning the query's page after its first run (its journal). */
  endCursor: string | null;
  /** Tables read by the last run; null re-runs it after any write. */
  tables: Set<string> | null;
  /** The last result sent, as JSON text. */
  lastResult?: string;
}

/** A query modification of a `Transition` message. */
export type QueryModification =
  | {
      type: "QueryUpdated";
      queryId: number;
      value: JSONValue;
      logLines: string[];
      journal: string | null;
    }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      errorData?: JSONValue;
      logLines: string[];
      journal: string | null;
    }
  | { type: "QueryRemoved"; queryId: number };

/** What the hub needs from a sync connection. */
export interface LiveClient {
  readonly caller: Caller;
  readonly subscriptions: Map<number, Subscription>;
  /** Sends a Transition with these modifications, at (at least) timestamp `ts`. */
  sendTransition(modifications: QueryModification[], ts: bigint): void;
}

interface LiveRun {
  outcome: Outcome;
  tables: Set<string> | null;
  observedCursor?: string;
}

/** Journals travel to the client and back on reconnect as opaque strings. */
export function encodeJournal(endCursor: string | null): string | null {
  return endCursor === null ? null : JSON.stringify({ endCursor });
}

/** Reads a journal sent back by a client; unknown shapes start a fresh page. */
export function decodeJournal(journal: unknown): string | null {
  if (typeof journal !== "string") return null;
  try {
    const { endCursor } = JSON.parse(journal) as { endCursor?: unknown };
    return typeof endCursor === "string" ? endCursor : null;
  } catch {
    return null;
  }
}

/** Keeps every connection's subscriptions up to date. */
export class LiveQueryHub {
  private readonly clients = new Set<LiveClient>();
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly stopListening: () => void;

  /**
   * @param log Receives errors of debounced re-runs.
   * @param debounceMs Delay between a write and the re-run it triggers.
   */
  constructor(
    private readonly engine: Engine,
    private readonly log: (line: string) => void,
    private readonly debounceMs = 5,
  ) {
    this.stopListening = engine.internals.onCommit((writes) =>
      this.markDirty(writes),
    );
  }

  /** Starts keeping a connection's subscriptions up to date. */
  add(client: LiveClient): void {
    this.clients.add(client);
  }

  /** Forgets a closed connection. */
  remove(client: LiveClient): void {
    this.clients.delete(client);
  }

  /** Stops listening for writes. */
  close(): void {
    this.stopListening();
    clearTimeout(this.timer);
  }

  /**
   * Runs `fn` after every other exclusive task: all work that sends
   * Transitions goes through here, so versions chain and results never go
   * out of order.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Re-runs the queries affected by writes so far and sends the changes. With
   * `acknowledge`, that connection gets a Transition even if nothing changed
   * (a mutation's promise resolves on the Transition after its response).
   */
  flush(acknowledge?: LiveClient): Promise<void> {
    return this.exclusive(() => this.rerun(acknowledge));
  }

  /**
   * Runs a subscription's query with the caller's identity and returns its
   * modification, or null when the result is the one last sent (unless
   * `always`). `cache` shares runs between identical subscriptions.
   */
  async refresh(
    caller: Caller,
    subscription: Subscription,
    options: { always?: boolean; cache?: Map<string, Promise<LiveRun>> } = {},
  ): Promise<QueryModification | null> {
    const key = JSON.stringify([
      caller,
      subscription.path,
      subscription.argsKey,
      subscription.endCursor,
    ]);
    let run = options.cache?.get(key);
    if (run === undefined) {
      run = this.run(caller, subscription);
      options.cache?.set(key, run);
    }
    const { outcome, tables, observedCursor } = await run;
    subscription.tables = tables;
    if (subscription.endCursor === null && observedCursor !== undefined) {
      subscription.endCursor = observedCursor;
    }
    const serialized = JSON.stringify(outcome);
    if (!options.always && serialized === subscription.lastResult) return null;
    subscription.lastResult = serialized;
    const journal = encodeJournal(subscription.endCursor);
    const { queryId } = subscription;
    return outcome.success
      ? {
          type: "QueryUpdated",
          queryId,
          value: outcome.value,
          logLines: [],
          journal,
        }
      : {
          type: "QueryFailed",
          queryId,
          errorMessage: outcome.errorMessage,
          errorData: outcome.errorData,
          logLines: [],
          journal,
        };
  }

  private async run(
    caller: Caller,
    subscription: Subscription,
  ): Promise<LiveRun> {
    const journal: PageJournal = { endCursor: subscription.endCursor };
    const { outcome, tables } = await this.engine.runLiveQuery(
      {
        path: subscription.path,
        args: subscription.args,
        caller,
        source: "ws",
      },
      journal,
    );
    return { outcome, tables, observedCursor: journal.observed };
  }

  private markDirty(writes: CommittedWrites): void {
    for (const [componentPath, docs] of writes) {
      for (const id of Object.keys(docs))
        this.dirty.add(qualifiedTable(componentPath, tableOfId(id)));
    }
    // Not reset by later writes, so a stream of writes cannot starve readers.
    this.timer ??= setTimeout(() => {
      this.flush().catch((error: unknown) => {
        this.log(`live queries: re-run failed: ${String(error)}`);
      });
    }, this.debounceMs);
  }

  private async rerun(acknowledge?: LiveClient): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const dirty = this.dirty;
    this.dirty = new Set();
    // Read before running: results reflect at least this timestamp.
    const ts = this.engine.internals.lastCommitTs();
    const cache = new Map<string, Promise<LiveRun>>();
    for (const client of this.clients) {
      const modifications: QueryModification[] = [];
      for (const subscription of dirty.size > 0
        ? client.subscriptions.values()
        : []) {
        const { tables } = subscription;
        if (tables !== null && ![...tables].some((table) => dirty.has(table)))
          continue;
        const modification = await this.refresh(client.caller, subscription, {
          cache,
        });
        if (modification !== null) modifications.push(modification);
      }
      if (modifications.length > 0 || client === acknowledge) {
        client.sendTransition(modifications, ts);
      }
    }
  }
}
