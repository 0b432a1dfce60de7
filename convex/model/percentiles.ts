/**
 * Generation-time percentiles per model (ADR 0026): every timed success adds
 * its Replicate `predict_time` (ms) to the `generationTimes` aggregate, in a
 * namespace of its own per model, so p50/p95 are two O(log n) lookups
 * however many videos a model has made. Read by the stats fold only, which
 * copies them onto each model's rollup; the admin statistics, the studio
 * and the poll schedule read the rollup (ADR 0052).
 */
import { DirectAggregate } from "@convex-dev/aggregate";
import { components } from "../_generated/api";
import type { MutationCtx, QueryCtx } from "../_generated/server";

const generationTimes = new DirectAggregate<{
  Key: number;
  Id: string;
  Namespace: string;
}>(components.generationTimes);

/** Adds one timed success of `modelId` (idempotent per video). */
export async function recordGenerationTime(
  ctx: MutationCtx,
  modelId: string,
  videoId: string,
  milliseconds: number,
): Promise<void> {
  await generationTimes.insertIfDoesNotExist(ctx, {
    namespace: modelId,
    key: Math.max(0, Math.round(milliseconds)),
    id: videoId,
  });
}

/** Timed successes, median and 95th percentile (ms) of a model's renders. */
export type GenerationPercentiles = {
  count: number;
  p50Ms: number;
  p95Ms: number;
};

/**
 * The nearest-rank percentile index (0-based) of fraction `p` among `count`
 * sorted values: `ceil(p × count) - 1`.
 */
export function percentileRank(p: number, count: number): number {
  return Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1));
}

/**
 * p50 and p95 of a model's generation times (nearest rank), or null when no
 * video of it has been timed yet. Reads O(log n) aggregate nodes.
 */
export async function generationTimePercentiles(
  ctx: QueryCtx | MutationCtx,
  modelId: string,
): Promise<GenerationPercentiles | null> {
  const count = await generationTimes.count(ctx, { namespace: modelId });
  if (count === 0) return null;
  const [p50, p95] = await generationTimes.atBatch(ctx, [
    { namespace: modelId, offset: percentileRank(0.5, count) },
    { namespace: modelId, offset: percentileRank(0.95, count) },
  ]);
  return { count, p50Ms: p50.key, p95Ms: p95.key };
}
