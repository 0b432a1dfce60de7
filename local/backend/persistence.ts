/**
 * Keeps the in-memory database across restarts and crashes, at a cost
 * proportional to what each transaction changed.
 *
 * In `<dataDir>`:
 * - `log-<n>.ndjson`: one line per committed top-level transaction (the
 *   documents it wrote, in every component, and its commit timestamp) and
 *   per stored file. Lines are appended and fsync'd in batches (group
 *   commit); the engine awaits {@link Persistence.durable} before a caller
 *   hears back, so an acknowledged write survives `kill -9`.
 * - `snapshot.ndjson`: every document at one point (header line, then one
 *   `[componentPath, document]` line each), naming the first log that is not
 *   in it. Written by compaction when the logs outgrow it (and on close), to
 *   a temp file, fsync'd, renamed; older logs are deleted after.
 * - `files/<storageId>` (`files/<component>/<storageId>` for a component):
 *   the bytes of stored files, fsync'd before the log line that names them;
 *   deleted once a durable log line deleted their `_storage` row.
 *
 * Start: the snapshot, then every log from its `nextLog` on, in order (a torn
 * last line, from a crash mid-append, is dropped: it was never acknowledged).
 * A format-1 `snapshot.json` of earlier versions is read when there is no
 * `snapshot.ndjson`, and removed by the first compaction.
 */
import { createReadStream, existsSync } from "node:fs";
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  type FileHandle,
} from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import {
  convexToJson,
  jsonToConvex,
  type JSONValue,
  type Value,
} from "convex/values";
import {
  ROOT,
  tableOfId,
  type CommittedWrites,
  type EngineInternals,
  type FakeDatabase,
  type StoredDoc,
} from "./internals.js";

/** First line of `snapshot.ndjson`. */
interface SnapshotHeader {
  format: 2;
  savedAt: string;
  /** The last commit timestamp (ns) in the snapshot, so timestamps keep increasing. */
  lastCommitTs: string;
  /** The first log file not contained in this snapshot. */
  nextLog: number;
  /** Id counter of each component's database (`""` = the app). */
  nextDocIds: Record<string, number>;
  /** Content type of each stored file, by component path and storage id. */
  files: Record<string, Record<string, string>>;
  documents: number;
}

/** A log line: a commit (`w`) or a stored file (`f`). */
type LogLine =
  | {
      ts: string;
      /** [componentPath, id, document or null (deleted)] */
      w: [string, string, JSONValue | null][];
      /** Id counters of the components that wrote. */
      n: Record<string, number>;
    }
  | { f: [string, string, string] };

/** Format 1 (`snapshot.json`), read once for an upgrade. */
interface LegacySnapshot {
  format: 1;
  savedAt: string;
  lastCommitTs: string;
  nextDocId: number;
  documents: JSONValue[];
  components?: Record<string, { nextDocId: number; documents: JSONValue[] }>;
  files: Record<string, { contentType: string }>;
}

const SNAPSHOT = "snapshot.ndjson";
const LEGACY_SNAPSHOT = "snapshot.json";
const FILES = "files";
const LOG_PATTERN = /^log-(\d+)\.ndjson$/;
/** Compaction runs once the logs hold this much and more than the snapshot. */
const MIN_COMPACTION_BYTES = 16 * 1024 * 1024;
/** Snapshot lines per write while compacting (the event loop runs in between). */
const SNAPSHOT_CHUNK = 2000;

const logName = (n: number) => `log-${String(n).padStart(6, "0")}.ndjson`;

/** Removes what this backend keeps in `dataDir` (and nothing else found there). */
export async function clearDataDir(dataDir: string): Promise<void> {
  const names = existsSync(dataDir) ? await readdir(dataDir) : [];
  for (const name of names) {
    if (
      LOG_PATTERN.test(name) ||
      name === SNAPSHOT ||
      name === `${SNAPSHOT}.tmp` ||
      name === LEGACY_SNAPSHOT ||
      name === `${LEGACY_SNAPSHOT}.tmp`
    )
      await rm(path.join(dataDir, name), { force: true });
  }
  await rm(path.join(dataDir, FILES), { recursive: true, force: true });
}

function idCounter(id: string): number {
  return Number.parseInt(id.slice(0, id.length - tableOfId(id).length), 10);
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Work for the writer, in commit order. */
type Op =
  | { kind: "line"; text: string; seq: number }
  | {
      kind: "file";
      component: string;
      storageId: string;
      blob: Blob;
      seq: number;
    }
  | { kind: "unlink"; component: string; storageId: string; seq: number };

/** Write statistics, for the benchmark and the log. */
export interface PersistenceStats {
  /** Bytes appended to logs since start. */
  logBytes: number;
  /** Bytes of the current logs (since the last snapshot). */
  pendingLogBytes: number;
  /** Size of the last snapshot written or read. */
  snapshotBytes: number;
  compactions: number;
  /** fsyncs of the log (one per batch of commits). */
  syncs: number;
  commits: number;
}

/** Saves and restores one engine's data. */
export class Persistence {
  private readonly filesDir: string;
  private queue: Op[] = [];
  private seq = 0;
  private durableSeq = 0;
  private waiters: {
    seq: number;
    resolve: () => void;
    reject: (e: unknown) => void;
  }[] = [];
  private writing: Promise<void> | undefined;
  private failure: unknown;
  /** The log new lines go to, and its open handle (opened lazily). */
  private logNumber = 1;
  private log: { number: number; handle: FileHandle } | undefined;
  private compacting: Promise<void> | undefined;
  private closed = false;
  private readonly unsubscribe: (() => void)[] = [];
  readonly stats: PersistenceStats = {
    logBytes: 0,
    pendingLogBytes: 0,
    snapshotBytes: 0,
    compactions: 0,
    syncs: 0,
    commits: 0,
  };

  constructor(
    private readonly internals: EngineInternals,
    private readonly dataDir: string,
    private readonly logLine: (line: string) => void,
  ) {
    this.filesDir = path.join(dataDir, FILES);
  }

  /**
   * Loads the snapshot and logs (if any) into the empty databases, then logs
   * every commit and stored file. Call before any function runs.
   */
  async start(): Promise<void> {
    await mkdir(this.filesDir, { recursive: true });
    const started = performance.now();
    const { documents, replayed } = await this.restore();
    if (documents > 0 || replayed > 0) {
      this.logLine(
        `persistence: restored ${documents} documents (${replayed} log entries replayed) in ${(performance.now() - started).toFixed(0)}ms`,
      );
    }
    this.unsubscribe.push(
      this.internals.onCommit((writes, ts) => this.logCommit(writes, ts)),
      this.internals.onFileStored((component, storageId, blob) =>
        this.enqueue({ kind: "file", component, storageId, blob, seq: 0 }),
      ),
    );
  }

  /** Resolves once everything committed so far is on disk (fsync'd). */
  durable(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const target = this.seq;
    if (this.durableSeq >= target) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq: target, resolve, reject });
    });
  }

  /** Flushes the log, writes a final snapshot and stops. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await this.durable().catch(() => undefined);
    await this.compacting;
    if (this.stats.pendingLogBytes > 0 || this.legacyPresent)
      await this.compact();
    this.closed = true;
    await this.log?.handle.close();
    this.log = undefined;
  }

  // --- writing --------------------------------------------------------------

  private logCommit(writes: CommittedWrites, ts: bigint): void {
    const w: [string, string, JSONValue | null][] = [];
    const n: Record<string, number> = {};
    for (const [component, docs] of writes) {
      const db = this.internals.database(component);
      n[component] = db._nextDocId;
      for (const [id, doc] of Object.entries(docs)) {
        w.push([
          component,
          id,
          doc === null ? null : convexToJson(doc as Value),
        ]);
        if (doc === null && tableOfId(id) === "_storage")
          this.pendingUnlinks.push([component, id]);
      }
    }
    this.stats.commits += 1;
    const line: LogLine = { ts: ts.toString(), w, n };
    this.enqueue({ kind: "line", text: `${JSON.stringify(line)}\n`, seq: 0 });
    for (const [component, storageId] of this.pendingUnlinks.splice(0))
      this.enqueue({ kind: "unlink", component, storageId, seq: 0 });
  }

  private readonly pendingUnlinks: [string, string][] = [];

  private enqueue(op: Op): void {
    if (this.closed) return;
    op.seq = ++this.seq;
    this.queue.push(op);
    this.writing ??= this.writeLoop();
  }

  private async writeLoop(): Promise<void> {
    // Let the rest of this tick's commits join the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.writeBatch(batch);
        this.durableSeq = batch[batch.length - 1].seq;
        this.wake();
      }
    } catch (error) {
      this.failure = error;
      this.logLine(
        `persistence: write failed, writes are no longer saved: ${String(error)}`,
      );
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    } finally {
      this.writing = undefined;
    }
    if (this.queue.length > 0 && this.failure === undefined)
      this.writing ??= this.writeLoop();
    this.maybeCompact();
  }

  private wake(): void {
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.seq <= this.durableSeq) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  private async writeBatch(batch: Op[]): Promise<void> {
    let text = "";
    const unlinks: Op[] = [];
    for (const op of batch) {
      if (op.kind === "line") {
        text += op.text;
      } else if (op.kind === "file") {
        // Bytes first, durably; then the line that names their content type.
        await this.writeFileBytes(op.component, op.storageId, op.blob);
        text += `${JSON.stringify({ f: [op.component, op.storageId, op.blob.type] } satisfies LogLine)}\n`;
      } else {
        unlinks.push(op);
      }
    }
    if (text !== "") {
      const log = await this.currentLog();
      const bytes = Buffer.from(text);
      await log.handle.write(bytes);
      await log.handle.datasync();
      this.stats.syncs += 1;
      this.stats.logBytes += bytes.length;
      this.stats.pendingLogBytes += bytes.length;
    }
    for (const op of unlinks) {
      if (op.kind !== "unlink") continue;
      await unlink(this.filePath(op.component, op.storageId)).catch(
        () => undefined,
      );
    }
  }

  private async currentLog(): Promise<{ number: number; handle: FileHandle }> {
    if (this.log?.number === this.logNumber) return this.log;
    await this.log?.handle.close();
    const handle = await open(
      path.join(this.dataDir, logName(this.logNumber)),
      "a",
    );
    // The new file's directory entry must survive a crash too.
    await fsyncDir(this.dataDir);
    this.log = { number: this.logNumber, handle };
    return this.log;
  }

  private filePath(component: string, storageId: string): string {
    return component === ROOT
      ? path.join(this.filesDir, storageId)
      : path.join(this.filesDir, component, storageId);
  }

  private async writeFileBytes(
    component: string,
    storageId: string,
    blob: Blob,
  ): Promise<void> {
    const file = this.filePath(component, storageId);
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(`${file}.tmp`, "w");
    try {
      await handle.write(new Uint8Array(await blob.arrayBuffer()));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(`${file}.tmp`, file);
  }

  // --- compaction -----------------------------------------------------------

  private legacyPresent = false;

  private maybeCompact(): void {
    if (this.closed || this.compacting !== undefined) return;
    const { pendingLogBytes, snapshotBytes } = this.stats;
    if (pendingLogBytes < Math.max(MIN_COMPACTION_BYTES, snapshotBytes)) return;
    this.compact().catch((error: unknown) => {
      this.logLine(`persistence: compaction failed: ${String(error)}`);
    });
  }

  /**
   * Writes every document to a new snapshot and drops the logs it contains.
   * The state is captured synchronously (documents are replaced, never
   * mutated, on commit) while new commits go to the next log.
   */
  compact(): Promise<void> {
    this.compacting ??= this.writeSnapshot().finally(() => {
      this.compacting = undefined;
    });
    return this.compacting;
  }

  private async writeSnapshot(): Promise<void> {
    const started = performance.now();
    // --- synchronous capture
    const parts = this.internals.databases().map(([component, { db }]) => ({
      component,
      docs: Object.values(db._documents),
      nextDocId: db._nextDocId,
      storage: { ...db._storage },
    }));
    const lastCommitTs = this.internals.lastCommitTs();
    const nextLog = this.logNumber + 1;
    this.logNumber = nextLog;
    const pendingAtCapture = this.stats.pendingLogBytes;
    // --- asynchronous write
    const header: SnapshotHeader = {
      format: 2,
      savedAt: new Date().toISOString(),
      lastCommitTs: lastCommitTs.toString(),
      nextLog,
      nextDocIds: {},
      files: {},
      documents: 0,
    };
    for (const part of parts) {
      header.nextDocIds[part.component] = part.nextDocId;
      header.documents += part.docs.length;
      const files: Record<string, string> = {};
      for (const doc of part.docs) {
        const blob = part.storage[doc._id];
        if (tableOfId(doc._id) === "_storage" && blob !== undefined)
          files[doc._id] = blob.type;
      }
      if (Object.keys(files).length > 0) header.files[part.component] = files;
    }
    const file = path.join(this.dataDir, SNAPSHOT);
    const handle = await open(`${file}.tmp`, "w");
    let bytes = 0;
    try {
      const write = async (text: string) => {
        const buffer = Buffer.from(text);
        bytes += buffer.length;
        await handle.write(buffer);
      };
      await write(`${JSON.stringify(header)}\n`);
      for (const part of parts) {
        const prefix = `[${JSON.stringify(part.component)},`;
        for (let i = 0; i < part.docs.length; i += SNAPSHOT_CHUNK) {
          let chunk = "";
          for (const doc of part.docs.slice(i, i + SNAPSHOT_CHUNK))
            chunk += `${prefix}${JSON.stringify(convexToJson(doc as Value))}]\n`;
          await write(chunk);
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(`${file}.tmp`, file);
    await fsyncDir(this.dataDir);
    // The snapshot holds everything up to the rotation: drop older logs.
    for (const name of await readdir(this.dataDir)) {
      const match = LOG_PATTERN.exec(name);
      if (match !== null && Number(match[1]) < nextLog)
        await rm(path.join(this.dataDir, name), { force: true });
    }
    if (this.legacyPresent) {
      await rm(path.join(this.dataDir, LEGACY_SNAPSHOT), { force: true });
      this.legacyPresent = false;
    }
    this.stats.snapshotBytes = bytes;
    this.stats.pendingLogBytes = Math.max(
      0,
      this.stats.pendingLogBytes - pendingAtCapture,
    );
    this.stats.compactions += 1;
    this.logLine(
      `persistence: snapshot of ${header.documents} documents (${(bytes / 1e6).toFixed(1)} MB) in ${(performance.now() - started).toFixed(0)}ms`,
    );
  }

  // --- restoring --------------------------------------------------------------

  private async restore(): Promise<{ documents: number; replayed: number }> {
    const counters = new Map<string, number>();
    const files = new Map<string, Map<string, string>>();
    const put = (component: string, json: JSONValue) => {
      const db = this.databaseOrNull(component);
      if (db === null) return;
      const doc = jsonToConvex(json) as StoredDoc;
      db._documents[doc._id] = doc;
    };
    let nextLog = 1;
    const snapshotFile = path.join(this.dataDir, SNAPSHOT);
    if (existsSync(snapshotFile)) {
      this.stats.snapshotBytes = (await stat(snapshotFile)).size;
      const lines = createInterface({
        input: createReadStream(snapshotFile, "utf8"),
        crlfDelay: Infinity,
      });
      let header: SnapshotHeader | undefined;
      for await (const line of lines) {
        if (line === "") continue;
        if (header === undefined) {
          header = JSON.parse(line) as SnapshotHeader;
          continue;
        }
        const [component, json] = JSON.parse(line) as [string, JSONValue];
        put(component, json);
      }
      if (header === undefined)
        throw new Error(
          `${snapshotFile} is empty; start with --reset to discard it.`,
        );
      nextLog = header.nextLog;
      this.bumpCommitTs(BigInt(header.lastCommitTs));
      for (const [component, next] of Object.entries(header.nextDocIds))
        counters.set(component, next);
      for (const [component, byId] of Object.entries(header.files))
        files.set(component, new Map(Object.entries(byId)));
    } else if (existsSync(path.join(this.dataDir, LEGACY_SNAPSHOT))) {
      await this.restoreLegacy(counters, files);
      this.legacyPresent = true;
    }
    // Logs from the snapshot's on, in order.
    const logs = (await readdir(this.dataDir))
      .map((name) => LOG_PATTERN.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .filter((n) => n >= nextLog)
      .sort((a, b) => a - b);
    let replayed = 0;
    for (const [index, n] of logs.entries()) {
      const file = path.join(this.dataDir, logName(n));
      const text = await readFile(file, "utf8");
      this.stats.pendingLogBytes += Buffer.byteLength(text);
      const lines = text.split("\n");
      for (const [lineIndex, line] of lines.entries()) {
        if (line === "") continue;
        let entry: LogLine;
        try {
          entry = JSON.parse(line) as LogLine;
        } catch (error) {
          const last =
            index === logs.length - 1 && lineIndex === lines.length - 1;
          if (last) {
            this.logLine(
              `persistence: dropped a torn last line of ${logName(n)} (never acknowledged)`,
            );
            continue;
          }
          throw new Error(
            `${file} line ${lineIndex + 1} is corrupt (${String(error)}); start with --reset to discard the data.`,
          );
        }
        replayed += 1;
        if ("f" in entry) {
          const [component, storageId, contentType] = entry.f;
          if (!files.has(component)) files.set(component, new Map());
          files.get(component)!.set(storageId, contentType);
          continue;
        }
        for (const [component, id, json] of entry.w) {
          const db = this.databaseOrNull(component);
          if (db === null) continue;
          if (json === null) delete db._documents[id];
          else db._documents[id] = jsonToConvex(json) as StoredDoc;
        }
        for (const [component, next] of Object.entries(entry.n))
          counters.set(component, Math.max(counters.get(component) ?? 0, next));
        this.bumpCommitTs(BigInt(entry.ts));
      }
    }
    // New appends go to a log after every existing one.
    this.logNumber = Math.max(nextLog, (logs[logs.length - 1] ?? 0) + 1);
    // Id counters continue after every id seen; creation times keep increasing.
    for (const [component, { db }] of this.internals.databases()) {
      let maxCounter = 0;
      for (const doc of Object.values(db._documents)) {
        maxCounter = Math.max(maxCounter, idCounter(doc._id));
        if (doc._creationTime > db._lastCreationTime)
          db._lastCreationTime = doc._creationTime;
      }
      db._nextDocId = Math.max(
        db._nextDocId,
        counters.get(component) ?? 0,
        maxCounter + 1,
      );
      await this.restoreFiles(component, db, files.get(component));
    }
    return { documents: this.countDocuments(), replayed };
  }

  private countDocuments(): number {
    let count = 0;
    for (const [, { db }] of this.internals.databases())
      count += Object.keys(db._documents).length;
    return count;
  }

  private async restoreFiles(
    component: string,
    db: FakeDatabase,
    types: Map<string, string> | undefined,
  ): Promise<void> {
    for (const id of Object.keys(db._documents)) {
      if (tableOfId(id) !== "_storage") continue;
      try {
        const bytes = await readFile(this.filePath(component, id));
        db._storage[id] = new Blob([bytes], {
          type: types?.get(id) ?? "application/octet-stream",
        });
      } catch {
        this.logLine(`persistence: bytes of stored file ${id} are missing`);
      }
    }
  }

  private async restoreLegacy(
    counters: Map<string, number>,
    files: Map<string, Map<string, string>>,
  ): Promise<number> {
    const file = path.join(this.dataDir, LEGACY_SNAPSHOT);
    let snapshot: LegacySnapshot;
    try {
      snapshot = JSON.parse(await readFile(file, "utf8")) as LegacySnapshot;
    } catch (error) {
      throw new Error(
        `Cannot read ${file} (${String(error)}); start with --reset to discard it.`,
      );
    }
    let count = 0;
    const parts: [string, { nextDocId: number; documents: JSONValue[] }][] = [
      [ROOT, snapshot],
      ...Object.entries(snapshot.components ?? {}),
    ];
    for (const [component, part] of parts) {
      const db = this.databaseOrNull(component);
      if (db === null) continue;
      for (const json of part.documents) {
        const doc = jsonToConvex(json) as StoredDoc;
        db._documents[doc._id] = doc;
        count += 1;
      }
      counters.set(component, part.nextDocId);
    }
    files.set(
      ROOT,
      new Map(
        Object.entries(snapshot.files).map(([id, { contentType }]) => [
          id,
          contentType,
        ]),
      ),
    );
    this.bumpCommitTs(BigInt(snapshot.lastCommitTs));
    return count;
  }

  private bumpCommitTs(ts: bigint): void {
    if (ts > this.internals.transactions._lastCommitTs)
      this.internals.transactions._lastCommitTs = ts;
  }

  private readonly dropped = new Set<string>();

  private databaseOrNull(component: string): FakeDatabase | null {
    try {
      return this.internals.database(component);
    } catch {
      if (!this.dropped.has(component)) {
        this.dropped.add(component);
        this.logLine(
          `persistence: component ${component} is no longer declared in convex.config.ts; its stored documents are dropped`,
        );
      }
      return null;
    }
  }
}
