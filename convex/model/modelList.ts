/**
 * The ModelManager's read model (ADR 0059). A catalogue of a thousand models
 * must page through any filter (status × provider × category) in any sort
 * order reading only the page. Convex reads an index range, so each model is
 * stored once per filter combination it belongs to (`facet`, with `*` for
 * "any"), beside its sort keys: a page is then one index range of
 * `modelListRows`, and `modelListCounts` holds how many models each
 * combination has (totals and the filter choices).
 *
 * Kept in step by `refreshModelListRows`, which every audited model change
 * calls (`recordAudit`: every write to a model is audited, so that is the one
 * place that sees them all), and by `refreshModelListUsage` when a model's
 * usage counters change.
 */
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import type {
  ModelListSort,
  ModelListStatus,
  ModelListRow,
} from "../validators";
import { fail } from "../lib/errors";
import { modelRollup, summarise } from "./stats";

/** "Any" in a facet position. */
export const ANY = "*";

/** A filter combination: each position a value or `*`. */
export type Facet = { status: string; provider: string; category: string };

/** Most providers or categories the filter choices list. */
export const MAX_FACET_CHOICES = 200;

/** The facet key of a filter combination (values URI-encoded, so no `|`). */
export function facetKey(f: Facet): string {
  const part = (value: string) =>
    value === ANY ? ANY : encodeURIComponent(value);
  return `${part(f.status)}|${part(f.provider)}|${part(f.category)}`;
}

/**
 * The status filters a model answers to: deleted models only to `deleted`;
 * others to `all`, `active` or `inactive`, and `deprecated` and `paused`
 * when they are.
 */
export function statusesOf(model: Doc<"models">): ModelListStatus[] {
  if (model.deletedAt !== undefined) return ["deleted"];
  const out: ModelListStatus[] = [
    "all",
    model.isActive ? "active" : "inactive",
  ];
  if (model.isDeprecated) out.push("deprecated");
  if (model.pausedAt !== undefined) out.push("paused");
  return out;
}

/** Every filter combination a model belongs to. */
export function facetsOf(model: Doc<"models">): Facet[] {
  const providers = [ANY, model.provider];
  const categories =
    model.category === undefined || model.category === ""
      ? [ANY]
      : [ANY, model.category];
  const out: Facet[] = [];
  for (const status of statusesOf(model))
    for (const provider of providers)
      for (const category of categories)
        out.push({ status, provider, category });
  return out;
}

/**
 * Letters and digits only, one space apart: "google/veo-3" is found by
 * "veo" and by "veo-3" alike, whatever the engine's tokenizer.
 */
export function searchWords(text: string): string {
  return text.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

type Usage = Pick<
  ModelListRow,
  "videos" | "successRate" | "averageGenerationTime" | "p50GenerationTime"
>;

/** The model's usage from its rollup (`modelStats`, folded by statsFold). */
async function usageOf(ctx: QueryCtx, modelId: string): Promise<Usage> {
  const rollup = await modelRollup(ctx, modelId);
  const stats = summarise(modelId, rollup);
  return {
    videos: stats.totalGenerations,
    successRate: stats.successRate,
    averageGenerationTime: stats.averageGenerationTime,
    p50GenerationTime:
      rollup?.p50GenerationTimeMs === undefined
        ? undefined
        : rollup.p50GenerationTimeMs / 1000,
  };
}

function rowFields(model: Doc<"models">, usage: Usage) {
  return {
    modelId: model.modelId,
    name: model.name,
    nameKey: model.name.toLowerCase(),
    searchText: searchWords(`${model.name} ${model.modelId} ${model.provider}`),
    provider: model.provider,
    category: model.category,
    costPerSecond: model.costPerSecond,
    isActive: model.isActive,
    isDeprecated: model.isDeprecated,
    isDefault: model.isDefault,
    isPremium: model.isPremium,
    deletedAt: model.deletedAt,
    pausedAt: model.pausedAt,
    pauseReason: model.pauseReason,
    sunsetAt: model.sunsetAt,
    updatedAt: model.updatedAt,
    ...usage,
  };
}

async function bumpCount(ctx: MutationCtx, facet: Facet, delta: number) {
  const key = facetKey(facet);
  const existing = await ctx.db
    .query("modelListCounts")
    .withIndex("by_facet", (q) => q.eq("facet", key))
    .unique();
  if (existing === null) {
    if (delta > 0)
      await ctx.db.insert("modelListCounts", {
        facet: key,
        ...facet,
        count: delta,
      });
    return;
  }
  const count = existing.count + delta;
  if (count <= 0) await ctx.db.delete("modelListCounts", existing._id);
  else await ctx.db.patch("modelListCounts", existing._id, { count });
}

function parseFacet(key: string): Facet {
  const [status, provider, category] = key
    .split("|")
    .map((part) => (part === ANY ? ANY : decodeURIComponent(part)));
  return { status, provider, category };
}

/**
 * Brings a model's rows (and the counts) in line with the stored model:
 * rows of combinations it left are deleted, new ones inserted, the rest
 * patched. A model that does not exist loses its rows.
 */
export async function refreshModelListRows(
  ctx: MutationCtx,
  modelId: string,
): Promise<void> {
  const model = await ctx.db
    .query("models")
    .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
    .unique();
  const existing = await ctx.db
    .query("modelListRows")
    .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
    .collect();
  const wanted = new Map(
    (model === null ? [] : facetsOf(model)).map((f) => [facetKey(f), f]),
  );
  const fields =
    model === null ? null : rowFields(model, await usageOf(ctx, modelId));
  for (const row of existing) {
    if (fields !== null && wanted.has(row.facet)) {
      await ctx.db.patch("modelListRows", row._id, fields);
      wanted.delete(row.facet);
    } else {
      await ctx.db.delete("modelListRows", row._id);
      await bumpCount(ctx, parseFacet(row.facet), -1);
    }
  }
  if (fields === null) return;
  for (const [facet, parts] of wanted) {
    await ctx.db.insert("modelListRows", { facet, ...fields });
    await bumpCount(ctx, parts, 1);
  }
}

/** Copies a model's current usage counters onto its rows. */
export async function refreshModelListUsage(
  ctx: MutationCtx,
  modelId: string,
): Promise<void> {
  const usage = await usageOf(ctx, modelId);
  const rows = await ctx.db
    .query("modelListRows")
    .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
    .collect();
  for (const row of rows) {
    if (
      row.videos !== usage.videos ||
      row.successRate !== usage.successRate ||
      row.averageGenerationTime !== usage.averageGenerationTime ||
      row.p50GenerationTime !== usage.p50GenerationTime
    )
      await ctx.db.patch("modelListRows", row._id, usage);
  }
}

/** What a ModelManager page asks for. */
export type ModelListQuery = {
  status: ModelListStatus;
  provider?: string;
  category?: string;
  search?: string;
  sort: ModelListSort;
  order: "asc" | "desc";
};

/** The facet key of a page request. */
export function facetOfQuery(query: ModelListQuery): string {
  return facetKey({
    status: query.status,
    provider: query.provider || ANY,
    category: query.category || ANY,
  });
}

/**
 * The index range for a page: one index per sort key, the facet as its
 * prefix; a search uses the search index (relevance order) with the facet
 * as its filter.
 */
export function pageQuery(ctx: QueryCtx, query: ModelListQuery) {
  const facet = facetOfQuery(query);
  const table = ctx.db.query("modelListRows");
  const search = searchWords(query.search ?? "");
  if (search)
    return table.withSearchIndex("search_searchText", (q) =>
      q.search("searchText", search).eq("facet", facet),
    );
  const ordered = (() => {
    switch (query.sort) {
      case "price":
        return table.withIndex("by_facet_and_costPerSecond", (q) =>
          q.eq("facet", facet),
        );
      case "videos":
        return table.withIndex("by_facet_and_videos", (q) =>
          q.eq("facet", facet),
        );
      case "success":
        return table.withIndex("by_facet_and_successRate", (q) =>
          q.eq("facet", facet),
        );
      case "updated":
        return table.withIndex("by_facet_and_updatedAt", (q) =>
          q.eq("facet", facet),
        );
      case "p50":
        return table.withIndex("by_facet_and_p50GenerationTime", (q) =>
          q.eq("facet", facet),
        );
      case "name":
        return table.withIndex("by_facet_and_nameKey", (q) =>
          q.eq("facet", facet),
        );
    }
  })();
  return ordered.order(query.order);
}

/** How many models a filter combination holds (one read). */
export async function countOf(
  ctx: QueryCtx,
  query: ModelListQuery,
): Promise<number> {
  const row = await ctx.db
    .query("modelListCounts")
    .withIndex("by_facet", (q) => q.eq("facet", facetOfQuery(query)))
    .unique();
  return row?.count ?? 0;
}

/** A filter choice and how many models (not deleted) it holds. */
export type FacetChoice = { value: string; count: number };

/**
 * The filter choices: providers and categories of models that are not
 * deleted, and the count under each status, each list one index range.
 */
export async function facetChoices(ctx: QueryCtx): Promise<{
  providers: FacetChoice[];
  categories: FacetChoice[];
  statuses: FacetChoice[];
}> {
  const providers = await ctx.db
    .query("modelListCounts")
    .withIndex("by_status_and_category_and_provider", (q) =>
      q.eq("status", "all").eq("category", ANY),
    )
    .take(MAX_FACET_CHOICES + 1);
  const categories = await ctx.db
    .query("modelListCounts")
    .withIndex("by_status_and_provider_and_category", (q) =>
      q.eq("status", "all").eq("provider", ANY),
    )
    .take(MAX_FACET_CHOICES + 1);
  const statuses = await ctx.db
    .query("modelListCounts")
    .withIndex("by_provider_and_category_and_status", (q) =>
      q.eq("provider", ANY).eq("category", ANY),
    )
    .take(10);
  const choices = (rows: Doc<"modelListCounts">[], pick: keyof Facet) =>
    rows
      .filter((row) => row[pick] !== ANY)
      .map((row) => ({ value: row[pick], count: row.count }))
      .slice(0, MAX_FACET_CHOICES);
  return {
    providers: choices(providers, "provider"),
    categories: choices(categories, "category"),
    statuses: choices(statuses, "status"),
  };
}

/** Refuses a page size outside 1–`max`. */
export function failPageSize(max: number): never {
  fail(
    "INVALID_ARGUMENT",
    `A page holds 1 to ${max} models.`,
    "paginationOpts",
  );
}
