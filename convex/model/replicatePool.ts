/**
 * The work pool every call to Replicate goes through (ADR 0050):
 * `@convex-dev/workpool` instance `replicatePool` (convex/convex.config.ts).
 * It bounds how many Replicate actions run at once, so a burst of creates
 * (or of polls) queues instead of meeting Replicate's rate limit head on;
 * the bound is `REPLICATE_MAX_PARALLELISM` (default 10, 1..100), read when
 * work is enqueued.
 *
 * Retries: a 429 is retried by the action itself, re-enqueued after the
 * answer's `Retry-After` (`retryDelayMs`), because the pool's back-off
 * cannot read a header; other transient failures of an idempotent call
 * (cancel) use the pool's exponential back-off (`CANCEL_RETRY`). Starting a
 * prediction is never retried blindly: a create that may have reached
 * Replicate would start a second, paid prediction.
 */
import { Workpool, type RetryBehavior } from "@convex-dev/workpool";
import { components, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { env, type MutationCtx } from "../_generated/server";
import { nextPollDelayMs } from "../lib/pollSchedule";
import { rolledUpRenderEstimate } from "./stats";

/** Replicate actions running at once when `REPLICATE_MAX_PARALLELISM` is unset. */
export const DEFAULT_REPLICATE_PARALLELISM = 10;
/** The highest accepted `REPLICATE_MAX_PARALLELISM`. */
export const MAX_REPLICATE_PARALLELISM = 100;

/** Back-off for cancels: 1 s, 2 s, 4 s, 8 s (with the pool's jitter). */
export const CANCEL_RETRY: RetryBehavior = {
  maxAttempts: 5,
  initialBackoffMs: 1_000,
  base: 2,
};

/**
 * The pool's parallelism: `REPLICATE_MAX_PARALLELISM` when it is an integer
 * in 1..100, else the default (10).
 */
export function replicateParallelism(
  value: string | undefined = env.REPLICATE_MAX_PARALLELISM,
): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_REPLICATE_PARALLELISM
    ? n
    : DEFAULT_REPLICATE_PARALLELISM;
}

/** The pool, configured from the environment at the time of the call. */
export function replicatePool(): Workpool {
  return new Workpool(components.replicatePool, {
    maxParallelism: replicateParallelism(),
    retryActionsByDefault: false,
    logLevel: "WARN",
  });
}

/**
 * Schedules a video's next poll from the poll schedule (ADR 0028 as amended
 * by ADR 0050), `elapsedMs` after its prediction was created.
 *
 * Without webhooks the poll is enqueued in the pool now, to run after the
 * schedule's delay. With webhooks the poll is only a safety net that a
 * completion webhook almost always makes useless, so the scheduler runs a
 * mutation at that time (`predictions.enqueueSafetyPoll`) which enqueues
 * the pooled poll only when the video is still unfinished: a video its
 * webhook finished costs that one mutation, not a pooled action.
 */
export async function schedulePoll(
  ctx: MutationCtx,
  video: { _id: Id<"videos">; model: string },
  elapsedMs: number,
  webhooks: boolean,
): Promise<void> {
  const delayMs = nextPollDelayMs(
    elapsedMs,
    await rolledUpRenderEstimate(ctx, video.model),
    webhooks,
  );
  if (webhooks) {
    await ctx.scheduler.runAfter(
      delayMs,
      internal.predictions.enqueueSafetyPoll,
      { videoId: video._id },
    );
    return;
  }
  await replicatePool().enqueueAction(
    ctx,
    internal.predictions.pollPrediction,
    { videoId: video._id },
    { runAfter: delayMs },
  );
}

/** Enqueues a poll of a video in the pool, to run as soon as a slot is free. */
export async function enqueuePollNow(
  ctx: MutationCtx,
  videoId: Id<"videos">,
): Promise<void> {
  await replicatePool().enqueueAction(
    ctx,
    internal.predictions.pollPrediction,
    { videoId },
  );
}
