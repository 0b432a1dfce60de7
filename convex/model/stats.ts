/**
 * Usage statistics without hot documents (ADR 0025). A video event (created,
 * finished) adds its deltas to ONE randomly chosen shard of each of four
 * keys: `all`, `m:<modelId>`, `d:<day>`, `md:<day>:<modelId>` (table
 * `statShards`), the way `@convex-dev/sharded-counter` spreads one counter
 * over shards, but with all of an event's fields in one document per key.
 * Exact reads sum a key's shards (≤ STAT_SHARDS + 1 documents); the
 * dashboard's ranked and per-day views read rollups (`modelStats`,
 * `modelDailyStats`, `dailyStats`) that `statsFold.ts` refreshes every few
 * seconds. Kept out of the `models` documents so finished videos never
 * invalidate the catalogue subscriptions (ADR 0003).
 */
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { utcDay } from "../lib/clock";
import { recordGenerationTime } from "./percentiles";

/** The terminal outcome of a video for the statistics. */
export type Outcome = "succeeded" | "failed" | "canceled";

/** Shards per key: 50 videos/s on one model → ~6 writes/s per shard. */
export const STAT_SHARDS = 16;
/** The shard holding history from before sharding (written by the migration). */
export const BASE_SHARD = -1;

/** What `getModelStats` returns (API-CONTRACT), plus the admin-only percentiles. */
export type ModelStatsSummary = {
  modelId: string;
  totalGenerations: number;
  successfulGenerations: number;
  failedGenerations: number;
  canceledGenerations: number;
  createdGenerations: number;
  /** succeeded / (succeeded + failed), 0..1; 0 when there are none. */
  successRate: number;
  /** Seconds; 0 when none was timed. */
  averageGenerationTime: number;
  creditsCharged: number;
  creditsRefunded: number;
};

/** The counters one shard (or the sum of a key's shards) holds. */
export type Counts = {
  created: number;
  succeeded: number;
  failed: number;
  canceled: number;
  timedMs: number;
  timed: number;
  creditsCharged: number;
  creditsRefunded: number;
};

export const ZERO_COUNTS: Counts = {
  created: 0,
  succeeded: 0,
  failed: 0,
  canceled: 0,
  timedMs: 0,
  timed: 0,
  creditsCharged: 0,
  creditsRefunded: 0,
};

const COUNT_FIELDS = Object.keys(ZERO_COUNTS) as (keyof Counts)[];

export { utcDay };

/** A statistics key and what it describes. */
export type StatScope = { key: string; modelId?: string; day?: string };

export const ALL_KEY = "all";
export const modelKey = (modelId: string) => `m:${modelId}`;
export const dayKey = (day: string) => `d:${day}`;
export const modelDayKey = (day: string, modelId: string) =>
  `md:${day}:${modelId}`;

/** The four keys a video event of `modelId` on `day` adds to. */
export function scopesOf(modelId: string, day: string): StatScope[] {
  return [
    { key: ALL_KEY },
    { key: modelKey(modelId), modelId },
    { key: dayKey(day), day },
    { key: modelDayKey(day, modelId), modelId, day },
  ];
}

/** `a + b`, field by field. */
export function addCounts(a: Counts, b: Partial<Counts>): Counts {
  const out = { ...a };
  for (const field of COUNT_FIELDS) out[field] = a[field] + (b[field] ?? 0);
  return out;
}

/** The counters of a shard document. */
export function countsOf(shard: Counts): Counts {
  const out = { ...ZERO_COUNTS };
  for (const field of COUNT_FIELDS) out[field] = shard[field];
  return out;
}

/** Adds `delta` to one shard of one key, creating the shard when missing. */
export async function addToShard(
  ctx: MutationCtx,
  scope: StatScope,
  shard: number,
  delta: Partial<Counts>,
): Promise<void> {
  const existing = await ctx.db
    .query("statShards")
    .withIndex("by_key_and_shard", (q) =>
      q.eq("key", scope.key).eq("shard", shard),
    )
    .unique();
  const now = Date.now();
  if (existing === null) {
    await ctx.db.insert("statShards", {
      ...scope,
      shard,
      ...addCounts(ZERO_COUNTS, delta),
      folded: false,
      updatedAt: now,
    });
  } else {
    await ctx.db.patch("statShards", existing._id, {
      ...addCounts(countsOf(existing), delta),
      folded: false,
      updatedAt: now,
    });
  }
}

/** Adds one event's deltas to a random shard of each of its four keys. */
async function recordEvent(
  ctx: MutationCtx,
  modelId: string,
  day: string,
  delta: Partial<Counts>,
): Promise<void> {
  const shard = Math.floor(Math.random() * STAT_SHARDS);
  for (const scope of scopesOf(modelId, day)) {
    await addToShard(ctx, scope, shard, delta);
  }
}

/** The shards of a key (≤ STAT_SHARDS + 1 documents). */
export async function shardsOf(
  ctx: QueryCtx,
  key: string,
): Promise<Doc<"statShards">[]> {
  return await ctx.db
    .query("statShards")
    .withIndex("by_key_and_shard", (q) => q.eq("key", key))
    .take(STAT_SHARDS + 1);
}

/** The exact counters of a key: the sum of its shards. */
export async function readCounts(ctx: QueryCtx, key: string): Promise<Counts> {
  const shards = await shardsOf(ctx, key);
  return shards.reduce((sum, s) => addCounts(sum, countsOf(s)), ZERO_COUNTS);
}

/** A model's counters in the shape of a `modelStats` document. */
export function asModelStats(counts: Counts) {
  return {
    createdGenerations: counts.created,
    totalGenerations: counts.succeeded + counts.failed + counts.canceled,
    successfulGenerations: counts.succeeded,
    failedGenerations: counts.failed,
    canceledGenerations: counts.canceled,
    totalGenerationTimeMs: counts.timedMs,
    timedGenerations: counts.timed,
    creditsCharged: counts.creditsCharged,
    creditsRefunded: counts.creditsRefunded,
  };
}

type StoredModelStats = ReturnType<typeof asModelStats>;

/** The public summary of a model's counters (zeros when it has none). */
export function summarise(
  modelId: string,
  stats: StoredModelStats | null,
): ModelStatsSummary {
  const s = stats ?? asModelStats(ZERO_COUNTS);
  // Cancellations (by the user or the timeout) say nothing about the model.
  const judged = s.successfulGenerations + s.failedGenerations;
  return {
    modelId,
    totalGenerations: s.totalGenerations,
    successfulGenerations: s.successfulGenerations,
    failedGenerations: s.failedGenerations,
    canceledGenerations: s.canceledGenerations,
    createdGenerations: s.createdGenerations,
    successRate: judged === 0 ? 0 : s.successfulGenerations / judged,
    averageGenerationTime:
      s.timedGenerations === 0
        ? 0
        : s.totalGenerationTimeMs / s.timedGenerations / 1000,
    creditsCharged: s.creditsCharged,
    creditsRefunded: s.creditsRefunded,
  };
}

/** The contract's public fields of a summary (no counts of money). */
export function publicSummary(s: ModelStatsSummary) {
  return {
    modelId: s.modelId,
    totalGenerations: s.totalGenerations,
    successfulGenerations: s.successfulGenerations,
    failedGenerations: s.failedGenerations,
    successRate: s.successRate,
    averageGenerationTime: s.averageGenerationTime,
  };
}

/** A model's exact statistics, summed from its shards. */
export async function exactModelStats(
  ctx: QueryCtx,
  modelId: string,
): Promise<ModelStatsSummary> {
  return summarise(
    modelId,
    asModelStats(await readCounts(ctx, modelKey(modelId))),
  );
}

/** A model's `modelStats` rollup (ADR 0025), or null before its first fold. */
export async function modelRollup(
  ctx: QueryCtx,
  modelId: string,
): Promise<Doc<"modelStats"> | null> {
  return await ctx.db
    .query("modelStats")
    .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
    .unique();
}

/**
 * The admin-only p50/p95 generation time (seconds) as the fold copied them
 * from the `generationTimes` aggregate onto the rollup (ADR 0026, 0052):
 * the fold computes, queries read, so they lag the videos by up to one fold
 * period (10 s, `crons.ts`). Absent before the fold has seen a timed
 * success.
 */
export function rolledUpPercentiles(
  row: Pick<
    Doc<"modelStats">,
    "p50GenerationTimeMs" | "p95GenerationTimeMs"
  > | null,
): { p50GenerationTime?: number; p95GenerationTime?: number } {
  return {
    ...(row?.p50GenerationTimeMs === undefined
      ? {}
      : { p50GenerationTime: row.p50GenerationTimeMs / 1000 }),
    ...(row?.p95GenerationTimeMs === undefined
      ? {}
      : { p95GenerationTime: row.p95GenerationTimeMs / 1000 }),
  };
}

/**
 * A model's typical render for the poll schedule (ADR 0028): p50/p95 in
 * ms as the fold last copied them onto the rollup (ADR 0052), or null
 * before the fold has seen a timed success. One document read instead of
 * the aggregate's count and two look-ups (2 component calls, which Convex
 * runs and bills as function calls) on every create and poll; the schedule
 * does not need the last 10 s of history.
 */
export async function rolledUpRenderEstimate(
  ctx: QueryCtx,
  modelId: string,
): Promise<{ p50Ms: number; p95Ms: number } | null> {
  const row = await modelRollup(ctx, modelId);
  if (
    row?.p50GenerationTimeMs === undefined ||
    row.p95GenerationTimeMs === undefined
  )
    return null;
  return { p50Ms: row.p50GenerationTimeMs, p95Ms: row.p95GenerationTimeMs };
}

type UserDelta = Partial<
  Pick<
    Doc<"userModelStats">,
    "videos" | "succeeded" | "failed" | "canceled" | "creditsSpent"
  >
>;

/**
 * Moves one user's counters for one model (seed 003's user analytics). One
 * document per user and model: only that user's videos write it.
 */
async function bumpUserStats(
  ctx: MutationCtx,
  video: Doc<"videos">,
  delta: UserDelta,
) {
  const existing = await ctx.db
    .query("userModelStats")
    .withIndex("by_userId_and_modelId", (q) =>
      q.eq("userId", video.userId).eq("modelId", video.model),
    )
    .unique();
  const zero = {
    videos: 0,
    succeeded: 0,
    failed: 0,
    canceled: 0,
    creditsSpent: 0,
  };
  const base = existing ?? zero;
  const next = {
    videos: base.videos + (delta.videos ?? 0),
    succeeded: base.succeeded + (delta.succeeded ?? 0),
    failed: base.failed + (delta.failed ?? 0),
    canceled: base.canceled + (delta.canceled ?? 0),
    creditsSpent: base.creditsSpent + (delta.creditsSpent ?? 0),
    lastUsedAt: Date.now(),
  };
  if (existing === null) {
    await ctx.db.insert("userModelStats", {
      userId: video.userId,
      modelId: video.model,
      ...next,
    });
  } else {
    await ctx.db.patch("userModelStats", existing._id, next);
  }
}

/** Counts a newly charged video (call in `createVideo`'s transaction). */
export async function recordVideoCreated(
  ctx: MutationCtx,
  video: Doc<"videos">,
): Promise<void> {
  await bumpUserStats(ctx, video, {
    videos: 1,
    creditsSpent: video.creditsCost,
  });
  await recordEvent(ctx, video.model, utcDay(video.createdAt), {
    created: 1,
    creditsCharged: video.creditsCost,
  });
}

/**
 * Counts a video's terminal outcome; call exactly once per video, in the
 * transaction that moves it to a terminal state. A timed success also goes
 * into the model's generation-time aggregate (p50/p95).
 * @param predictTimeSeconds Replicate `metrics.predict_time`, when known.
 * @param refundedCredits credits refunded by that same transaction.
 */
export async function recordVideoFinished(
  ctx: MutationCtx,
  video: Doc<"videos">,
  outcome: Outcome,
  predictTimeSeconds: number | undefined,
  refundedCredits: number,
): Promise<void> {
  await bumpUserStats(ctx, video, {
    succeeded: outcome === "succeeded" ? 1 : 0,
    failed: outcome === "failed" ? 1 : 0,
    canceled: outcome === "canceled" ? 1 : 0,
    creditsSpent: -refundedCredits,
  });
  const timed =
    outcome === "succeeded" &&
    predictTimeSeconds !== undefined &&
    predictTimeSeconds >= 0;
  const timedMs = timed ? Math.round(predictTimeSeconds * 1000) : 0;
  await recordEvent(ctx, video.model, utcDay(video.createdAt), {
    succeeded: outcome === "succeeded" ? 1 : 0,
    failed: outcome === "failed" ? 1 : 0,
    canceled: outcome === "canceled" ? 1 : 0,
    timedMs,
    timed: timed ? 1 : 0,
    creditsRefunded: refundedCredits,
  });
  if (timed) await recordGenerationTime(ctx, video.model, video._id, timedMs);
}

/**
 * Counts a refund that is not part of a terminal transition (an approved
 * dispute about a succeeded video): the credits move from spent to refunded.
 */
export async function recordVideoRefunded(
  ctx: MutationCtx,
  video: Doc<"videos">,
  refundedCredits: number,
): Promise<void> {
  await bumpUserStats(ctx, video, { creditsSpent: -refundedCredits });
  await recordEvent(ctx, video.model, utcDay(video.createdAt), {
    creditsRefunded: refundedCredits,
  });
}
