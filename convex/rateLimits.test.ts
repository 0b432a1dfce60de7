/**
 * The per-user createVideo rate limit (API-CONTRACT "Rate limit"), kept by
 * the @convex-dev/rate-limiter component registered through
 * `registerComponents`.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  ledgerOf,
  OTHER_CREATOR,
  setupWithDefaults,
} from "./test.setup";

const VIDEO = {
  prompt: "A red fox in the snow",
  model: "luma/ray-2-720p",
  duration: 5,
  quality: "standard",
};

beforeEach(() => {
  // Scheduled predictions never run unless time advances.
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.CREATE_VIDEO_RATE_LIMIT;
  delete process.env.STARTER_CREDITS;
});

async function richSetup() {
  const t = await setupWithDefaults();
  process.env.STARTER_CREDITS = "1000000";
  return t;
}

async function videoCount(t: Awaited<ReturnType<typeof richSetup>>) {
  return await t.run(
    async (ctx) => (await ctx.db.query("videos").collect()).length,
  );
}

describe("createVideo rate limit", () => {
  test("20 per minute by default; the 21st is RATE_LIMITED with retryAfterMs, nothing charged or written", async () => {
    const t = await richSetup();
    const creator = t.withIdentity(CREATOR);
    for (let i = 0; i < 20; i++)
      await creator.mutation(api.videos.createVideo, VIDEO);
    const before = await ledgerOf(t, CREATOR.email);
    const error = await errorData(
      creator.mutation(api.videos.createVideo, VIDEO),
    );
    expect(error.code).toBe("RATE_LIMITED");
    const { retryAfterMs } = error as unknown as { retryAfterMs: number };
    expect(Number.isInteger(retryAfterMs)).toBe(true);
    expect(retryAfterMs).toBeGreaterThan(0);
    const after = await ledgerOf(t, CREATOR.email);
    expect(after.balance).toBe(before.balance);
    expect(after.entries).toHaveLength(before.entries.length);
    expect(await videoCount(t)).toBe(20);
    // retryAfterMs is honest: once it has passed, the next video is accepted.
    vi.advanceTimersByTime(retryAfterMs);
    await creator.mutation(api.videos.createVideo, VIDEO);
    expect(await videoCount(t)).toBe(21);
  });

  test("CREATE_VIDEO_RATE_LIMIT sets the limit; buckets are per user; tokens refill", async () => {
    process.env.CREATE_VIDEO_RATE_LIMIT = "2";
    const t = await richSetup();
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.videos.createVideo, VIDEO);
    await creator.mutation(api.videos.createVideo, VIDEO);
    const refused = await errorData(
      creator.mutation(api.videos.createVideo, VIDEO),
    );
    expect(refused.code).toBe("RATE_LIMITED");
    const { retryAfterMs } = refused as unknown as { retryAfterMs: number };
    // Another creator has a bucket of their own.
    await t.withIdentity(OTHER_CREATOR).mutation(api.videos.createVideo, VIDEO);
    // A limit of 2 a minute refills one token every 30 s: a second before
    // retryAfterMs it is still refused, once it has passed it is accepted.
    vi.advanceTimersByTime(retryAfterMs - 1_000);
    expect(
      (await errorData(creator.mutation(api.videos.createVideo, VIDEO))).code,
    ).toBe("RATE_LIMITED");
    vi.advanceTimersByTime(1_000);
    await creator.mutation(api.videos.createVideo, VIDEO);
  });

  test("checked after the round-1 validations: an invalid request keeps its own code", async () => {
    process.env.CREATE_VIDEO_RATE_LIMIT = "1";
    const t = await richSetup();
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.videos.createVideo, VIDEO);
    expect(
      (
        await errorData(
          creator.mutation(api.videos.createVideo, { ...VIDEO, prompt: " " }),
        )
      ).code,
    ).toBe("INVALID_ARGUMENT");
    expect(
      (
        await errorData(
          creator.mutation(api.videos.createVideo, {
            ...VIDEO,
            model: "nobody/nothing",
          }),
        )
      ).code,
    ).toBe("MODEL_NOT_FOUND");
    expect(
      (
        await errorData(
          creator.mutation(api.videos.createVideo, { ...VIDEO, duration: 7 }),
        )
      ).code,
    ).toBe("UNSUPPORTED_DURATION");
    expect(
      (await errorData(creator.mutation(api.videos.createVideo, VIDEO))).code,
    ).toBe("RATE_LIMITED");
  });

  test("checked before the balance; a request refused for credits spends no token", async () => {
    process.env.CREATE_VIDEO_RATE_LIMIT = "2";
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    // 100 starter credits, 90 per video: the second is refused for credits.
    await creator.mutation(api.videos.createVideo, VIDEO);
    expect(
      (await errorData(creator.mutation(api.videos.createVideo, VIDEO))).code,
    ).toBe("INSUFFICIENT_CREDITS");
    await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 1000,
      reason: "more",
    });
    // The refused request was rolled back with its token: this one passes.
    await creator.mutation(api.videos.createVideo, VIDEO);
    expect(
      (await errorData(creator.mutation(api.videos.createVideo, VIDEO))).code,
    ).toBe("RATE_LIMITED");
  });

  test("RATE_LIMITED comes before INSUFFICIENT_CREDITS", async () => {
    process.env.CREATE_VIDEO_RATE_LIMIT = "1";
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.videos.createVideo, VIDEO);
    // Balance 10 now: both rules would refuse; the rate limit speaks first.
    expect(
      (await errorData(creator.mutation(api.videos.createVideo, VIDEO))).code,
    ).toBe("RATE_LIMITED");
  });

  test("an unset or invalid CREATE_VIDEO_RATE_LIMIT means 20", async () => {
    const { createVideoRateLimit } = await import("./model/rateLimits");
    expect(createVideoRateLimit()).toBe(20);
    process.env.CREATE_VIDEO_RATE_LIMIT = "abc";
    expect(createVideoRateLimit()).toBe(20);
    process.env.CREATE_VIDEO_RATE_LIMIT = "0";
    expect(createVideoRateLimit()).toBe(20);
    process.env.CREATE_VIDEO_RATE_LIMIT = "5";
    expect(createVideoRateLimit()).toBe(5);
  });
});
