/**
 * Replicate calls go through the work pool (ADR 0050): a create's start is
 * enqueued in `replicatePool`, not scheduled on its own, and the pool's
 * bound comes from `REPLICATE_MAX_PARALLELISM`.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import {
  DEFAULT_REPLICATE_PARALLELISM,
  replicateParallelism,
} from "./model/replicatePool";
import { ADMIN, api, CREATOR, setupWithDefaults } from "./test.setup";

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  delete process.env.REPLICATE_MAX_PARALLELISM;
});

test("the pool's bound is REPLICATE_MAX_PARALLELISM, 1..100, else 10", () => {
  expect(replicateParallelism("3")).toBe(3);
  expect(replicateParallelism("100")).toBe(100);
  for (const bad of [undefined, "", "0", "-2", "1.5", "101", "ten"])
    expect(replicateParallelism(bad)).toBe(DEFAULT_REPLICATE_PARALLELISM);
  process.env.REPLICATE_MAX_PARALLELISM = "4";
  expect(replicateParallelism()).toBe(4);
});

test("a create's start and a cancel go through the pool, not the app's own scheduler", async () => {
  const t = await setupWithDefaults();
  const creator = t.withIdentity(CREATOR);
  await creator.mutation(api.users.store, {});
  await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
    email: CREATOR.email,
    amount: 1000,
    reason: "test",
  });
  const videoId = await creator.mutation(api.videos.createVideo, {
    prompt: "p",
    model: "luma/ray-flash-2-540p",
    duration: 5,
    quality: "standard",
  });
  await creator.mutation(api.videos.cancelVideo, { videoId });
  const scheduled = await t.run(
    async (ctx) => await ctx.db.system.query("_scheduled_functions").collect(),
  );
  const names = scheduled.map((s) => s.name);
  expect(names).not.toContain("predictions:startPrediction");
  expect(names).not.toContain("predictions:cancelPrediction");
  expect(names.some((n) => n.startsWith("predictions:"))).toBe(false);
});
