/**
 * The ModelManager's list (`/admin/models`, issue 13): a page of the
 * catalogue under any filter, sort or search, reading only the page (ADR
 * 0059). Bulk changes go through `registry:bulkUpdateModels`.
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { adminQuery } from "./functions";
import * as ModelList from "./model/modelList";
import {
  modelListRowValidator,
  modelListSortValidator,
  modelListStatusValidator,
} from "./validators";

/** Most rows one page may hold. */
export const MAX_PAGE_SIZE = 100;

const choiceValidator = v.object({ value: v.string(), count: v.number() });

/**
 * Admin: `listModels({ paginationOpts, status?, provider?, category?,
 * search?, sort?, order? })` → `{ page, isDone, continueCursor, total }`.
 *
 * - `status` (default `"all"` = not soft-deleted): `active`, `inactive`,
 *   `deprecated`, `paused` (circuit breaker) or `deleted`; a model may match
 *   several. `provider`, `category`: exact values (absent = any).
 * - `sort` (default `"name"`): `name` | `price` (US$/s) | `videos` (terminal
 *   videos) | `success` (0..1) | `updated` (ms) | `p50` (median generation
 *   time, s; models without one first when ascending); `order` `asc` (default) or
 *   `desc`. With `search` (words of the name, model id or provider) the page
 *   is in relevance order and `sort` is ignored.
 * - `total`: models under the filters (without the search).
 * - Rows: the model's name, ids, flags, price, pause and usage fields
 *   (`modelListRowValidator`). Reads: the page's rows (plus the index's
 *   look-ahead) and one count, whatever the catalogue size.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`; `INVALID_ARGUMENT` for a page
 *   size outside 1–100.
 */
export const listModels = adminQuery({
  args: {
    paginationOpts: paginationOptsValidator,
    status: v.optional(modelListStatusValidator),
    provider: v.optional(v.string()),
    category: v.optional(v.string()),
    search: v.optional(v.string()),
    sort: v.optional(modelListSortValidator),
    order: v.optional(v.union(v.literal("asc"), v.literal("desc"))),
  },
  returns: v.object({
    page: v.array(modelListRowValidator),
    isDone: v.boolean(),
    continueCursor: v.string(),
    total: v.number(),
  }),
  handler: async (ctx, args) => {
    const { numItems } = args.paginationOpts;
    if (!Number.isInteger(numItems) || numItems < 1 || numItems > MAX_PAGE_SIZE)
      ModelList.failPageSize(MAX_PAGE_SIZE);
    const query: ModelList.ModelListQuery = {
      status: args.status ?? "all",
      provider: args.provider,
      category: args.category,
      search: args.search,
      sort: args.sort ?? "name",
      order: args.order ?? "asc",
    };
    const result = await ModelList.pageQuery(ctx, query).paginate(
      args.paginationOpts,
    );
    return {
      page: result.page,
      isDone: result.isDone,
      continueCursor: result.continueCursor,
      total: await ModelList.countOf(ctx, query),
    };
  },
});

/**
 * Admin: `listModelFilters({})` → `{ providers, categories, statuses }`,
 * each `{ value, count }[]`: the providers and categories of models that are
 * not deleted (at most 200 each, by value) and how many models each status
 * filter holds. Reads one count document per choice.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listModelFilters = adminQuery({
  args: {},
  returns: v.object({
    providers: v.array(choiceValidator),
    categories: v.array(choiceValidator),
    statuses: v.array(choiceValidator),
  }),
  handler: async (ctx) => await ModelList.facetChoices(ctx),
});

/**
 * Internal: rebuilds the ModelManager rows of every model, 100 models per
 * transaction, scheduling itself for the rest (for a deployment whose
 * models predate the rows: `npx convex run modelManager:rebuildListRows`).
 * → the number of models refreshed in this batch.
 */
export const rebuildListRows = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  returns: v.number(),
  handler: async (ctx, { cursor }) => {
    const batch = await ctx.db
      .query("models")
      .paginate({ cursor: cursor ?? null, numItems: 100 });
    for (const model of batch.page)
      await ModelList.refreshModelListRows(ctx, model.modelId);
    if (!batch.isDone)
      await ctx.scheduler.runAfter(0, internal.modelManager.rebuildListRows, {
        cursor: batch.continueCursor,
      });
    return batch.page.length;
  },
});
