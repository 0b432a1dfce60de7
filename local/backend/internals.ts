/**
 * Access to convex-test's private in-memory state (checked against
 * convex-test 0.0.60). convex-test keeps its database, transaction manager and
 * syscalls in an object it only ever passes to `AsyncLocalStorage.run`; this
 * module catches that object once and installs the hooks the server needs:
 * commit notifications, read tracking, real storage URLs and pagination
 * journals.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** A stored document, as convex-test holds it. */
export type StoredDoc = Record<string, unknown> & {
  _id: string;
  _creationTime: number;
};

/** The parts of convex-test's `DatabaseFake` this server reads or wraps. */
export interface FakeDatabase {
  _documents: Record<string, StoredDoc>;
  _storage: Record<string, Blob>;
  _nextDocId: number;
  _lastCreationTime: number;
  _writes: Record<string, StoredDoc | null>[];
  commit(commitTs?: bigint | null): void;
  storeFile(storageId: string, blob: Blob): void;
  get(tableName: string | undefined, id: string): StoredDoc | null;
  patch(tableName: string, id: string, value: Record<string, unknown>): void;
  _iterateDocs(tableName: string, callback: (doc: StoredDoc) => void): void;
}

/** The parts of convex-test's `TransactionManager` this server reads or wraps. */
export interface FakeTransactionManager {
  _lastCommitTs: bigint;
  /** Settles when the open top-level transaction ends; null when none is open. */
  _waitOnCurrentFunction: Promise<void> | null;
  /** Commits the current transaction level of every component; null for a nested one. */
  commit(isNested: boolean): bigint | null;
}

type AsyncSyscall = (op: string, jsonArgs: string) => Promise<string>;
type JsSyscall = (
  op: string,
  args: Record<string, unknown>,
) => Promise<unknown>;

interface FakeGlobal {
  components: Record<string, { db: FakeDatabase }>;
  transactionManager: FakeTransactionManager;
  asyncSyscall: AsyncSyscall;
  jsSyscall: JsSyscall;
}

/** Writes of one committed top-level transaction in one component: document id → new value (null = deleted). */
export type DocumentWrites = Record<string, StoredDoc | null>;

/**
 * Writes of one committed top-level transaction, by component path (`""` is
 * the app; ids of different components may coincide).
 */
export type CommittedWrites = Map<string, DocumentWrites>;

/** The root component's path. */
export const ROOT = "";

/**
 * A table's name across components: the app's tables keep their names, a
 * component's are prefixed with its path (`rateLimiter/rateLimits`).
 */
export function qualifiedTable(componentPath: string, table: string): string {
  return componentPath === ROOT ? table : `${componentPath}/${table}`;
}

/** Per-run pagination journal: the end cursor a live query's page is pinned to. */
export interface PageJournal {
  /** End cursor to apply to the query's `.paginate()`, null on the first run. */
  endCursor: string | null;
  /** The page's `continueCursor` seen during this run. */
  observed?: string;
}

/** One function execution, at its start. */
export interface FunctionRun {
  /** `query`, `mutation`, `action` or `http`. */
  udfType: string;
  /** `module:function`. */
  udfPath: string;
  /** `""` for the app, else the component's path. */
  componentPath: string;
  /**
   * The top-level call it descends from, through `ctx.run*` and scheduled
   * functions alike: `"<source> <kind>"` of the engine call (`ws query`,
   * `cron(<job>) mutation`…) or `http-action`; undefined when unknown.
   */
  origin?: string;
}

/** convex-test's per-execution context, which it passes to `AsyncLocalStorage.run`. */
function isExecutionContext(store: unknown): store is FunctionRun {
  if (typeof store !== "object" || store === null) return false;
  const candidate = store as Partial<FunctionRun> & { depth?: unknown };
  return (
    typeof candidate.udfType === "string" &&
    typeof candidate.udfPath === "string" &&
    typeof candidate.componentPath === "string" &&
    typeof candidate.depth === "number"
  );
}

/** Table a convex-test id belongs to: the id is digits followed by the table name. */
export function tableOfId(id: string): string {
  return id.replace(/^[0-9]+/, "");
}

function isFakeGlobal(store: unknown): store is FakeGlobal {
  if (typeof store !== "object" || store === null) return false;
  const candidate = store as Partial<FakeGlobal>;
  const root = candidate.components?.[""];
  return (
    root !== undefined &&
    typeof root.db?.commit === "function" &&
    typeof root.db._documents === "object" &&
    typeof candidate.transactionManager?._lastCommitTs === "bigint" &&
    typeof candidate.asyncSyscall === "function" &&
    typeof candidate.jsSyscall === "function"
  );
}

/**
 * Makes every `AsyncLocalStorage.run` show its store to `see` first (convex-test
 * passes its state and each function's execution context that way only).
 * Returns the function that undoes it.
 */
function watchAsyncLocalStorageRuns(see: (store: unknown) => void): () => void {
  type Run = (
    store: unknown,
    callback: (...args: unknown[]) => unknown,
    ...args: unknown[]
  ) => unknown;
  const prototype = AsyncLocalStorage.prototype as unknown as { run: Run };
  const originalRun = prototype.run;
  prototype.run = function (this: unknown, store, callback, ...args) {
    see(store);
    return originalRun.call(this, store, callback, ...args);
  };
  return () => {
    prototype.run = originalRun;
  };
}

/** convex-test states already hooked by an EngineInternals. */
const attachedGlobals = new WeakSet<FakeGlobal>();

/**
 * Runs `probe` (a call into the convex-test accessor) and returns the global
 * state object convex-test passes to `AsyncLocalStorage.run` while doing so.
 * States already attached are passed over: another engine in this process
 * may run a function while the probe runs.
 */
async function catchFakeGlobal(
  probe: () => Promise<unknown>,
): Promise<FakeGlobal> {
  let caught: FakeGlobal | undefined;
  const restore = watchAsyncLocalStorageRuns((store) => {
    if (
      caught === undefined &&
      isFakeGlobal(store) &&
      !attachedGlobals.has(store)
    )
      caught = store;
  });
  try {
    await probe();
  } finally {
    restore();
  }
  if (caught === undefined) {
    throw new Error(
      "Could not reach convex-test's internal state; this local backend supports convex-test 0.0.60.",
    );
  }
  attachedGlobals.add(caught);
  return caught;
}

/** Hooks into one convex-test instance. */
export class EngineInternals {
  /** The app's database. */
  readonly db: FakeDatabase;
  readonly transactions: FakeTransactionManager;
  private readonly components: FakeGlobal["components"];
  private readonly hooked = new WeakSet<FakeDatabase>();
  private readonly commitListeners = new Set<
    (writes: CommittedWrites, ts: bigint) => void
  >();
  private readonly fileListeners = new Set<
    (componentPath: string, storageId: string, blob: Blob) => void
  >();
  private readonly readTracker = new AsyncLocalStorage<Set<string>>();
  private readonly origins = new AsyncLocalStorage<string>();
  private readonly runListeners = new Set<(run: FunctionRun) => void>();
  private restoreRun: (() => void) | undefined;
  private readonly journals = new AsyncLocalStorage<PageJournal>();
  private readonly uploadTokens = new Map<string, number>();
  /** Set while the server itself stores a file inside its own transaction (`storeInTransaction`). */
  private readonly ownStorageTransaction = new AsyncLocalStorage<true>();
  /**
   * Runs a callback in the context this object was created in. Writes can
   * happen inside a function's handler, where convex-test blocks
   * `setTimeout`; listeners run outside it, and so do the timers they start.
   */
  private readonly outsideHandlers = AsyncLocalStorage.snapshot();
  /** Origin that storage URLs point at, e.g. `http://127.0.0.1:3210`. */
  storageOrigin = "http://127.0.0.1:3210";

  private constructor(
    fake: FakeGlobal,
    private readonly log: (line: string) => void,
  ) {
    this.components = fake.components;
    this.db = fake.components[ROOT].db;
    this.transactions = fake.transactionManager;
    for (const [componentPath, { db }] of this.databases())
      this.wrapDatabase(componentPath, db);
    this.wrapCommit();
    this.wrapSyscalls(fake);
  }

  /**
   * Catches the state of the convex-test instance `probe` calls into, and
   * hooks it. `log` receives errors thrown by listeners.
   */
  static async attach(
    probe: () => Promise<unknown>,
    log: (line: string) => void,
  ): Promise<EngineInternals> {
    return new EngineInternals(await catchFakeGlobal(probe), log);
  }

  /** Every component's database by path, the app's (`""`) first. */
  databases(): [string, { db: FakeDatabase }][] {
    return Object.entries(this.components);
  }

  /** The database of a component path; throws for an unknown one. */
  database(componentPath: string): FakeDatabase {
    const component = this.components[componentPath];
    if (component === undefined)
      throw new Error(`Unknown component "${componentPath}"`);
    return component.db;
  }

  /**
   * Subscribes to committed top-level transactions that wrote something,
   * with their commit timestamp. Listeners run synchronously, right after the
   * commit and before the function's caller gets its result.
   */
  onCommit(
    listener: (writes: CommittedWrites, ts: bigint) => void,
  ): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Subscribes to file bytes being stored (they land after the `_storage` row commits). */
  onFileStored(
    listener: (componentPath: string, storageId: string, blob: Blob) => void,
  ): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  /**
   * Runs a top-level call under its source, which the executions it causes
   * (nested calls, scheduled functions) report as their `origin`.
   */
  withOrigin<T>(source: string, fn: () => Promise<T>): Promise<T> {
    return this.origins.run(source, fn);
  }

  /**
   * Subscribes to every function execution, nested ones included
   * (`ctx.runQuery`/`runMutation`/`runAction`, calls into components,
   * scheduled functions), for measurements (`npm run bench`). While a
   * listener is subscribed, `AsyncLocalStorage.prototype.run` is wrapped to
   * see the execution context convex-test starts each function with.
   */
  onFunctionRun(listener: (run: FunctionRun) => void): () => void {
    this.runListeners.add(listener);
    this.restoreRun ??= watchAsyncLocalStorageRuns((store) => {
      // `t.run` bodies (udfPath "custom" or "inline") are the server's own
      // bookkeeping, not functions.
      if (
        !isExecutionContext(store) ||
        store.udfPath === "custom" ||
        store.udfPath === "inline"
      )
        return;
      const run: FunctionRun = {
        udfType: store.udfType,
        udfPath: store.udfPath,
        componentPath: store.componentPath,
        origin: this.origins.getStore(),
      };
      for (const listener of this.runListeners) listener(run);
    });
    return () => {
      this.runListeners.delete(listener);
      if (this.runListeners.size === 0) {
        this.restoreRun?.();
        this.restoreRun = undefined;
      }
    };
  }

  /** Runs `fn` and returns the tables the database was read from while it ran. */
  async trackReads<T>(
    fn: () => Promise<T>,
  ): Promise<{ result: T; tables: Set<string> }> {
    const tables = new Set<string>();
    const result = await this.readTracker.run(tables, fn);
    return { result, tables };
  }

  /** Runs `fn` with its `.paginate()` pinned to the journal's end cursor. */
  withJournal<T>(journal: PageJournal, fn: () => Promise<T>): Promise<T> {
    return this.journals.run(journal, fn);
  }

  /** The latest commit timestamp, in nanoseconds. */
  lastCommitTs(): bigint {
    return this.transactions._lastCommitTs;
  }

  /** Consumes an upload token issued by `generateUploadUrl`; true if it was valid. */
  takeUploadToken(token: string): boolean {
    const expiresAt = this.uploadTokens.get(token);
    this.uploadTokens.delete(token);
    return expiresAt !== undefined && expiresAt > Date.now();
  }

  /**
   * convex-test commits a transaction by committing the current write level
   * of every component's database; a top-level commit applies them to the
   * documents. Wrapping the transaction manager sees one top-level commit as
   * one event, with the resolved documents it wrote in every component.
   */
  private wrapCommit(): void {
    const transactions = this.transactions;
    const commit = transactions.commit.bind(transactions);
    transactions.commit = (isNested) => {
      if (isNested) return commit(isNested);
      const pending: [string, FakeDatabase, string[]][] = [];
      for (const [componentPath, { db }] of this.databases()) {
        this.wrapDatabase(componentPath, db);
        const level = db._writes[db._writes.length - 1];
        const ids = level === undefined ? [] : Object.keys(level);
        if (ids.length > 0) pending.push([componentPath, db, ids]);
      }
      const ts = commit(isNested);
      if (pending.length > 0 && ts !== null) {
        const writes: CommittedWrites = new Map();
        for (const [componentPath, db, ids] of pending) {
          const docs: DocumentWrites = {};
          for (const id of ids) docs[id] = db._documents[id] ?? null;
          writes.set(componentPath, docs);
        }
        for (const listener of this.commitListeners)
          this.notify(() => listener(writes, ts));
      }
      return ts;
    };
  }

  private wrapDatabase(componentPath: string, db: FakeDatabase): void {
    if (this.hooked.has(db)) return;
    this.hooked.add(db);
    const storeFile = db.storeFile.bind(db);
    db.storeFile = (storageId, blob) => {
      storeFile(storageId, blob);
      for (const listener of this.fileListeners)
        this.notify(() => listener(componentPath, storageId, blob));
    };
    // Every read goes through `get` (by id) or `_iterateDocs` (queries, pages,
    // counts, vector search), so these two see each table a query depends on.
    const get = db.get.bind(db);
    db.get = (tableName, id) => {
      if (typeof id === "string")
        this.readTracker
          .getStore()
          ?.add(qualifiedTable(componentPath, tableOfId(id)));
      return get(tableName, id);
    };
    const iterateDocs = db._iterateDocs.bind(db);
    db._iterateDocs = (tableName, callback) => {
      this.readTracker
        .getStore()
        ?.add(qualifiedTable(componentPath, tableName));
      iterateDocs(tableName, callback);
    };
  }

  /**
   * Calls a listener outside any handler context. A listener's error must not
   * reach convex-test: thrown mid-commit, it would leave the transaction lock
   * held forever.
   */
  private notify(listener: () => void): void {
    try {
      this.outsideHandlers(listener);
    } catch (error) {
      this.log(`internal error in a write listener: ${String(error)}`);
    }
  }

  /**
   * Runs `fn`, a transaction of the server's own (`t.run`) that stores a
   * file, so the `storage/storeBlob` guard below does not wait for it.
   */
  storeInTransaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.ownStorageTransaction.run(true, fn);
  }

  private wrapSyscalls(fake: FakeGlobal): void {
    const jsSyscall = fake.jsSyscall;
    // convex-test's `storage/storeBlob` (an action's `ctx.storage.store`)
    // asks whether *any* transaction is open, not whether its caller is in
    // one: in a test only one function runs at a time, but here an action
    // storing a file while another function's transaction is open writes its
    // `_storage` row into that transaction, then awaits the file's hash; if
    // the other transaction ends meanwhile, the insert throws "Write outside
    // of transaction" (and a rollback would drop the row). So an action's
    // store waits until no transaction is open, and calls the original in
    // the same tick, where it opens a transaction of its own.
    fake.jsSyscall = async (op, args) => {
      if (
        op === "storage/storeBlob" &&
        this.ownStorageTransaction.getStore() === undefined
      ) {
        while (this.transactions._waitOnCurrentFunction !== null)
          await this.transactions._waitOnCurrentFunction;
      }
      return await jsSyscall(op, args);
    };
    const asyncSyscall = fake.asyncSyscall;
    // convex-test looks `asyncSyscall` up on this object for every call, so
    // replacing the property reroutes all of them.
    fake.asyncSyscall = async (op, jsonArgs) => {
      switch (op) {
        case "1.0/storageGetUrl": {
          // The original checks the id and existence; only its URL (a fake
          // https://some-deployment.convex.cloud one) is replaced.
          const found = JSON.parse(await asyncSyscall(op, jsonArgs)) as unknown;
          if (found === null) return JSON.stringify(null);
          const { storageId } = JSON.parse(jsonArgs) as { storageId: string };
          return JSON.stringify(
            `${this.storageOrigin}/api/storage/${storageId}`,
          );
        }
        case "1.0/storageGenerateUploadUrl": {
          const token = randomUUID();
          const now = Date.now();
          for (const [unused, expiresAt] of this.uploadTokens) {
            if (expiresAt <= now) this.uploadTokens.delete(unused);
          }
          // Real upload URLs expire after an hour.
          this.uploadTokens.set(token, now + 60 * 60 * 1000);
          return JSON.stringify(
            `${this.storageOrigin}/api/storage/upload?token=${token}`,
          );
        }
        case "1.0/queryPage":
          return await this.journaledPage(asyncSyscall, op, jsonArgs);
        default:
          return await asyncSyscall(op, jsonArgs);
      }
    };
  }

  /**
   * Like the real backend's query journals: a live query's page keeps the end
   * cursor of its first run, so new rows grow the page instead of pushing rows
   * off its end (which `usePaginatedQuery` would never show again).
   */
  private async journaledPage(
    asyncSyscall: AsyncSyscall,
    op: string,
    jsonArgs: string,
  ): Promise<string> {
    const journal = this.journals.getStore();
    if (journal === undefined) return await asyncSyscall(op, jsonArgs);
    const args = JSON.parse(jsonArgs) as { endCursor?: string | null };
    const pinned =
      journal.endCursor !== null &&
      (args.endCursor === null || args.endCursor === undefined);
    if (pinned) args.endCursor = journal.endCursor;
    const page = JSON.parse(await asyncSyscall(op, JSON.stringify(args))) as {
      continueCursor: string;
      isDone: boolean;
    };
    if (pinned && journal.endCursor !== "_end_cursor") {
      // A pinned page ends at its end cursor even when the row there was
      // deleted; convex-test would report the page as the last one.
      page.continueCursor = journal.endCursor as string;
      page.isDone = false;
    }
    journal.observed = page.continueCursor;
    return JSON.stringify(page);
  }
}
