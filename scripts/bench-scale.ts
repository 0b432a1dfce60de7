/**
 * `npm run bench:scale`: the scale figures of issue 15, each next to its
 * target as a ratio (≤ 1 meets it), measured in one run. Backend figures run
 * the app's own functions on the local backend's engine (convex-test with
 * Convex's transaction limits); poll figures run the poll schedule the
 * backend uses; JS per route reads the Remix build (`npm run build` first).
 */
import { gzipSync } from "node:zlib";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { api, internal } from "../convex/_generated/api";
import { pollTimesUntil } from "../convex/lib/pollSchedule";
import { Engine } from "../local/backend/engine";
import { loadConvexFolder } from "../local/backend/modules";

const rows: [string, number, number, string][] = [];
const report = (name: string, value: number, target: number, unit: string) =>
  rows.push([name, value, target, unit]);

const ADMIN = {
  subject: "bench-admin",
  issuer: "https://bench",
  tokenIdentifier: "https://bench|admin",
  email: "admin@example.com",
};
process.env.ADMIN_EMAILS = ADMIN.email;

const folder = await loadConvexFolder("convex");
const engine = await Engine.create(folder, () => {});
const t = engine.test;

// 1. Shared-document writes per video: documents written by EVERY video of
// one model (a hot spot) = those whose count equals the number of videos.
{
  const N = 32;
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
  await t.mutation(internal.models.initializeDefaultModelsInternal, {});
  delete process.env.REPLICATE_API_TOKEN;
  const creator = t.withIdentity({
    subject: "creator",
    issuer: "https://bench",
    tokenIdentifier: "https://bench|creator",
    email: "creator@example.com",
  });
  for (let i = 0; i < N; i++) {
    await creator.mutation(api.videos.createVideo, {
      prompt: "bench",
      model: "luma/ray-flash-2-540p",
      duration: 5,
      quality: "standard",
    });
  }
  const hot = await t.run(async (ctx) => {
    const shards = await ctx.db.query("statShards").collect();
    return shards.filter((s) => s.created >= N).length;
  });
  report("shared documents written by every video of a model", hot, 0, "docs");
  const maxShare = await t.run(async (ctx) => {
    const shards = (await ctx.db.query("statShards").collect()).filter((s) =>
      s.key.startsWith("m:"),
    );
    return Math.max(...shards.map((s) => s.created)) / N;
  });
  report(
    "largest share of a model's videos on one document",
    maxShare,
    0.25,
    "",
  );
}

// 2. The dashboard at 1,000 models × 30 days of history.
{
  const MODELS = 1000;
  const now = Date.now();
  const days = Array.from({ length: 30 }, (_, i) =>
    new Date(now - i * 86_400_000).toISOString().slice(0, 10),
  );
  for (let start = 0; start < MODELS; start += 50) {
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
        for (const day of days) {
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
      }
    });
  }
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
  const admin = t.withIdentity(ADMIN);
  const measure = async (ref: never, args: object) =>
    await admin.run(async (ctx) => {
      const before = (await ctx.meta.getTransactionMetrics()).documentsRead
        .used;
      const result: unknown = await ctx.runQuery(ref, args as never);
      const after = (await ctx.meta.getTransactionMetrics()).documentsRead.used;
      return { read: after - before, bytes: JSON.stringify(result).length };
    });
  const overview = await measure(api.dashboard.getOverview as never, {});
  report(
    "getOverview documents read (1,000 models × 30 days)",
    overview.read,
    1000,
    "docs",
  );
  report(
    "getOverview bytes (1,000 models × 30 days)",
    overview.bytes,
    50_000,
    "B",
  );
  const page = await measure(api.dashboard.listModelUsage as never, {
    paginationOpts: { numItems: 10, cursor: null },
  });
  const series = await measure(api.dashboard.getDailySeries as never, {});
  report(
    "whole dashboard first paint, documents (overview + table page + chart)",
    overview.read + page.read + series.read,
    1000,
    "docs",
  );
  report(
    "whole dashboard first paint, bytes",
    overview.bytes + page.bytes + series.bytes,
    50_000,
    "B",
  );
}

// 3. Completion seen without webhooks: the backend's poll schedule for
// renders whose model history matches them (p50 = render, p95 = +5 %).
for (const seconds of [7, 30, 61]) {
  const render = seconds * 1000;
  const predict = render - 1000; // the fake's 1 s in "starting"
  const polls = pollTimesUntil(
    render,
    { p50Ms: predict, p95Ms: predict * 1.05 },
    false,
  );
  const delay = polls[polls.length - 1] - render;
  report(
    `detection delay, ${seconds} s render (target max(15 %, 2 s))`,
    delay / 1000,
    Math.max(0.15 * seconds, 2),
    "s",
  );
  if (seconds === 61)
    report(
      "Replicate calls, 60 s render without webhooks",
      polls.length + 1,
      8,
      "calls",
    );
}
{
  const withHooks = pollTimesUntil(
    60_000,
    { p50Ms: 59_000, p95Ms: 62_000 },
    true,
  );
  // The webhook ends the video first; a poll before 60 s would be a call.
  report(
    "Replicate calls, 60 s render with webhooks (create + polls before the end)",
    1 + withHooks.filter((at) => at < 60_000).length,
    1,
    "calls",
  );
}

// 4. Bytes per price edit to an open create page at 200 models: the picker
// list (no prices) does not change; the chosen model's details do.
{
  const now = Date.now();
  await t.run(async (ctx) => {
    for (let i = 0; i < 200; i++) {
      await ctx.db.insert("models", {
        modelId: `create/model-${i}`,
        name: `Create Model ${i}`,
        description:
          "A video model with a description of ordinary length for the picker.",
        costPerSecond: 0.1,
        supportedDurations: [5, 10],
        supportedQualities: ["standard", "high"],
        qualityMultipliers: { high: 1.5 },
        isPremium: i % 10 === 0,
        isActive: true,
        isDefault: false,
        isDeprecated: false,
        provider: `provider${i % 20}`,
        category: ["premium", "budget", "experimental"][i % 3],
        replicateModelId: `create/model-${i}`,
        createdAt: now,
        updatedAt: now,
      } as never);
    }
  });
  const list = JSON.stringify(await t.query(api.models.listModelChoices, {}));
  const chosen = JSON.stringify(
    await t.query(api.pricing.getModelForCreate, { modelId: "create/model-0" }),
  );
  const before = JSON.stringify(
    await t.query(api.pricing.getAvailableModels, {}),
  );
  report(
    "bytes per price edit at 200 models (chosen model re-sent)",
    chosen.length,
    25_000,
    "B",
  );
  report(
    "create page model data at 200 models (list + chosen)",
    list.length + chosen.length,
    150_000,
    "B",
  );
  console.log(
    `  (before: the whole list, ${before.length} B, was re-sent per edit)`,
  );
}

// 5. JS per route (gzip), from the Remix build manifest.
const build = "public/build";
if (existsSync(build)) {
  const mf = readdirSync(build).find((f) => f.startsWith("manifest-"))!;
  const src = readFileSync(path.join(build, mf), "utf8");
  const manifest = JSON.parse(
    src.slice(src.indexOf("{"), src.lastIndexOf("}") + 1),
  );
  const gz = (u: string) =>
    gzipSync(readFileSync(path.join("public", u))).length;
  const routeJs = (ids: string[]) => {
    const files = new Set<string>([
      manifest.entry.module,
      ...manifest.entry.imports,
    ]);
    for (const id of ids) {
      const r = manifest.routes[id];
      files.add(r.module);
      for (const i of r.imports ?? []) files.add(i);
    }
    return [...files].reduce((s, f) => s + gz(f), 0);
  };
  report(
    "JS /admin (gzip)",
    routeJs(["root", "routes/admin", "routes/admin._index"]),
    250 * 1024,
    "B",
  );
  report(
    "JS /create (gzip)",
    routeJs(["root", "routes/create"]),
    250 * 1024,
    "B",
  );
  report("JS / (gzip)", routeJs(["root", "routes/_index"]), 250 * 1024, "B");
} else {
  console.log("  (no public/build: run `npm run build` for JS per route)");
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\n${"figure".padEnd(width)}  value / target = ratio`);
for (const [name, value, target, unit] of rows) {
  const ratio = target === 0 ? (value === 0 ? 0 : Infinity) : value / target;
  console.log(
    `${name.padEnd(width)}  ${value.toLocaleString("en")} ${unit} / ${target.toLocaleString("en")} ${unit} = ${ratio.toFixed(2)}${ratio <= 1 ? "" : "  ✗"}`,
  );
}
process.exit(0);
