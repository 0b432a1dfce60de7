/**
 * The poll schedule (ADR 0028): without webhooks completion is seen within
 * max(2 s, 15 %) of the render with few calls; with webhooks polls are
 * sparse and only bring progress on renders longer than 10 s.
 */
import { describe, expect, test } from "vitest";
import { pollTimesUntil } from "./pollSchedule";

const estimate = (ms: number) => ({ p50Ms: ms, p95Ms: ms * 1.2 });

describe("without webhooks", () => {
  test.each([7_000, 30_000, 61_000, 120_000])(
    "a %i ms render at its model's p50 is seen within max(2 s, 15 %%)",
    (renderMs) => {
      const times = pollTimesUntil(renderMs, estimate(renderMs), false);
      const seen = times[times.length - 1];
      expect(seen).toBeGreaterThanOrEqual(renderMs);
      expect(seen - renderMs).toBeLessThanOrEqual(
        Math.max(2_000, 0.15 * renderMs),
      );
    },
  );

  test("a 60 s render costs at most 8 polls", () => {
    expect(
      pollTimesUntil(60_000, estimate(60_000), false).length,
    ).toBeLessThanOrEqual(8);
  });
});

describe("with webhooks", () => {
  test("a render shorter than 10 s costs no poll before it ends", () => {
    expect(pollTimesUntil(5_000, estimate(5_000), true)[0]).toBeGreaterThan(
      5_000,
    );
    expect(pollTimesUntil(5_000, null, true)[0]).toBeGreaterThan(5_000);
  });

  test("a 60 s render gets a few progress polls while it runs", () => {
    const during = pollTimesUntil(60_000, estimate(60_000), true).filter(
      (t) => t < 60_000,
    );
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.length).toBeLessThanOrEqual(3);
  });

  test("a render far longer than its model's p50 still gets progress, backing off", () => {
    // 40 s on a model whose renders usually take 4 s (a [slow] render).
    const during = pollTimesUntil(40_000, estimate(4_000), true).filter(
      (t) => t < 40_000,
    );
    expect(during.length).toBeGreaterThanOrEqual(2);
    // A hung render over 10 minutes: a back-off, not a poll every 10 s.
    expect(pollTimesUntil(600_000, estimate(4_000), true).length).toBeLessThan(
      20,
    );
  });
});
