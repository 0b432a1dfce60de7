/**
 * The ModelManager's list at catalogue scale (issue 13, ADR 0059): 1,000
 * models created through `models:createModel`, then pages under filters,
 * sorts and a search read only what they show plus a constant (measured
 * with Convex's real transaction metrics), in the right order, and the rows
 * follow every kind of model change (bulk actions, delete, restore, pause,
 * edits, usage).
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { FunctionArgs } from "convex/server";
import type { Doc, Id } from "./_generated/dataModel";
import * as Catalogue from "./model/catalogue";
import * as Health from "./model/health";
import { facetKey, facetsOf } from "./model/modelList";
import * as Stats from "./model/stats";
import { ADMIN, api, errorData, internal, setup } from "./test.setup";

const MODELS = 1000;
const PROVIDERS = 10;
const CATEGORIES = ["premium", "budget", "experimental"];
/** Reads beyond the page's rows: one count, the index's look-ahead. */
const OVERHEAD = 3;

type Seeded = {
  modelId: string;
  name: string;
  provider: string;
  category: string;
  costPerSecond: number;
  isActive: boolean;
  isDeprecated: boolean;
};

/** Model i: unique price and name, providers/categories/flags spread. */
function seeded(i: number): Seeded {
  const n = String(i).padStart(4, "0");
  return {
    modelId: `p${i % PROVIDERS}/model-${n}`,
    // Names in an order different from the ids: sorting is really by name.
    name: `Model ${String((i * 7919) % MODELS).padStart(4, "0")}`,
    provider: `p${i % PROVIDERS}`,
    category: CATEGORIES[i % CATEGORIES.length],
    // Unique prices, in an order unlike both ids and names.
    costPerSecond: (((i * 389) % MODELS) + 1) / 10000,
    isActive: i % 4 !== 0,
    isDeprecated: i % 5 === 0,
  };
}

const all = Array.from({ length: MODELS }, (_, i) => seeded(i));

let t: ReturnType<typeof setup>;
const admin = () => t.withIdentity(ADMIN);

type ListArgs = FunctionArgs<typeof api.modelManager.listModels>;

/** A page and the documents its query read (a nested query, real limits). */
async function measured(args: ListArgs) {
  return await admin().run(async (ctx) => {
    const before = (await ctx.meta.getTransactionMetrics()).documentsRead.used;
    const result = await ctx.runQuery(api.modelManager.listModels, args);
    const after = (await ctx.meta.getTransactionMetrics()).documentsRead.used;
    return { read: after - before, result };
  });
}

beforeAll(async () => {
  t = setup({ transactionLimits: true });
  const definition = (m: Seeded) => ({
    ...m,
    description: "",
    supportedDurations: [5, 10],
    supportedQualities: ["standard"],
    isPremium: false,
    isDefault: false,
    replicateModelId: m.modelId,
  });
  // The first ones through the public mutation, the rest through the same
  // code (`Catalogue.createModel`: validation, audit, list rows) 100 per
  // transaction, which keeps the suite quick.
  const viaApi = 20;
  for (const m of all.slice(0, viaApi))
    await admin().mutation(api.models.createModel, definition(m));
  for (let start = viaApi; start < MODELS; start += 100) {
    await t.run(async (ctx) => {
      for (const m of all.slice(start, start + 100))
        await Catalogue.createModel(ctx, definition(m), { label: "seed" });
    });
  }
}, 600_000);

describe("ModelManager list with 1,000 models", () => {
  // Search is left out: convex-test simulates a search index by scanning the
  // table; the engine's search reads only the results it returns.
  test("a page reads what it shows plus a constant, under any filter and sort", async () => {
    const cases: { args: Omit<ListArgs, "paginationOpts">; size: number }[] = [
      { args: {}, size: 50 },
      { args: { sort: "price", order: "desc" }, size: 50 },
      { args: { status: "deprecated", sort: "updated" }, size: 25 },
      {
        args: { status: "inactive", provider: "p4", sort: "videos" },
        size: 10,
      },
      {
        args: { provider: "p7", category: "budget", sort: "success" },
        size: 20,
      },
    ];
    const reads: Record<string, number> = {};
    for (const { args, size } of cases) {
      const first = await measured({
        ...args,
        paginationOpts: { numItems: size, cursor: null },
      });
      expect(first.result.page).toHaveLength(size);
      reads[JSON.stringify(args)] = first.read;
      expect(first.read, JSON.stringify(args)).toBeLessThanOrEqual(
        size + OVERHEAD,
      );
      // The second page costs the same: the cursor seeks, nothing is skipped.
      const second = await measured({
        ...args,
        paginationOpts: { numItems: size, cursor: first.result.continueCursor },
      });
      expect(second.read, JSON.stringify(args)).toBeLessThanOrEqual(
        size + OVERHEAD,
      );
    }
    console.info("documents read by first pages:", reads);
  });

  test("filters and sorts give exactly the matching models in order, across pages", async () => {
    // Active, deprecated, provider p3, by price, most expensive first.
    const expected = all
      .filter((m) => m.provider === "p3" && m.isDeprecated && m.isActive)
      .sort((a, b) => b.costPerSecond - a.costPerSecond)
      .map((m) => m.modelId);
    const deprecatedP3 = all.filter(
      (m) => m.provider === "p3" && m.isDeprecated,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = -1;
    for (;;) {
      const { result } = await measured({
        status: "deprecated",
        provider: "p3",
        sort: "price",
        order: "desc",
        paginationOpts: { numItems: 7, cursor },
      });
      total = result.total;
      seen.push(...result.page.filter((r) => r.isActive).map((r) => r.modelId));
      for (const row of result.page) expect(row.isDeprecated).toBe(true);
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    expect(total).toBe(deprecatedP3.length);
    expect(seen).toEqual(expected);

    // By name, A→Z, inactive budget models.
    const byName = all
      .filter((m) => !m.isActive && m.category === "budget")
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, 30)
      .map((m) => m.name);
    const { result } = await measured({
      status: "inactive",
      category: "budget",
      paginationOpts: { numItems: 30, cursor: null },
    });
    expect(result.page.map((r) => r.name)).toEqual(byName);

    // Search finds a model by a word of its id.
    const found = await measured({
      search: "0042",
      paginationOpts: { numItems: 5, cursor: null },
    });
    expect(found.result.page.map((r) => r.modelId)).toContain("p2/model-0042");
  });

  test("filter choices count the models under each provider, category and status", async () => {
    const filters = await admin().query(api.modelManager.listModelFilters, {});
    expect(filters.providers).toHaveLength(PROVIDERS);
    expect(filters.providers.find((p) => p.value === "p0")?.count).toBe(
      MODELS / PROVIDERS,
    );
    expect(filters.categories.map((c) => c.value).sort()).toEqual(
      [...CATEGORIES].sort(),
    );
    const status = (s: string) =>
      filters.statuses.find((c) => c.value === s)?.count ?? 0;
    expect(status("all")).toBe(MODELS);
    expect(status("active")).toBe(all.filter((m) => m.isActive).length);
    expect(status("deprecated")).toBe(all.filter((m) => m.isDeprecated).length);
    expect(status("paused")).toBe(0);
  });

  test("the rows follow bulk actions, delete, restore, pause, edits and usage", async () => {
    const ids = ["p1/model-0001", "p2/model-0002", "p3/model-0003"];
    await admin().mutation(api.registry.bulkUpdateModels, {
      modelIds: ids,
      action: "deprecate",
    });
    await admin().mutation(api.models.deleteModel, { modelId: ids[1] });
    await admin().mutation(api.models.updateModel, {
      modelId: ids[2],
      provider: "moved",
      category: "premium",
      costPerSecond: 9,
    });
    await t.run(async (ctx) => {
      const model = await ctx.db
        .query("models")
        .withIndex("by_modelId", (q) => q.eq("modelId", ids[0]))
        .unique();
      await Health.pauseModel(ctx, model!, "failure rate 80%", {
        label: "circuit-breaker",
      });
    });

    const page = async (args: Omit<ListArgs, "paginationOpts">) =>
      (
        await admin().query(api.modelManager.listModels, {
          ...args,
          paginationOpts: { numItems: 100, cursor: null },
        })
      ).page.map((r) => r.modelId);

    expect(await page({ status: "paused" })).toEqual([ids[0]]);
    expect(await page({ status: "deleted" })).toEqual([ids[1]]);
    expect(await page({ search: "p2/model-0002" })).not.toContain(ids[1]);
    expect(await page({ provider: "moved", sort: "price" })).toEqual([ids[2]]);
    expect((await page({ provider: "p3" })).includes(ids[2])).toBe(false);
    expect(
      (await page({ status: "all", sort: "price", order: "desc" }))[0],
    ).toBe(ids[2]);
    const deprecatedP1 = await page({ status: "deprecated", provider: "p1" });
    expect(deprecatedP1).toContain(ids[0]);

    // Restore and resume: back under "all", out of "deleted" and "paused".
    await admin().mutation(api.models.restoreModel, { modelId: ids[1] });
    await admin().mutation(api.registry.resumeModel, { modelId: ids[0] });
    expect(await page({ status: "paused" })).toEqual([]);
    expect(await page({ status: "deleted" })).toEqual([]);
    expect(await page({ search: "0002" })).toContain(ids[1]);

    // Usage: a finished video moves the model up the "videos" sort.
    await t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", {
        tokenIdentifier: "t|usage",
        email: "usage@example.com",
        emailLower: "usage@example.com",
        role: "creator",
        balance: 0,
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
      const video = {
        _id: "usage-video" as Id<"videos">,
        userId,
        model: "p9/model-0999",
        creditsCost: 10,
        createdAt: Date.now(),
      } as Doc<"videos">;
      await Stats.recordVideoCreated(ctx, video);
      await Stats.recordVideoFinished(ctx, video, "succeeded", 12, 0);
    });
    // Usage reaches the rows when the rollup is folded (the cron's job).
    await t.mutation(internal.stats.fold, {});
    const top = await admin().query(api.modelManager.listModels, {
      sort: "videos",
      order: "desc",
      paginationOpts: { numItems: 1, cursor: null },
    });
    expect(top.page[0]).toMatchObject({
      modelId: "p9/model-0999",
      videos: 1,
      successRate: 1,
      averageGenerationTime: 12,
      p50GenerationTime: 12,
    });
    const slowest = await admin().query(api.modelManager.listModels, {
      sort: "p50",
      order: "desc",
      paginationOpts: { numItems: 1, cursor: null },
    });
    expect(slowest.page[0]?.modelId).toBe("p9/model-0999");

    // Every model's rows are exactly its filter combinations.
    await t.run(async (ctx) => {
      for (const modelId of [...ids, "p9/model-0999"]) {
        const model = await ctx.db
          .query("models")
          .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
          .unique();
        const rows = await ctx.db
          .query("modelListRows")
          .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
          .collect();
        expect(rows.map((r) => r.facet).sort()).toEqual(
          facetsOf(model!).map(facetKey).sort(),
        );
        for (const row of rows) expect(row.updatedAt).toBe(model!.updatedAt);
      }
    });
  });

  test("a page size outside 1–100 is refused; creators are refused", async () => {
    expect(
      await errorData(
        admin().query(api.modelManager.listModels, {
          paginationOpts: { numItems: 500, cursor: null },
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(
      await errorData(
        t
          .withIdentity({
            subject: "c",
            tokenIdentifier: "t|c",
            email: "c@x.io",
          })
          .query(api.modelManager.listModels, {
            paginationOpts: { numItems: 10, cursor: null },
          }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });
});

test("init-models gives models that predate the list rows their rows", async () => {
  const t = setup();
  // A deployment from before ADR 0059: a model stored without list rows.
  await t.run(async (ctx) => {
    const now = Date.now();
    await ctx.db.insert("models", {
      modelId: "legacy/old-model",
      name: "Old model",
      description: "",
      costPerSecond: 0.1,
      supportedDurations: [5],
      supportedQualities: ["standard"],
      qualityMultipliers: {},
      isPremium: false,
      isActive: true,
      isDefault: false,
      isDeprecated: false,
      provider: "legacy",
      replicateModelId: "legacy/old-model",
      createdAt: now,
      updatedAt: now,
    });
  });
  const listed = async () =>
    (
      await t.withIdentity(ADMIN).query(api.modelManager.listModels, {
        paginationOpts: { numItems: 50, cursor: null },
      })
    ).page.map((row) => row.modelId);
  expect(await listed()).not.toContain("legacy/old-model");
  await t.mutation(internal.models.initializeDefaultModelsInternal, {});
  await t.finishAllScheduledFunctions(() => undefined);
  expect(await listed()).toContain("legacy/old-model");
  expect(await listed()).toHaveLength(4);
});
