/**
 * Keeps the in-memory database across restarts: a snapshot of every document
 * (system tables included, with their original `_id` and `_creationTime`)
 * in `<dataDir>/snapshot.json`, and the bytes of stored files in
 * `<dataDir>/files/<storageId>`.
 *
 * Saves are debounced after writes and written atomically (temp file +
 * rename); file bytes are written before the snapshot that references them
 * and deleted only after a snapshot that no longer does.
 */
import {
  mkdir,
  readFile,
  rename,
  rm,
  unlink,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import {
  convexToJson,
  jsonToConvex,
  type JSONValue,
  type Value,
} from "convex/values";
import {
  tableOfId,
  type EngineInternals,
  type FakeDatabase,
  type StoredDoc,
} from "./internals.js";

interface Snapshot {
  format: 1;
  savedAt: string;
  /** The last commit timestamp (ns), so timestamps keep increasing across restarts. */
  lastCommitTs: string;
  nextDocId: number;
  /** The app's documents. */
  documents: JSONValue[];
  /** Each component's documents and id counter, by component path. */
  components?: Record<string, { nextDocId: number; documents: JSONValue[] }>;
  /** Content type of each stored file, by storage id. */
  files: Record<string, { contentType: string }>;
}

const SNAPSHOT = "snapshot.json";
const FILES = "files";
/** Debounce between a write and the save it triggers. */
const SAVE_DELAY_MS = 200;

/** Removes what this backend keeps in `dataDir` (and nothing else found there). */
export async function clearDataDir(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, SNAPSHOT), { force: true });
  await rm(path.join(dataDir, `${SNAPSHOT}.tmp`), { force: true });
  await rm(path.join(dataDir, FILES), { recursive: true, force: true });
}

async function writeAtomically(
  file: string,
  data: string | Uint8Array,
): Promise<void> {
  await writeFile(`${file}.tmp`, data);
  await rename(`${file}.tmp`, file);
}

function idCounter(id: string): number {
  return Number.parseInt(id.slice(0, id.length - tableOfId(id).length), 10);
}

/** Saves and restores one engine's data. */
export class Persistence {
  private readonly filesDir: string;
  private readonly savedFiles = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly internals: EngineInternals,
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.filesDir = path.join(dataDir, FILES);
  }

  /**
   * Loads the snapshot (if any) into the empty database, then saves after
   * every write. Call before any function runs.
   */
  async start(): Promise<void> {
    await mkdir(this.filesDir, { recursive: true });
    await this.restore();
    const schedule = () => this.scheduleSave();
    this.unsubscribe.push(
      this.internals.onCommit(schedule),
      this.internals.onFileStored(schedule),
    );
  }

  /** Writes a final snapshot and stops saving. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    clearTimeout(this.timer);
    this.saving = this.saving.then(() => this.save());
    await this.saving;
  }

  private async restore(): Promise<void> {
    let text: string;
    try {
      text = await readFile(path.join(this.dataDir, SNAPSHOT), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(text) as Snapshot;
    } catch (error) {
      throw new Error(
        `Cannot read ${path.join(this.dataDir, SNAPSHOT)} (${String(error)}); start with --reset to discard it.`,
      );
    }
    const { transactions } = this.internals;
    const parts: [string, { nextDocId: number; documents: JSONValue[] }][] = [
      ["", snapshot],
      ...Object.entries(snapshot.components ?? {}),
    ];
    let restored = 0;
    for (const [componentPath, part] of parts) {
      let db: FakeDatabase;
      try {
        db = this.internals.database(componentPath);
      } catch {
        this.log(
          `persistence: component ${componentPath} is no longer declared; its ${part.documents.length} documents are dropped`,
        );
        continue;
      }
      let maxCounter = 0;
      for (const json of part.documents) {
        const doc = jsonToConvex(json) as StoredDoc;
        db._documents[doc._id] = doc;
        maxCounter = Math.max(maxCounter, idCounter(doc._id));
        db._lastCreationTime = Math.max(
          db._lastCreationTime,
          doc._creationTime,
        );
      }
      restored += part.documents.length;
      // New ids continue after the restored ones, so they never collide.
      db._nextDocId = Math.max(db._nextDocId, part.nextDocId, maxCounter + 1);
    }
    const db = this.internals.db;
    const lastCommitTs = BigInt(snapshot.lastCommitTs);
    if (lastCommitTs > transactions._lastCommitTs)
      transactions._lastCommitTs = lastCommitTs;
    for (const [storageId, { contentType }] of Object.entries(snapshot.files)) {
      try {
        const bytes = await readFile(path.join(this.filesDir, storageId));
        db._storage[storageId] = new Blob([bytes], { type: contentType });
        this.savedFiles.add(storageId);
      } catch {
        this.log(`persistence: bytes of stored file ${storageId} are missing`);
      }
    }
    this.log(
      `persistence: restored ${restored} documents and ${this.savedFiles.size} files from ${snapshot.savedAt}`,
    );
  }

  private scheduleSave(): void {
    if (this.closed || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saving = this.saving
        .then(() => this.save())
        .catch((error: unknown) => {
          this.log(`persistence: save failed: ${String(error)}`);
        });
    }, SAVE_DELAY_MS);
  }

  private async save(): Promise<void> {
    const { db, transactions } = this.internals;
    // Captured synchronously: one consistent state, whatever commits next.
    const docs = Object.values(db._documents);
    const files: Snapshot["files"] = {};
    const newFiles: [string, Blob][] = [];
    for (const doc of docs) {
      const blob = db._storage[doc._id];
      // A `_storage` row commits just before its bytes land; the next save gets them.
      if (tableOfId(doc._id) !== "_storage" || blob === undefined) continue;
      files[doc._id] = { contentType: blob.type };
      if (!this.savedFiles.has(doc._id)) newFiles.push([doc._id, blob]);
    }
    const snapshot: Snapshot = {
      format: 1,
      savedAt: new Date().toISOString(),
      lastCommitTs: transactions._lastCommitTs.toString(),
      nextDocId: db._nextDocId,
      documents: docs.map((doc) => convexToJson(doc as Value)),
      components: Object.fromEntries(
        this.internals
          .databases()
          .filter(([componentPath]) => componentPath !== "")
          .map(([componentPath, component]) => [
            componentPath,
            {
              nextDocId: component.db._nextDocId,
              documents: Object.values(component.db._documents).map((doc) =>
                convexToJson(doc as Value),
              ),
            },
          ]),
      ),
      files,
    };
    for (const [storageId, blob] of newFiles) {
      await writeAtomically(
        path.join(this.filesDir, storageId),
        new Uint8Array(await blob.arrayBuffer()),
      );
      this.savedFiles.add(storageId);
    }
    await writeAtomically(
      path.join(this.dataDir, SNAPSHOT),
      JSON.stringify(snapshot),
    );
    for (const storageId of this.savedFiles) {
      if (files[storageId] === undefined) {
        await unlink(path.join(this.filesDir, storageId)).catch(
          () => undefined,
        );
        this.savedFiles.delete(storageId);
      }
    }
  }
}
