/**
 * When to poll a prediction (ADR 0028), as a pure function of the time since
 * the prediction was created and the model's measured generation times.
 *
 * Without webhooks, polls are the only way to notice completion. A render
 * that ends at T is noticed at the first poll after T; to keep that delay
 * ≤ 15 % of T (≥ 2 s), the gap after a poll at t may be at most
 * max(2 s, 0.15 t), which costs many calls if applied from t = 0. So the
 * model's p50/p95 (aggregate, ADR 0026) place the dense polls where renders
 * end: a few scouting polls at ¼, ½ and 1 × `0.8 × p50` (failures, early
 * finishes), then gaps of max(2 s, 0.14 t) until `1.5 × p95`, then back-off
 * to 30 s. A model with no history gets the dense rule from the start.
 *
 * With webhooks, completion arrives by webhook and `logs` deliveries are not
 * asked for (one every 500 ms, each a function run), so polls bring the
 * render's progress instead, sparsely: every max(10 s, p50 / 3, t / 3), so a
 * render shorter than 10 s costs no poll, a 60 s one about three, and a hung
 * one a back-off; they also serve as the safety net for lost deliveries.
 */

/** The model's generation times, ms (p50/p95 of Replicate `predict_time`). */
export type RenderEstimate = { p50Ms: number; p95Ms: number } | null;

/** Shortest gap between two polls. */
export const MIN_POLL_GAP_MS = 2_000;
/** Longest gap between two polls without webhooks. */
export const MAX_POLL_GAP_MS = 30_000;
/** Gap as a fraction of the elapsed time, under the 15 % target for slack. */
export const DENSE_FRACTION = 0.14;
/** Shortest gap between two progress polls with webhooks. */
export const WEBHOOK_POLL_MS = 10_000;

/**
 * Delay (ms) from now to the next poll.
 * @param elapsedMs time since the prediction was created.
 */
export function nextPollDelayMs(
  elapsedMs: number,
  estimate: RenderEstimate,
  webhooks: boolean,
): number {
  const t = Math.max(0, elapsedMs);
  if (webhooks)
    return Math.max(WEBHOOK_POLL_MS, (estimate?.p50Ms ?? 0) / 3, t / 3);
  const dense = Math.min(
    MAX_POLL_GAP_MS,
    Math.max(MIN_POLL_GAP_MS, DENSE_FRACTION * t),
  );
  if (estimate === null) return dense;
  const lower = 0.8 * estimate.p50Ms;
  const upper = 1.5 * Math.max(estimate.p95Ms, estimate.p50Ms);
  if (t < lower) {
    const scout = [lower / 4, lower / 2, lower].find((at) => at > t) ?? lower;
    return Math.max(MIN_POLL_GAP_MS, scout - t);
  }
  if (t <= upper) return dense;
  return Math.min(MAX_POLL_GAP_MS, Math.max(MIN_POLL_GAP_MS, 0.5 * t));
}

/**
 * The poll times (ms since creation) until a render that ends at
 * `renderMs` is seen, for the bench and tests.
 */
export function pollTimesUntil(
  renderMs: number,
  estimate: RenderEstimate,
  webhooks: boolean,
): number[] {
  const times: number[] = [];
  let t = 0;
  while (times.length < 1000) {
    t += nextPollDelayMs(t, estimate, webhooks);
    times.push(t);
    if (t >= renderMs) break;
  }
  return times;
}
