/**
 * The statistics rollup (ADR 0025): folds `statShards` that changed since
 * the last run into one document per model (`modelStats`), per model and
 * day (`modelDailyStats`) and per day (`dailyStats`), so the dashboard can
 * rank models and draw 30 days from an index without summing shards. Runs
 * from a cron every few seconds; writers never read the rollups, so the fold
 * never makes a `createVideo` retry.
 *
 * Before its first fold it moves pre-sharding history (the old one-document
 * counters) into base shards, in batches, so totals stay the same.
 */
import { refreshModelListUsage } from "./modelList";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { migrateLegacyCounter } from "./counters";
import { generationTimePercentiles, recordGenerationTime } from "./percentiles";
import {
  addCounts,
  addToShard,
  ALL_KEY,
  asModelStats,
  BASE_SHARD,
  type Counts,
  countsOf,
  dayKey,
  modelDayKey,
  modelKey,
  modelRollup,
  shardsOf,
  type StatScope,
  ZERO_COUNTS,
} from "./stats";

/** Changed shards folded per transaction. */
export const FOLD_BATCH = 200;
/** Legacy documents migrated per transaction. */
const MIGRATE_BATCH = 100;

/** Writes the rollup document of one key from the sum of its shards. */
async function writeRollup(
  ctx: MutationCtx,
  scope: StatScope,
  counts: Counts,
): Promise<void> {
  const daily = {
    created: counts.created,
    succeeded: counts.succeeded,
    failed: counts.failed,
    canceled: counts.canceled,
    creditsCharged: counts.creditsCharged,
    creditsRefunded: counts.creditsRefunded,
  };
  if (scope.modelId !== undefined && scope.day !== undefined) {
    const { modelId, day } = scope;
    const existing = await ctx.db
      .query("modelDailyStats")
      .withIndex("by_day_and_modelId", (q) =>
        q.eq("day", day).eq("modelId", modelId),
      )
      .unique();
    if (existing === null)
      await ctx.db.insert("modelDailyStats", { day, modelId, ...daily });
    else await ctx.db.patch("modelDailyStats", existing._id, daily);
  } else if (scope.modelId !== undefined) {
    const { modelId } = scope;
    const percentiles = await generationTimePercentiles(ctx, modelId);
    const row = {
      ...asModelStats(counts),
      p50GenerationTimeMs: percentiles?.p50Ms,
      p95GenerationTimeMs: percentiles?.p95Ms,
      updatedAt: Date.now(),
    };
    const existing = await modelRollup(ctx, modelId);
    if (existing === null)
      await ctx.db.insert("modelStats", { modelId, ...row });
    else await ctx.db.patch("modelStats", existing._id, row);
    // The ModelManager sorts by these numbers (ADR 0059).
    await refreshModelListUsage(ctx, modelId);
  } else if (scope.day !== undefined) {
    const { day } = scope;
    const existing = await ctx.db
      .query("dailyStats")
      .withIndex("by_day", (q) => q.eq("day", day))
      .unique();
    if (existing === null) await ctx.db.insert("dailyStats", { day, ...daily });
    else await ctx.db.patch("dailyStats", existing._id, daily);
  }
  // `all` has no rollup: the totals read its shards (exact).
}

/**
 * Folds up to `FOLD_BATCH` changed shards.
 * @returns the number of keys refreshed and whether more are waiting.
 */
async function foldChanged(
  ctx: MutationCtx,
): Promise<{ keys: number; more: boolean }> {
  const changed = await ctx.db
    .query("statShards")
    .withIndex("by_folded", (q) => q.eq("folded", false))
    .take(FOLD_BATCH);
  const scopes = new Map<string, StatScope>();
  for (const s of changed) {
    scopes.set(s.key, { key: s.key, modelId: s.modelId, day: s.day });
  }
  for (const scope of scopes.values()) {
    const shards = await shardsOf(ctx, scope.key);
    let counts = ZERO_COUNTS;
    for (const shard of shards) {
      counts = addCounts(counts, countsOf(shard));
      if (!shard.folded)
        await ctx.db.patch("statShards", shard._id, { folded: true });
    }
    await writeRollup(ctx, scope, counts);
  }
  return { keys: scopes.size, more: changed.length === FOLD_BATCH };
}

function legacyModelCounts(row: Doc<"modelStats">): Counts {
  return {
    created: row.createdGenerations,
    succeeded: row.successfulGenerations,
    failed: row.failedGenerations,
    canceled: row.canceledGenerations,
    timedMs: row.totalGenerationTimeMs,
    timed: row.timedGenerations,
    creditsCharged: row.creditsCharged,
    creditsRefunded: row.creditsRefunded,
  };
}

/**
 * One step (≤ MIGRATE_BATCH documents per table) of the migration of
 * pre-sharding history into base shards:
 * `modelStats` rows (→ `m:` and `all`), then `modelDailyStats` rows (→ `md:`
 * and `d:`), then timed videos (→ the percentile aggregate), then the users
 * counter. Rollups are only written by the fold, which waits for this, so
 * every row seen here is history.
 * @returns true once everything has been migrated.
 */
async function migrateStep(ctx: MutationCtx): Promise<boolean> {
  const meta = await ctx.db.query("statsMeta").first();
  if (meta?.migrated) return true;
  const phases = ["models", "daily", "videos"];
  let phase = meta?.phase ?? "models";
  let after = meta?.cursor === undefined ? -1 : Number(meta.cursor);
  let full = false;
  while (!full && phases.includes(phase)) {
    let last: number | null = null;
    let seen = 0;
    if (phase === "models") {
      const rows = await ctx.db
        .query("modelStats")
        .withIndex("by_creation_time", (q) => q.gt("_creationTime", after))
        .take(MIGRATE_BATCH);
      for (const row of rows) {
        const counts = legacyModelCounts(row);
        await addToShard(ctx, { key: ALL_KEY }, BASE_SHARD, counts);
        await addToShard(
          ctx,
          { key: modelKey(row.modelId), modelId: row.modelId },
          BASE_SHARD,
          counts,
        );
        last = row._creationTime;
      }
      seen = rows.length;
    } else if (phase === "daily") {
      const rows = await ctx.db
        .query("modelDailyStats")
        .withIndex("by_creation_time", (q) => q.gt("_creationTime", after))
        .take(MIGRATE_BATCH);
      for (const row of rows) {
        const counts = countsOf({ ...ZERO_COUNTS, ...row });
        await addToShard(
          ctx,
          { key: dayKey(row.day), day: row.day },
          BASE_SHARD,
          counts,
        );
        await addToShard(
          ctx,
          {
            key: modelDayKey(row.day, row.modelId),
            modelId: row.modelId,
            day: row.day,
          },
          BASE_SHARD,
          counts,
        );
        last = row._creationTime;
      }
      seen = rows.length;
    } else {
      // Idempotent per video, so a tie on createdAt is simply seen twice.
      const rows = await ctx.db
        .query("videos")
        .withIndex("by_status_and_createdAt", (q) =>
          q.eq("status", "succeeded").gt("createdAt", after),
        )
        .take(MIGRATE_BATCH);
      for (const video of rows) {
        if (video.predictTime !== undefined && video.predictTime >= 0) {
          await recordGenerationTime(
            ctx,
            video.model,
            video._id,
            video.predictTime * 1000,
          );
        }
        last = video.createdAt;
      }
      seen = rows.length;
    }
    if (seen === MIGRATE_BATCH && last !== null) {
      after = last;
      full = true;
    } else {
      phase = phases[phases.indexOf(phase) + 1] ?? "done";
      after = -1;
    }
  }
  const done = !full;
  if (done) await migrateLegacyCounter(ctx, "users");
  const state = {
    migrated: done,
    ...(done ? {} : { phase, cursor: String(after) }),
  };
  if (meta === null) await ctx.db.insert("statsMeta", state);
  else await ctx.db.replace("statsMeta", meta._id, state);
  return done;
}

/**
 * One run of the fold: one batch of the history migration while it lasts,
 * then up to five batches of changed shards.
 * @returns whether more work is waiting (the caller schedules another run).
 */
export async function foldStats(ctx: MutationCtx): Promise<boolean> {
  if (!(await migrateStep(ctx))) return true;
  for (let i = 0; i < 5; i++) {
    const { more } = await foldChanged(ctx);
    if (!more) return false;
  }
  return true;
}
