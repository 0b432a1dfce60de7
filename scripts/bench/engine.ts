/**
 * Scale figures read inside one transaction: the app's own functions on the
 * local backend's engine (convex-test with Convex's transaction limits),
 * where `ctx.meta.getTransactionMetrics()` counts the documents a function
 * reads. No server, no clock: thousands of rows are inserted directly.
 */
import { gzipSync } from "node:zlib";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { FunctionReference } from "convex/server";
import { api, internal } from "../../convex/_generated/api";
import { Engine } from "../../local/backend/engine";
import { loadConvexFolder } from "../../local/backend/modules";
import { PROJECT_ROOT } from "../../local/stack";
import { report } from "./report";
import type { Entry } from "./types";

const ADMIN = {
  subject: "bench-admin",
  issuer: "https://bench",
  tokenIdentifier: "https://bench|admin",
  email: "admin@example.com",
};

/** A fresh engine holding the default models and one creator. */
async function freshEngine() {
  process.env.ADMIN_EMAILS = ADMIN.email;
  const folder = await loadConvexFolder(path.join(PROJECT_ROOT, "convex"));
  const t = (await Engine.create(folder, () => {})).test;
  await t.mutation(internal.models.initializeDefaultModelsInternal, {});
  return t;
}
type Test = Awaited<ReturnType<typeof freshEngine>>;

/** Documents `ref` reads (one transaction) and its result's JSON bytes. */
async function measure(
  t: Test,
  kind: "query" | "mutation",
  ref: FunctionReference<"query" | "mutation", "public" | "internal">,
  args: object,
) {
  return await t.withIdentity(ADMIN).run(async (ctx) => {
    const metrics = async () =>
      (await ctx.meta.getTransactionMetrics()).documentsRead.used;
    const before = await metrics();
    const result: unknown =
      kind === "query"
        ? await ctx.runQuery(ref as never, args as never)
        : await ctx.runMutation(ref as never, args as never);
    return {
      read: (await metrics()) - before,
      bytes: JSON.stringify(result).length,
      result,
    };
  });
}

/** A creator makes `count` videos of one model, through `createVideo`. */
async function videosOfOneModel(t: Test, count: number) {
  await t.run(async (ctx) => {
    await ctx.db.insert("users", {
      tokenIdentifier: "https://bench|creator",
      email: "creator@example.com",
      emailLower: "creator@example.com",
      role: "creator",
      balance: 1_000_000,
      createdAt: 0,
      updatedAt: 0,
    });
  });
  // No token: the start action fails fast, the counters are what we look
  // at; no rate limit either (many videos at once).
  const { REPLICATE_API_TOKEN: token, CREATE_VIDEO_RATE_LIMIT: limit } =
    process.env;
  delete process.env.REPLICATE_API_TOKEN;
  process.env.CREATE_VIDEO_RATE_LIMIT = "1000000";
  const creator = t.withIdentity({
    subject: "creator",
    issuer: "https://bench",
    tokenIdentifier: "https://bench|creator",
    email: "creator@example.com",
  });
  for (let i = 0; i < count; i++)
    await creator.mutation(api.videos.createVideo, {
      prompt: "bench",
      model: "luma/ray-flash-2-540p",
      duration: 5,
      quality: "standard",
    });
  if (token !== undefined) process.env.REPLICATE_API_TOKEN = token;
  if (limit === undefined) delete process.env.CREATE_VIDEO_RATE_LIMIT;
  else process.env.CREATE_VIDEO_RATE_LIMIT = limit;
}

/** Documents written by EVERY video of one model (a hot spot). */
async function sharedWrites() {
  const t = await freshEngine();
  const N = 32;
  await videosOfOneModel(t, N);
  const shards = await t.run(
    async (ctx) => await ctx.db.query("statShards").collect(),
  );
  report({
    name: "shared documents written by every video of a model",
    value: shards.filter((s) => s.created >= N).length,
    target: 0,
    unit: "docs",
    note: `${N} videos of one model; a document whose count equals the number of videos is written by all of them`,
  });
  const modelShards = shards.filter((s) => s.key.startsWith("m:"));
  report({
    name: "largest share of a model's videos on one document",
    value: Math.max(...modelShards.map((s) => s.created)) / N,
    target: 0.25,
    unit: "",
  });
}

/** The admin dashboard at 1,000 models × 30 days of history. */
async function dashboard() {
  const t = await freshEngine();
  // Today's counter shards, as a busy day leaves them.
  await videosOfOneModel(t, 64);
  const MODELS = 1000;
  const now = Date.now();
  const days = Array.from({ length: 30 }, (_, i) =>
    new Date(now - i * 86_400_000).toISOString().slice(0, 10),
  );
  for (let start = 0; start < MODELS; start += 50)
    await t.run(async (ctx) => {
      for (let m = start; m < start + 50; m++) {
        const modelId = `bench/model-${m}`;
        await ctx.db.insert("modelStats", {
          modelId,
          createdGenerations: 30 * (m + 1),
          totalGenerations: 30 * (m + 1),
          successfulGenerations: 30 * m,
          failedGenerations: 30,
          canceledGenerations: 0,
          totalGenerationTimeMs: 30 * m * 40_000,
          timedGenerations: 30 * m,
          creditsCharged: 30 * (m + 1) * 90,
          creditsRefunded: 30 * 90,
          p50GenerationTimeMs: 40_000,
          p95GenerationTimeMs: 60_000,
          updatedAt: now,
        });
        for (const day of days)
          await ctx.db.insert("modelDailyStats", {
            day,
            modelId,
            created: m + 1,
            succeeded: m,
            failed: 1,
            canceled: 0,
            creditsCharged: (m + 1) * 90,
            creditsRefunded: 90,
          });
      }
    });
  await t.run(async (ctx) => {
    for (const day of days)
      await ctx.db.insert("dailyStats", {
        day,
        created: 500_500,
        succeeded: 499_500,
        failed: 1000,
        canceled: 0,
        creditsCharged: 500_500 * 90,
        creditsRefunded: 90_000,
      });
  });
  const overview = await measure(t, "query", api.dashboard.getOverview, {});
  const table = await measure(t, "query", api.dashboard.listModelUsage, {
    paginationOpts: { numItems: 10, cursor: null },
  });
  const series = await measure(t, "query", api.dashboard.getDailySeries, {
    today: days[0],
  });
  report({
    name: "getOverview documents read (1,000 models × 30 days)",
    value: overview.read,
    target: 1000,
    unit: "docs",
  });
  report({
    name: "getOverview bytes (1,000 models × 30 days)",
    value: overview.bytes,
    target: 50_000,
    unit: "B",
  });
  report({
    name: "whole dashboard first paint, documents (overview + table page + chart)",
    value: overview.read + table.read + series.read,
    target: 1000,
    unit: "docs",
  });
  report({
    name: "whole dashboard first paint, bytes",
    value: overview.bytes + table.bytes + series.bytes,
    target: 50_000,
    unit: "B",
  });
}

/** pruneWebhookDeliveries among many recent deliveries: reads per delete. */
async function prune() {
  const t = await freshEngine();
  const OLD = 300;
  const RECENT = 3000;
  const now = Date.now();
  await t.run(async (ctx) => {
    for (let i = 0; i < OLD + RECENT; i++)
      await ctx.db.insert("webhookDeliveries", {
        webhookId: `msg_${i}`,
        predictionId: `p${i}`,
        status: "succeeded",
        receivedAt: i < OLD ? now - 2 * 86_400_000 : now - i * 1000,
      });
  });
  const run = await measure(
    t,
    "mutation",
    internal.predictions.pruneWebhookDeliveries,
    {},
  );
  const deleted = run.result as number;
  // Each `db.delete` reads its document (Convex and convex-test count it):
  // what the issue asks about is how many the search for them reads.
  report({
    name: "pruneWebhookDeliveries documents searched per document deleted",
    value: (run.read - deleted) / deleted,
    target: 1,
    unit: "",
    note: `${run.read} documents read in all (each delete reads its own), ${deleted} deleted, among ${RECENT.toLocaleString("en")} recent deliveries`,
  });
}

/** Gzip bytes of the JS a route loads, from the Remix build manifest. */
function jsPerRoute() {
  const build = path.join(PROJECT_ROOT, "public", "build");
  const manifestFile = readdirSync(build).find((f) =>
    f.startsWith("manifest-"),
  );
  if (manifestFile === undefined) throw new Error("no Remix build manifest");
  const source = readFileSync(path.join(build, manifestFile), "utf8");
  const manifest = JSON.parse(
    source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1),
  ) as {
    entry: { module: string; imports: string[] };
    routes: Record<string, { module: string; imports?: string[] }>;
  };
  const gzipBytes = (url: string) =>
    gzipSync(readFileSync(path.join(PROJECT_ROOT, "public", url))).length;
  const routeJs = (ids: string[]) => {
    const files = new Set([manifest.entry.module, ...manifest.entry.imports]);
    for (const id of ids) {
      const route = manifest.routes[id];
      files.add(route.module);
      for (const file of route.imports ?? []) files.add(file);
    }
    return [...files].reduce((sum, file) => sum + gzipBytes(file), 0);
  };
  const ROUTES: [string, string[]][] = [
    ["/admin", ["root", "routes/admin", "routes/admin._index"]],
    ["/create", ["root", "routes/create"]],
    ["/", ["root", "routes/_index"]],
  ];
  for (const [url, ids] of ROUTES)
    report({
      name: `JS ${url} (gzip)`,
      value: routeJs(ids),
      target: 250 * 1024,
      unit: "B",
    });
}

export const ENGINE_ENTRIES: Entry[] = [
  {
    name: "scale: shared-document writes per video",
    needs: {},
    run: sharedWrites,
  },
  {
    name: "scale: dashboard at 1,000 models × 30 days",
    needs: {},
    run: dashboard,
  },
  {
    name: "scale: pruneWebhookDeliveries reads per delete",
    needs: {},
    run: prune,
  },
  {
    name: "scale: JS per route",
    needs: { build: true },
    run: async () => jsPerRoute(),
  },
];
