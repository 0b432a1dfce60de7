/**
 * Usage statistics: per-model counters (`modelStats`) and per-day, per-model
 * counters (`modelDailyStats`), updated when a video is charged and once when
 * it reaches a terminal state. Kept out of the `models` documents so finished
 * videos never invalidate catalogue subscriptions (ADR 0003).
 */
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

/** The terminal outcome of a video for the statistics. */
export type Outcome = "succeeded" | "failed" | "canceled";

/** What `getModelStats` returns (API-CONTRACT). */
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

/** UTC date `YYYY-MM-DD` of a timestamp (ms). */
export function utcDay(timestampMs: number): string {
  return new Date(timestampMs).toISOString().slice(0, 10);
}

const EMPTY_STATS = {
  createdGenerations: 0,
  totalGenerations: 0,
  successfulGenerations: 0,
  failedGenerations: 0,
  canceledGenerations: 0,
  totalGenerationTimeMs: 0,
  timedGenerations: 0,
  creditsCharged: 0,
  creditsRefunded: 0,
};

/** The stored counters of a model, or null when it has none yet. */
export async function findModelStats(
  ctx: QueryCtx,
  modelId: string,
): Promise<Doc<"modelStats"> | null> {
  return await ctx.db
    .query("modelStats")
    .withIndex("by_modelId", (q) => q.eq("modelId", modelId))
    .unique();
}

/** The public summary of a model's counters (zeros when it has none). */
export function summarise(
  modelId: string,
  stats: Doc<"modelStats"> | null,
): ModelStatsSummary {
  const s = stats ?? { ...EMPTY_STATS };
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

type Delta = Partial<typeof EMPTY_STATS>;
type DailyDelta = Partial<
  Pick<
    Doc<"modelDailyStats">,
    | "created"
    | "succeeded"
    | "failed"
    | "canceled"
    | "creditsCharged"
    | "creditsRefunded"
  >
>;

function addDelta<T extends Record<string, number>>(
  base: T,
  delta: Partial<T>,
): T {
  const out = { ...base };
  for (const [key, value] of Object.entries(delta)) {
    (out as Record<string, number>)[key] = (base[key] ?? 0) + (value ?? 0);
  }
  return out;
}

async function bumpModelStats(ctx: MutationCtx, modelId: string, delta: Delta) {
  const existing = await findModelStats(ctx, modelId);
  const now = Date.now();
  if (existing === null) {
    await ctx.db.insert("modelStats", {
      modelId,
      ...addDelta(EMPTY_STATS, delta),
      updatedAt: now,
    });
  } else {
    const {
      _id,
      _creationTime,
      modelId: _m,
      updatedAt: _u,
      ...counters
    } = existing;
    await ctx.db.patch("modelStats", _id, {
      ...addDelta(counters, delta),
      updatedAt: now,
    });
  }
}

async function bumpDailyStats(
  ctx: MutationCtx,
  modelId: string,
  day: string,
  delta: DailyDelta,
) {
  const existing = await ctx.db
    .query("modelDailyStats")
    .withIndex("by_day_and_modelId", (q) =>
      q.eq("day", day).eq("modelId", modelId),
    )
    .unique();
  const zero = {
    created: 0,
    succeeded: 0,
    failed: 0,
    canceled: 0,
    creditsCharged: 0,
    creditsRefunded: 0,
  };
  if (existing === null) {
    await ctx.db.insert("modelDailyStats", {
      day,
      modelId,
      ...addDelta(zero, delta),
    });
  } else {
    const { _id, _creationTime, day: _d, modelId: _m, ...counters } = existing;
    await ctx.db.patch("modelDailyStats", _id, addDelta(counters, delta));
  }
}

type UserDelta = Partial<
  Pick<
    Doc<"userModelStats">,
    "videos" | "succeeded" | "failed" | "canceled" | "creditsSpent"
  >
>;

/** Moves one user's counters for one model (seed 003's user analytics). */
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
  const now = Date.now();
  if (existing === null) {
    await ctx.db.insert("userModelStats", {
      userId: video.userId,
      modelId: video.model,
      ...addDelta(zero, delta),
      lastUsedAt: now,
    });
  } else {
    const {
      _id,
      _creationTime,
      userId: _u,
      modelId: _m,
      lastUsedAt: _l,
      ...counters
    } = existing;
    await ctx.db.patch("userModelStats", _id, {
      ...addDelta(counters, delta),
      lastUsedAt: now,
    });
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
  await bumpModelStats(ctx, video.model, {
    createdGenerations: 1,
    creditsCharged: video.creditsCost,
  });
  await bumpDailyStats(ctx, video.model, utcDay(video.createdAt), {
    created: 1,
    creditsCharged: video.creditsCost,
  });
}

/**
 * Counts a video's terminal outcome; call exactly once per video, in the
 * transaction that moves it to a terminal state.
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
  await bumpModelStats(ctx, video.model, {
    totalGenerations: 1,
    successfulGenerations: outcome === "succeeded" ? 1 : 0,
    failedGenerations: outcome === "failed" ? 1 : 0,
    canceledGenerations: outcome === "canceled" ? 1 : 0,
    totalGenerationTimeMs: timed ? Math.round(predictTimeSeconds * 1000) : 0,
    timedGenerations: timed ? 1 : 0,
    creditsRefunded: refundedCredits,
  });
  await bumpDailyStats(ctx, video.model, utcDay(video.createdAt), {
    succeeded: outcome === "succeeded" ? 1 : 0,
    failed: outcome === "failed" ? 1 : 0,
    canceled: outcome === "canceled" ? 1 : 0,
    creditsRefunded: refundedCredits,
  });
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
  await bumpModelStats(ctx, video.model, { creditsRefunded: refundedCredits });
  await bumpDailyStats(ctx, video.model, utcDay(video.createdAt), {
    creditsRefunded: refundedCredits,
  });
}
