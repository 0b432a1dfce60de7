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
 * With webhooks, completion arrives by webhook and polls are only a safety
 * net for a lost delivery: none while the render is expected to run, one at
 * `1.5 × p95` (at least 30 s; 2 min for a model without history), then a
 * back-off (half the elapsed time, 30 s to 5 min) until the video's timeout.
 * A render that ends by then costs exactly one Replicate call, the create.
 * Progress is not polled for: the browser estimates it from the model's p50
 * (`app/utils/progress.ts`), and `logs` deliveries stay unasked for (one
 * every 500 ms, each a function run). ADR 0028, as amended by ADR 0050.
 */

/** The model's generation times, ms (p50/p95 of Replicate `predict_time`). */
export type RenderEstimate = { p50Ms: number; p95Ms: number } | null;

/** Shortest gap between two polls. */
export const MIN_POLL_GAP_MS = 2_000;
/** Longest gap between two polls without webhooks. */
export const MAX_POLL_GAP_MS = 30_000;
/** Gap as a fraction of the elapsed time, under the 15 % target for slack. */
export const DENSE_FRACTION = 0.14;
/** Earliest safety poll with webhooks. */
export const MIN_SAFETY_POLL_MS = 30_000;
/** The safety poll with webhooks for a model without history. */
export const NO_ESTIMATE_SAFETY_POLL_MS = 120_000;
/** Longest gap between two safety polls with webhooks. */
export const MAX_SAFETY_POLL_GAP_MS = 300_000;

/**
 * With webhooks, when (ms since creation) the first safety poll happens:
 * `1.5 × max(p95, p50)`, at least 30 s; 2 min without history.
 */
export function safetyPollAtMs(estimate: RenderEstimate): number {
  if (estimate === null) return NO_ESTIMATE_SAFETY_POLL_MS;
  return Math.max(
    MIN_SAFETY_POLL_MS,
    1.5 * Math.max(estimate.p95Ms, estimate.p50Ms),
  );
}

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
  if (webhooks) {
    const first = safetyPollAtMs(estimate);
    // A little slack: a poll that fires a moment early must not count as "before".
    if (t < first - MIN_POLL_GAP_MS) return first - t;
    return Math.min(
      MAX_SAFETY_POLL_GAP_MS,
      Math.max(MIN_SAFETY_POLL_MS, t / 2),
    );
  }
  const dense = Math.min(
    MAX_POLL_GAP_MS,
    Math.max(MIN_POLL_GAP_MS, DENSE_FRACTION * t),
  );
  if (estimate === null) return dense;
  const lower = 0.8 * estimate.p50Ms;
  const upper = 1.5 * Math.max(estimate.p95Ms, estimate.p50Ms);
  // The same slack as with webhooks: the pool starts a job at the start of
  // its 100 ms segment, so a scout poll may run a moment before its time,
  // and must then count as that scout, not schedule it again 2 s later.
  if (t < lower - MIN_POLL_GAP_MS) {
    const scout =
      [lower / 4, lower / 2, lower].find((at) => at - MIN_POLL_GAP_MS > t) ??
      lower;
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

/**
 * After a failed copy of a finished render's output that a webhook reported
 * (no poll is due until the safety net), the delay (ms) before the retry:
 * 2 s after the first failure, 4 s after the second (the third fails the
 * video, `MAX_DOWNLOAD_FAILURES`).
 */
export function downloadRetryDelayMs(failures: number): number {
  return MIN_POLL_GAP_MS * 2 ** Math.max(0, failures - 1);
}
