/**
 * Persistence figures of the local backend (issue 10): with N videos (each
 * with its ledger charge) in the database, the cost of one small write
 * (`credits.grantCredits`: a user patch and a ledger row) and the data
 * folder's size; then the start-up time and memory of a fresh process on
 * that data.
 *
 *   npx tsx scripts/persistence-bench.ts [N ...]          (default 10000 100000)
 *
 * Works with any version of local/backend (it only uses startLocalBackend,
 * the engine and /proc/self/io), so the same script measures before and after
 * a change. Bytes written are the process's `wchar` (all write syscalls).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startLocalBackend } from "../local/backend/server";

const root = path.resolve(import.meta.dirname, "..");
const ADMIN = {
  subject: "bench-admin",
  issuer: "https://bench.test",
  tokenIdentifier: "https://bench.test|bench-admin",
  email: "admin@example.com",
  name: "Bench Admin",
};
const CREATOR = {
  subject: "bench-creator",
  issuer: "https://bench.test",
  tokenIdentifier: "https://bench.test|bench-creator",
  email: "creator@example.com",
  name: "Bench Creator",
};
const WRITES = 10;

function wchar(): number {
  const io = readFileSync("/proc/self/io", "utf8");
  return Number(/wchar: (\d+)/.exec(io)![1]);
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(file) : statSync(file).size;
  }
  return total;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the process stops writing (a debounced or background save finished). */
async function settle(): Promise<void> {
  let last = wchar();
  for (;;) {
    await sleep(400);
    const now = wchar();
    if (now === last) return;
    last = now;
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function seed(n: number, dataDir: string) {
  process.env.ADMIN_EMAILS = ADMIN.email;
  process.env.STARTER_CREDITS = "100000000";
  process.env.CREATE_VIDEO_RATE_LIMIT = "1000000";
  // The cloned videos stay "pending": keep the timeout cron from failing them all.
  process.env.VIDEO_TIMEOUT_MINUTES = "10000000";
  delete process.env.REPLICATE_API_TOKEN;
  const backend = await startLocalBackend({
    convexDir: path.join(root, "convex"),
    port: 0,
    siteProxyPort: 0,
    dataDir,
    reset: true,
    log: () => undefined,
  });
  const { engine } = backend;
  const call = async (
    kind: "query" | "mutation",
    fn: string,
    args: Record<string, unknown>,
    identity: typeof ADMIN | null,
  ) => {
    const outcome = await engine.call({
      kind,
      path: fn,
      args: args as never,
      caller: { identity, admin: identity === null },
      source: "bench",
    });
    if (!outcome.success) throw new Error(outcome.errorMessage);
    return outcome.value;
  };
  await call("mutation", "models:initializeDefaultModelsInternal", {}, null);
  const videoId = (await call(
    "mutation",
    "videos:createVideo",
    {
      prompt: "A bench fox",
      model: "luma/ray-2-720p",
      duration: 5,
      quality: "standard",
    },
    CREATOR,
  )) as string;
  // Clone the real video and its charge N times, 1000 pairs a transaction.
  type Doc = Record<string, unknown>;
  const templates = (await engine.test.run(async (ctx) => {
    const video = (await ctx.db.get(videoId as never)) as Doc;
    const charge = (await ctx.db
      .query("creditTransactions")
      .collect()
      .then((rows) => rows.find((r) => (r as Doc).videoId === videoId))) as Doc;
    return { video, charge };
  })) as { video: Doc; charge: Doc };
  const strip = ({ _id, _creationTime, ...rest }: Doc) => {
    void _id;
    void _creationTime;
    return rest;
  };
  const video = strip(templates.video);
  const charge = strip(templates.charge);
  const seedStarted = performance.now();
  for (let done = 1; done < n; done += 1000) {
    const batch = Math.min(1000, n - done);
    await engine.test.run(async (ctx) => {
      for (let i = 0; i < batch; i++) {
        const id = await ctx.db.insert("videos", {
          ...video,
          prompt: `A bench fox #${done + i}`,
        } as never);
        await ctx.db.insert("creditTransactions", {
          ...charge,
          videoId: id,
        } as never);
      }
    });
  }
  await settle();
  const seedMs = performance.now() - seedStarted;
  const persistence = (
    backend as unknown as {
      persistence?: { compact(): Promise<void>; stats: Record<string, number> };
    }
  ).persistence;
  const sizeAfterSeed = dirBytes(dataDir);

  // K small writes, each measured alone (waiting for the save it causes).
  const latencies: number[] = [];
  const bytes: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const w0 = wchar();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await call(
      "mutation",
      "credits:grantCredits",
      { email: CREATOR.email, amount: 1, reason: `bench ${i}` },
      ADMIN,
    );
    latencies.push(performance.now() - t0);
    await settle();
    const c1 = process.cpuUsage(c0);
    bytes.push(wchar() - w0);
    // Minus the idle polling of settle(), which is negligible.
    cpu.push((c1.user + c1.system) / 1000);
  }
  const sizeAfterWrites = dirBytes(dataDir);
  let snapshotBytes: number | undefined;
  if (persistence) {
    await persistence.compact();
    snapshotBytes = persistence.stats.snapshotBytes;
  }
  await backend.close();
  const sizeAfterClose = dirBytes(dataDir);
  return {
    seedMs,
    sizeAfterSeed,
    sizeAfterWrites,
    sizeAfterClose,
    snapshotBytes,
    writeLatencyMs: median(latencies),
    writeBytes: median(bytes),
    writeCpuMs: median(cpu),
  };
}

/** Start-up of a fresh process on `dataDir`: time to ready, and memory. */
function measureStartup(dataDir: string) {
  const out = execFileSync(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      import.meta.filename,
      "--startup",
      dataDir,
    ],
    { cwd: root, encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as {
    startupMs: number;
    rssMB: number;
    heapMB: number;
  };
}

async function startupChild(dataDir: string) {
  const t0 = performance.now();
  const backend = await startLocalBackend({
    convexDir: path.join(root, "convex"),
    port: 0,
    siteProxyPort: 0,
    dataDir,
    log: () => undefined,
  });
  const startupMs = performance.now() - t0;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  // Quit without a final save: only the start is measured.
  console.log(
    JSON.stringify({
      startupMs: Math.round(startupMs),
      rssMB: Math.round(memory.rss / 1e6),
      heapMB: Math.round(memory.heapUsed / 1e6),
    }),
  );
  void backend;
  process.exit(0);
}

const mb = (bytes: number | undefined) =>
  bytes === undefined ? "–" : `${(bytes / 1e6).toFixed(1)} MB`;

if (process.argv[2] === "--startup") {
  await startupChild(process.argv[3]);
} else {
  const sizes = process.argv.slice(2).map(Number);
  const rows: string[] = [
    "| videos | write latency (median) | bytes written per write | CPU per write | data dir after seed | after writes | after close | snapshot | start-up | RSS | heap |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const n of sizes.length > 0 ? sizes : [10_000, 100_000]) {
    const dataDir = await mkdtemp(path.join(tmpdir(), "persistence-bench-"));
    try {
      const result = await seed(n, dataDir);
      const startup = measureStartup(dataDir);
      rows.push(
        `| ${n.toLocaleString("en")} | ${result.writeLatencyMs.toFixed(1)} ms | ${(result.writeBytes / 1e3).toFixed(1)} KB | ${result.writeCpuMs.toFixed(0)} ms | ${mb(result.sizeAfterSeed)} | ${mb(result.sizeAfterWrites)} | ${mb(result.sizeAfterClose)} | ${mb(result.snapshotBytes)} | ${startup.startupMs} ms | ${startup.rssMB} MB | ${startup.heapMB} MB |`,
      );
      console.error(
        `done ${n} (seeded in ${(result.seedMs / 1000).toFixed(1)} s)`,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  console.log(rows.join("\n"));
}
