/**
 * Model health (seed 002's monitoring; issue 13): admin test runs at a
 * model's cheapest settings (charged to nobody), rolling success rate and
 * p95 generation time over the last hour and day, and a circuit breaker
 * that pauses a model whose recent failure rate crosses a threshold and
 * resumes it after a successful test run. Every pause and resume is in the
 * model's audit trail.
 *
 * Settings (read when a function runs): `CIRCUIT_BREAKER_FAILURE_RATE`
 * (0..1, default 0.5) and `CIRCUIT_BREAKER_MIN_RUNS` (default 5): a model
 * pauses when, among its last 20 finished creator videos of the past hour,
 * at least MIN_RUNS finished and failed / (succeeded + failed) ≥ RATE.
 */
import type { Doc, Id } from "../_generated/dataModel";
import { env, type MutationCtx, type QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import {
  allowedDurations,
  creditCostFor,
  qualityMultiplier,
} from "../lib/modelRules";
import type { InputValue } from "../lib/modelInputs";
import { isTerminalVideoStatus } from "../lib/videoStatus";
import { diffModels, recordAudit, requireModel, type Actor } from "./catalogue";
import * as Lifecycle from "./videoLifecycle";

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;
/** Videos the breaker looks at, newest first. */
const BREAKER_WINDOW = 20;
/** Videos read per health window (bounded; a busier model is sampled). */
const HEALTH_SAMPLE = 500;
export const TEST_RUN_PROMPT =
  "Test run: a slow pan across a calm lake at sunrise";

/** The breaker's settings from the environment. */
export function breakerSettings(): { failureRate: number; minRuns: number } {
  const rate = Number(env.CIRCUIT_BREAKER_FAILURE_RATE ?? "0.5");
  const runs = Number(env.CIRCUIT_BREAKER_MIN_RUNS ?? "5");
  return {
    failureRate: Number.isFinite(rate) && rate > 0 && rate <= 1 ? rate : 0.5,
    minRuns: Number.isInteger(runs) && runs > 0 ? runs : 5,
  };
}

/** Health over one window. */
export type HealthWindow = {
  finished: number;
  succeeded: number;
  failed: number;
  /** succeeded / (succeeded + failed), 0..1; null when none. */
  successRate: number | null;
  /** 95th percentile of Replicate predict time, seconds; null when none. */
  p95Seconds: number | null;
};

/** Success rate and p95 of a set of videos (canceled ones are not failures). */
export function summariseWindow(videos: Doc<"videos">[]): HealthWindow {
  const finished = videos.filter((v) => isTerminalVideoStatus(v.status));
  const succeeded = finished.filter((v) => v.status === "succeeded");
  const failed = finished.filter((v) => v.status === "failed").length;
  const times = succeeded
    .map((v) => v.predictTime)
    .filter((t): t is number => typeof t === "number")
    .sort((a, b) => a - b);
  const judged = succeeded.length + failed;
  return {
    finished: finished.length,
    succeeded: succeeded.length,
    failed,
    successRate: judged === 0 ? null : succeeded.length / judged,
    p95Seconds:
      times.length === 0
        ? null
        : times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)],
  };
}

async function videosSince(
  ctx: QueryCtx,
  modelId: string,
  since: number,
  limit: number,
): Promise<Doc<"videos">[]> {
  return await ctx.db
    .query("videos")
    .withIndex("by_model_and_createdAt", (q) =>
      q.eq("model", modelId).gte("createdAt", since),
    )
    .order("desc")
    .take(limit);
}

/**
 * Rolling health of a model: videos created from `now` − 1 day and from
 * `now` − 1 hour on (`now` in ms is the caller's time, as queries read no
 * clock, ADR 0017; later videos count too, so one created after `now` shows
 * at once).
 */
export async function modelHealth(
  ctx: QueryCtx,
  modelId: string,
  now: number,
): Promise<{ hour: HealthWindow; day: HealthWindow }> {
  const day = await videosSince(ctx, modelId, now - DAY_MS, HEALTH_SAMPLE);
  return {
    day: summariseWindow(day),
    hour: summariseWindow(day.filter((v) => v.createdAt >= now - HOUR_MS)),
  };
}

/** Pauses a model (the breaker or an admin); audited. No-op if paused. */
export async function pauseModel(
  ctx: MutationCtx,
  model: Doc<"models">,
  reason: string,
  actor: Actor,
): Promise<void> {
  if (model.pausedAt !== undefined) return;
  const now = Date.now();
  const { _id, _creationTime, ...before } = model;
  const after = { ...before, pausedAt: now, pauseReason: reason };
  await ctx.db.patch("models", _id, {
    pausedAt: now,
    pauseReason: reason,
    updatedAt: now,
  });
  await recordAudit(
    ctx,
    model.modelId,
    "update",
    diffModels(before, after),
    actor,
  );
}

/** Resumes a paused model; audited. No-op if it is not paused. */
export async function resumeModel(
  ctx: MutationCtx,
  model: Doc<"models">,
  actor: Actor,
): Promise<boolean> {
  if (model.pausedAt === undefined) return false;
  const { _id, _creationTime, ...before } = model;
  const { pausedAt: _p, pauseReason: _r, ...after } = before;
  await ctx.db.patch("models", _id, {
    pausedAt: undefined,
    pauseReason: undefined,
    updatedAt: Date.now(),
  });
  await recordAudit(
    ctx,
    model.modelId,
    "update",
    diffModels(before, after),
    actor,
  );
  return true;
}

/**
 * Called once per video when it reaches a terminal status: a succeeded test
 * run resumes its paused model; a failed creator video may trip the
 * breaker.
 */
export async function onVideoFinished(
  ctx: MutationCtx,
  video: Doc<"videos">,
  outcome: "succeeded" | "failed" | "canceled",
): Promise<void> {
  const model = await ctx.db
    .query("models")
    .withIndex("by_modelId", (q) => q.eq("modelId", video.model))
    .unique();
  if (model === null) return;
  if (video.isTestRun) {
    if (outcome === "succeeded")
      await resumeModel(ctx, model, { label: "test run" });
    return;
  }
  if (outcome !== "failed" || model.pausedAt !== undefined) return;
  const { failureRate, minRuns } = breakerSettings();
  const recent = (
    await videosSince(ctx, model.modelId, Date.now() - HOUR_MS, BREAKER_WINDOW)
  ).filter((v) => !v.isTestRun);
  // This video's own status is already written by the caller's patch.
  const window = summariseWindow(recent);
  const judged = window.succeeded + window.failed;
  if (judged < minRuns) return;
  const rate = window.failed / judged;
  if (rate < failureRate) return;
  await pauseModel(
    ctx,
    model,
    `Circuit breaker: ${window.failed} of the last ${judged} videos failed (${Math.round(rate * 100)}% ≥ ${Math.round(failureRate * 100)}%) in the past hour.`,
    { label: "circuit-breaker" },
  );
}

/**
 * The cheapest settings of a model: its shortest duration, its cheapest
 * quality, and for each input a price modifier names, the value that costs
 * least (greedy, in modifier order); one output.
 */
export function cheapestSettings(model: Doc<"models">): {
  duration: number;
  quality: string;
  inputs: Record<string, InputValue>;
} {
  const duration = allowedDurations(model)[0];
  const quality = [...model.supportedQualities].sort(
    (a, b) => qualityMultiplier(model, a) - qualityMultiplier(model, b),
  )[0];
  const inputs: Record<string, InputValue> = {};
  const names = [...new Set((model.priceModifiers ?? []).map((m) => m.input))];
  for (const name of names) {
    const def = model.inputs?.find((d) => d.name === name);
    if (def === undefined) continue;
    const candidates: InputValue[] =
      def.type === "boolean"
        ? [true, false]
        : def.type === "enum"
          ? (def.options ?? [])
          : (model.priceModifiers ?? [])
              .filter((m) => m.input === name)
              .map((m) => m.value);
    let best: InputValue | undefined;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const value of candidates) {
      const cost = creditCostFor(model, duration, quality, {
        inputs: { ...inputs, [name]: value },
      });
      if (cost < bestCost) {
        best = value;
        bestCost = cost;
      }
    }
    if (best !== undefined) inputs[name] = best;
  }
  return { duration, quality, inputs };
}

/**
 * Starts a test run of a model at its cheapest settings for an admin:
 * a video charged to nobody (`creditsCost` 0, no ledger entry), marked
 * `isTestRun`, that runs even when the model is paused or inactive.
 * @throws `MODEL_NOT_FOUND`; `INVALID_STATE` for a deleted model.
 */
export async function startTestRun(
  ctx: MutationCtx,
  adminId: Id<"users">,
  modelId: string,
): Promise<Id<"videos">> {
  const model = await requireModel(ctx, modelId);
  if (model.deletedAt !== undefined)
    fail("INVALID_STATE", `${model.name} is deleted; restore it first.`);
  const settings = cheapestSettings(model);
  return await Lifecycle.createPendingVideo(ctx, {
    userId: adminId,
    prompt: TEST_RUN_PROMPT,
    model: model.modelId,
    modelName: model.name,
    duration: settings.duration,
    quality: settings.quality,
    ...(Object.keys(settings.inputs).length > 0
      ? { inputs: settings.inputs }
      : {}),
    creditsCost: 0,
    chargeReason: "Test run",
    isTestRun: true,
  });
}

/** A model's latest test runs, newest first (bounded read). */
export async function recentTestRuns(
  ctx: QueryCtx,
  modelId: string,
): Promise<Doc<"videos">[]> {
  return await ctx.db
    .query("videos")
    .withIndex("by_model_and_isTestRun_and_createdAt", (q) =>
      q.eq("model", modelId).eq("isTestRun", true),
    )
    .order("desc")
    .take(5);
}
