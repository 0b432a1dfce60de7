/**
 * The video lifecycle as ONE state machine (ADR 0012). The statuses and the
 * allowed transitions are data in `lib/videoStatus.ts` (shared with the web
 * app); this module is the only code that changes a video's `status`, and it
 * owns what each transition does:
 *
 * | transition                       | effect                                           |
 * | -------------------------------- | ------------------------------------------------ |
 * | (new) → pending                  | charge `creditsCost` (ledger "generation"), count it, schedule the start |
 * | pending → starting / processing  | record the prediction id, schedule the first poll |
 * | starting/processing → same/later | progress (never backwards), `startedAt`          |
 * | → succeeded                      | store the output, progress 100, stats (once)     |
 * | → failed / canceled              | refund exactly once, stats (once)                |
 * | succeeded + approved dispute     | refund exactly once (no status change)           |
 *
 * Everything else is refused: a terminal video never moves again; a late
 * `starting` after `processing` changes nothing but progress. Every check
 * and its effect run in one Convex transaction, so webhook, poll, cancel and
 * timeout may race and only the first terminal transition applies.
 *
 * Sources: API-CONTRACT "Videos", "Replicate", round 2 "Disputes"; seed 002
 * (reserve/refund credits, timeouts, webhooks plus polling).
 */
import type { Doc, Id } from "../_generated/dataModel";
import { internal } from "../_generated/api";
import { env, type MutationCtx, type QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import { predictionErrorMessage, videoStatusFor } from "../lib/replicate";
import {
  canTransition,
  isTerminalVideoStatus,
  refundsOnEntry,
  type TerminalVideoStatus,
} from "../lib/videoStatus";
import { appendLedgerEntry } from "./ledger";
import * as Health from "./health";
import { CANCEL_RETRY, replicatePool, schedulePoll } from "./replicatePool";
import * as Stats from "./stats";

/** Progress is written on a change of at least this many points … */
export const PROGRESS_MIN_STEP = 5;
/** … or when the last write is at least this old (ms). */
export const PROGRESS_MIN_INTERVAL_MS = 2_000;

/** A running video's stored progress (0..100), or null before the first. */
export async function findProgress(ctx: QueryCtx, videoId: Id<"videos">) {
  return await ctx.db
    .query("videoProgress")
    .withIndex("by_videoId", (q) => q.eq("videoId", videoId))
    .unique();
}

/**
 * Stores progress in `videoProgress` (never on the video, ADR 0029), never
 * backwards, and only on a change of ≥ 5 points or after ≥ 2 s.
 */
async function recordProgress(
  ctx: MutationCtx,
  video: Doc<"videos">,
  progress: number,
  now: number,
): Promise<void> {
  const stored = await findProgress(ctx, video._id);
  const current = stored?.progress ?? video.progress ?? 0;
  if (progress <= current) return;
  const due =
    progress - current >= PROGRESS_MIN_STEP ||
    stored === null ||
    now - stored.updatedAt >= PROGRESS_MIN_INTERVAL_MS;
  if (!due) return;
  if (stored === null)
    await ctx.db.insert("videoProgress", {
      videoId: video._id,
      progress,
      updatedAt: now,
    });
  else
    await ctx.db.patch("videoProgress", stored._id, {
      progress,
      updatedAt: now,
    });
}

/** How long a downloader holds the finalization lease, in ms. */
export const FINALIZE_LEASE_MS = 2 * 60_000;
/** Failed output copies after which a succeeded prediction's video fails. */
export const MAX_DOWNLOAD_FAILURES = 3;

/** True when `REPLICATE_WEBHOOK_SECRET` is set (predictions ask for webhooks). */
export function webhooksEnabled(): boolean {
  return (env.REPLICATE_WEBHOOK_SECRET ?? "").trim() !== "";
}

/** What a new video is made of (validated and priced by the caller). */
export type NewVideo = {
  userId: Id<"users">;
  prompt: string;
  model: string;
  modelName: string;
  duration: number;
  quality: string;
  /** Accepted creator inputs (absent when none). */
  inputs?: Record<string, string | number | boolean>;
  /** Outputs asked for, when more than 1. */
  outputs?: number;
  /** An admin's test run (charged to nobody). */
  isTestRun?: boolean;
  creditsCost: number;
  /** The ledger entry's reason, e.g. "Luma Ray-2, 5s standard". */
  chargeReason: string;
};

/**
 * (new) → `pending`: inserts the video, charges its `creditsCost` in the
 * same transaction (ledger "generation"; `INSUFFICIENT_CREDITS` rolls it all
 * back), counts it, and schedules the Replicate prediction.
 * @returns the video's id.
 */
export async function createPendingVideo(
  ctx: MutationCtx,
  video: NewVideo,
): Promise<Id<"videos">> {
  const { chargeReason, ...fields } = video;
  const now = Date.now();
  const videoId = await ctx.db.insert("videos", {
    ...fields,
    status: "pending",
    createdAt: now,
    updatedAt: now,
  });
  if (video.creditsCost > 0) {
    await appendLedgerEntry(ctx, {
      userId: video.userId,
      amount: -video.creditsCost,
      type: "generation",
      videoId,
      reason: chargeReason,
    });
  }
  await Stats.recordVideoCreated(ctx, (await ctx.db.get("videos", videoId))!);
  // Through the Replicate work pool: bounded parallelism (ADR 0050).
  await replicatePool().enqueueAction(
    ctx,
    internal.predictions.startPrediction,
    { videoId },
  );
  return videoId;
}

/** The video of a Replicate prediction id, or null. */
export async function findVideoByPrediction(
  ctx: QueryCtx,
  predictionId: string,
): Promise<Doc<"videos"> | null> {
  return await ctx.db
    .query("videos")
    .withIndex("by_replicatePredictionId", (q) =>
      q.eq("replicatePredictionId", predictionId),
    )
    .unique();
}

/**
 * `pending` → `starting`/`processing`: records the created prediction and
 * schedules the first poll.
 * @returns `"cancel"` when the video may not take this prediction (it
 *   finished meanwhile, e.g. canceled or timed out, or it tracks another
 *   prediction already), so the caller cancels it at Replicate; else `"ok"`.
 */
export async function recordPredictionCreated(
  ctx: MutationCtx,
  videoId: Id<"videos">,
  prediction: { id: string; status: string },
): Promise<"ok" | "cancel"> {
  const video = await ctx.db.get("videos", videoId);
  if (video === null) return "cancel";
  if (video.replicatePredictionId !== undefined) {
    return video.replicatePredictionId === prediction.id &&
      !isTerminalVideoStatus(video.status)
      ? "ok"
      : "cancel";
  }
  const to =
    videoStatusFor(prediction.status) === "processing"
      ? "processing"
      : "starting";
  if (!canTransition(video.status, to)) return "cancel";
  const now = Date.now();
  await ctx.db.patch("videos", videoId, {
    status: to,
    replicatePredictionId: prediction.id,
    replicateStatus: prediction.status,
    startedAt: to === "processing" ? now : undefined,
    updatedAt: now,
    pollsFrom: now,
  });
  await schedulePoll(ctx, video, 0, webhooksEnabled());
  return "ok";
}

/** What Replicate says about a running prediction. */
export type PredictionReport = {
  id: string;
  status: string;
  error?: unknown;
  predictTime?: number;
};

/**
 * Applies a non-succeeded prediction report (webhook or poll):
 * `starting`/`processing` move the video forward and raise its progress
 * (never backwards: a late `starting` keeps `processing`); `failed`,
 * `canceled`, `aborted` finish it with a refund. A succeeded report is not
 * applied here: its output must be downloaded first (`claimFinalization`,
 * `completeSucceeded`).
 * @returns whether the video is terminal after this report.
 */
export async function applyPredictionReport(
  ctx: MutationCtx,
  video: Doc<"videos">,
  report: PredictionReport,
  progress: number | undefined,
): Promise<{ terminal: boolean }> {
  if (isTerminalVideoStatus(video.status)) return { terminal: true };
  const status = videoStatusFor(report.status);
  if (status === "failed" || status === "canceled") {
    await finishVideo(ctx, video, status, {
      replicateStatus: report.status,
      predictTime: report.predictTime,
      error:
        status === "failed"
          ? predictionErrorMessage(report.error)
          : report.status === "aborted"
            ? "Replicate aborted the prediction."
            : "The prediction was canceled at Replicate.",
    });
    return { terminal: true };
  }
  if (status === "succeeded") return { terminal: false };
  const to = canTransition(video.status, status) ? status : video.status;
  const now = Date.now();
  if (to !== video.status) {
    await ctx.db.patch("videos", video._id, {
      status: to,
      replicateStatus: report.status,
      startedAt:
        video.startedAt ?? (to === "processing" ? now : video.startedAt),
      updatedAt: now,
    });
  }
  if (progress !== undefined) await recordProgress(ctx, video, progress, now);
  return { terminal: false };
}

/** Optional facts stored with a terminal status. */
export type FinishDetails = {
  error?: string;
  replicateStatus?: string;
  predictTime?: number;
  outputStorageId?: Id<"_storage">;
  outputUrl?: string;
  outputStorageIds?: Id<"_storage">[];
  outputUrls?: string[];
};

/**
 * Moves a non-terminal video to a terminal status, once: sets status, error,
 * `completedAt`; refunds it when the status refunds (`failed`, `canceled`);
 * counts the outcome in the statistics.
 * @returns false when the table refuses the transition (the video was
 *   terminal already): nothing changed.
 */
export async function finishVideo(
  ctx: MutationCtx,
  video: Doc<"videos">,
  outcome: TerminalVideoStatus,
  details: FinishDetails = {},
): Promise<boolean> {
  if (!canTransition(video.status, outcome)) return false;
  const now = Date.now();
  const refunded = refundsOnEntry(outcome)
    ? await refundOnce(
        ctx,
        video,
        outcome === "failed"
          ? "Refund: the video failed"
          : "Refund: the video was canceled",
      )
    : false;
  // Progress lives apart while the video runs; its last value joins the
  // video when it ends (100 on success).
  const stored = await findProgress(ctx, video._id);
  if (stored !== null) await ctx.db.delete("videoProgress", stored._id);
  await ctx.db.patch("videos", video._id, {
    status: outcome,
    error: details.error,
    replicateStatus: details.replicateStatus ?? video.replicateStatus,
    predictTime: details.predictTime,
    outputStorageId: details.outputStorageId,
    outputUrl: details.outputUrl,
    outputStorageIds: details.outputStorageIds,
    outputUrls: details.outputUrls,
    progress:
      outcome === "succeeded" ? 100 : (stored?.progress ?? video.progress),
    refunded: refunded || video.refunded,
    finalizingUntil: undefined,
    completedAt: now,
    updatedAt: now,
  });
  await Stats.recordVideoFinished(
    ctx,
    video,
    outcome,
    details.predictTime,
    refunded ? video.creditsCost : 0,
  );
  // Model health: a succeeded test run resumes a paused model; failures
  // may trip the circuit breaker (model/health.ts).
  await Health.onVideoFinished(ctx, video, outcome);
  return true;
}

/** Fails a video (with its refund) unless it finished already. */
export async function failVideo(
  ctx: MutationCtx,
  videoId: Id<"videos">,
  error: string,
): Promise<boolean> {
  const video = await ctx.db.get("videos", videoId);
  return video !== null && (await finishVideo(ctx, video, "failed", { error }));
}

/**
 * → `canceled`: cancels and refunds a non-terminal video, and schedules the
 * cancel of its prediction at Replicate.
 * @returns false when it had finished already.
 */
export async function cancelVideo(
  ctx: MutationCtx,
  video: Doc<"videos">,
  reason: string,
): Promise<boolean> {
  const changed = await finishVideo(ctx, video, "canceled", { error: reason });
  if (changed && video.replicatePredictionId !== undefined) {
    await replicatePool().enqueueAction(
      ctx,
      internal.predictions.cancelPrediction,
      { predictionId: video.replicatePredictionId },
      { retry: CANCEL_RETRY },
    );
  }
  return changed;
}

/**
 * Takes the lease to download a succeeded prediction's output, so webhook
 * and poll do not both download it. A lease that expired (its holder
 * crashed or timed out) is taken over.
 * @param now ms since epoch.
 * @returns `videoId` when the caller should download (else null), and
 *   `terminal` when the video needs no more work (unknown or finished).
 */
export async function claimFinalization(
  ctx: MutationCtx,
  predictionId: string,
  now: number,
): Promise<{ videoId: Id<"videos"> | null; terminal: boolean }> {
  const video = await findVideoByPrediction(ctx, predictionId);
  if (video === null || isTerminalVideoStatus(video.status)) {
    return { videoId: null, terminal: true };
  }
  if (video.finalizingUntil !== undefined && video.finalizingUntil > now) {
    return { videoId: null, terminal: false };
  }
  await ctx.db.patch("videos", video._id, {
    finalizingUntil: now + FINALIZE_LEASE_MS,
  });
  return { videoId: video._id, terminal: false };
}

/**
 * → `succeeded` with the stored outputs (`outputUrl` = the first of
 * `outputUrls`).
 * @returns false when it was terminal already; the caller then deletes the
 *   stored files it no longer needs.
 */
export async function completeSucceeded(
  ctx: MutationCtx,
  videoId: Id<"videos">,
  storageIds: Id<"_storage">[],
  predictTime: number | undefined,
): Promise<boolean> {
  const video = await ctx.db.get("videos", videoId);
  if (video === null) return false;
  const outputUrls: string[] = [];
  for (const id of storageIds) {
    const url = await ctx.storage.getUrl(id);
    if (url !== null) outputUrls.push(url);
  }
  return await finishVideo(ctx, video, "succeeded", {
    replicateStatus: "succeeded",
    outputStorageId: storageIds[0],
    outputUrl: outputUrls[0],
    outputStorageIds: storageIds,
    outputUrls,
    predictTime,
  });
}

/**
 * Records a failed copy of a succeeded prediction's output: releases the
 * finalization lease so the next poll retries (Replicate keeps outputs for
 * an hour), and after `MAX_DOWNLOAD_FAILURES` → `failed` with a refund.
 * @returns the failures so far while the video stays open for a retry;
 *   null when it is finished (now or before).
 */
export async function recordDownloadFailure(
  ctx: MutationCtx,
  videoId: Id<"videos">,
  error: string,
): Promise<number | null> {
  const video = await ctx.db.get("videos", videoId);
  if (video === null || isTerminalVideoStatus(video.status)) return null;
  const failures = (video.downloadFailures ?? 0) + 1;
  if (failures >= MAX_DOWNLOAD_FAILURES) {
    await finishVideo(ctx, video, "failed", {
      error: `The video was made but could not be copied from Replicate (${error}).`,
    });
    return null;
  }
  await ctx.db.patch("videos", videoId, {
    downloadFailures: failures,
    finalizingUntil: undefined,
    updatedAt: Date.now(),
  });
  return failures;
}

/**
 * → `canceled` for every video still unfinished `timeoutMs` after creation,
 * up to `limit` per call (bounded read per status).
 * @param now ms since epoch.
 * @returns how many were timed out.
 */
export async function timeOutStaleVideos(
  ctx: MutationCtx,
  timeoutMs: number,
  limit: number,
  now: number,
): Promise<number> {
  const cutoff = now - timeoutMs;
  const minutes = Math.round(timeoutMs / 60_000);
  let count = 0;
  for (const status of ["pending", "starting", "processing"] as const) {
    const stale = await ctx.db
      .query("videos")
      .withIndex("by_status_and_createdAt", (q) =>
        q.eq("status", status).lt("createdAt", cutoff),
      )
      .take(limit - count);
    for (const video of stale) {
      if (await cancelVideo(ctx, video, `Timed out after ${minutes} minutes.`))
        count++;
    }
    if (count >= limit) break;
  }
  return count;
}

/**
 * THE refund rule (API-CONTRACT "Videos" as amended by round 2 "Disputes"):
 * a video's `creditsCost` goes back to its owner at most once, as a
 * `"refund"` entry pointing at the video, and only when the video ended
 * `failed` or `canceled` (`refundsOnEntry`) or, for a `succeeded` video,
 * through an approved dispute (`refundApprovedDispute`).
 * @returns true when this call wrote the refund; false when the video had
 *   been refunded before or cost nothing.
 */
async function refundOnce(
  ctx: MutationCtx,
  video: Doc<"videos">,
  reason: string,
): Promise<boolean> {
  if (video.creditsCost <= 0 || video.refunded === true) return false;
  const existing = await ctx.db
    .query("creditTransactions")
    .withIndex("by_videoId_and_type", (q) =>
      q.eq("videoId", video._id).eq("type", "refund"),
    )
    .first();
  if (existing !== null) return false;
  await appendLedgerEntry(ctx, {
    userId: video.userId,
    amount: video.creditsCost,
    type: "refund",
    videoId: video._id,
    reason,
  });
  return true;
}

/**
 * Refunds a `succeeded` video because an admin approved a dispute about it
 * (round 2 "Disputes"): the only way a succeeded video is refunded. Marks
 * it `refunded` and moves the statistics' refunded credits; the status
 * stays `succeeded`. Call it in the transaction that approves the dispute.
 * @returns true when refunded now, false when it had been refunded before
 *   (or cost nothing).
 * @throws `INVALID_STATE` when the video did not succeed (a failed or
 *   canceled video was refunded when it ended).
 */
export async function refundApprovedDispute(
  ctx: MutationCtx,
  videoId: Id<"videos">,
  reason: string,
): Promise<boolean> {
  const video = await ctx.db.get("videos", videoId);
  if (video === null) fail("NOT_FOUND", "Video not found.");
  if (video.status !== "succeeded") {
    fail("INVALID_STATE", "Only a video that succeeded can be disputed.");
  }
  const refunded = await refundOnce(ctx, video, reason);
  if (refunded) {
    await ctx.db.patch("videos", video._id, {
      refunded: true,
      updatedAt: Date.now(),
    });
    await Stats.recordVideoRefunded(ctx, video, video.creditsCost);
  }
  return refunded;
}
