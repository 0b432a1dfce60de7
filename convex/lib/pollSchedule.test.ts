/**
 * The poll schedule (ADR 0028): without webhooks completion is seen within
 * max(2 s, 15 %) of the render with few calls; with webhooks no poll runs
 * while a render is expected to run (the create is the only Replicate call),
 * and a safety poll at 1.5 × p95 then a back-off catch a lost webhook.
 */
import { describe, expect, test } from "vitest";
import { nextPollDelayMs, pollTimesUntil } from "./pollSchedule";

const estimate = (ms: number) => ({ p50Ms: ms, p95Ms: ms * 1.2 });

describe("without webhooks", () => {
  // Simulated time: the schedule's poll times (ms after the create), from
  // the pure function; no clock is read. Each list ends at the first poll at
  // or after the render's end; that poll sees it 0.6 / 1.19 / 2.42 / 4.76 s
  // late, under max(2 s, 15 %) of 7 / 30 / 61 / 120 s (the bench measures
  // the real delay end to end).
  test.each([
    [7_000, [2_800, 5_600, 7_600]],
    [30_000, [6_000, 12_000, 24_000, 27_360, 31_190.4]],
    [61_000, [12_200, 24_400, 48_800, 55_632, 63_420.48]],
    [120_000, [24_000, 48_000, 96_000, 109_440, 124_761.6]],
  ])(
    "a %i ms render at its model's p50: scouts at ¼, ½ and 1 × 0.8 p50, then gaps of 14 %% until it is seen",
    (renderMs, expected) => {
      const times = pollTimesUntil(renderMs, estimate(renderMs), false);
      expect(times.map((t) => Math.round(t * 100) / 100)).toEqual(expected);
    },
  );

  test("a scout poll that runs a moment early counts as that scout", () => {
    // The work pool starts a job at the start of its 100 ms segment, so a
    // poll due at p50 × 0.8 / 4 may run 20–100 ms before it.
    const est = { p50Ms: 59_960, p95Ms: 59_960 };
    const lower = 0.8 * est.p50Ms;
    for (const scout of [lower / 4, lower / 2]) {
      const early = scout - 100;
      // The next poll is the next scout, not this one again 2 s later.
      expect(early + nextPollDelayMs(early, est, false)).toBeCloseTo(
        scout === lower / 4 ? lower / 2 : lower,
      );
    }
    // At the last scout, the dense polls begin: max(2 s, 14 %) after it.
    const early = lower - 100;
    expect(nextPollDelayMs(early, est, false)).toBeCloseTo(0.14 * early);
  });

  test("a 60 s render costs at most 8 polls", () => {
    expect(
      pollTimesUntil(60_000, estimate(60_000), false).length,
    ).toBeLessThanOrEqual(8);
  });
});

describe("with webhooks: one Replicate call per video (ADR 0050)", () => {
  test.each([5_000, 30_000, 60_000, 120_000])(
    "a %i ms render that ends by its model's p95 costs no poll while it runs",
    (renderMs) => {
      const est = estimate(renderMs);
      const [first] = pollTimesUntil(renderMs, est, true);
      // The only call is the create; the webhook ends the video first.
      expect(first).toBeGreaterThan(renderMs);
      expect(first).toBeGreaterThanOrEqual(1.5 * est.p95Ms);
    },
  );

  test("a model without history gets no poll during a 2-minute render", () => {
    expect(pollTimesUntil(60_000, null, true)[0]).toBeGreaterThanOrEqual(
      120_000,
    );
  });

  test("a lost completion webhook is caught by a safety poll at 1.5 × p95", () => {
    const est = estimate(60_000); // p95 72 s
    const times = pollTimesUntil(10 * 60_000, est, true);
    expect(times[0]).toBe(1.5 * est.p95Ms);
    // Then a back-off, not a poll every few seconds.
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(30_000);
  });

  test("a hung render backs off until the timeout: few polls in 30 minutes", () => {
    const times = pollTimesUntil(30 * 60_000, estimate(4_000), true);
    expect(times.length).toBeLessThanOrEqual(12);
    for (let i = 1; i < times.length; i++)
      expect(times[i] - times[i - 1]).toBeLessThanOrEqual(300_000);
  });

  test("a poll firing a moment early does not start the schedule over", () => {
    const est = estimate(60_000);
    const at = 1.5 * est.p95Ms - 5;
    expect(at + nextPollDelayMs(at, est, true)).toBeGreaterThan(at + 20_000);
  });
});
