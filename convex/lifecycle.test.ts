/**
 * The generation lifecycle against the local fake of Replicate's HTTP API
 * (started by test.globalSetup.ts), on real timers: convex-test runs the
 * scheduled start and polls itself, and the fake moves predictions through
 * starting → processing → a terminal state in under a second.
 */
import { afterEach, describe, expect, inject, test } from "vitest";
import type { Id } from "./_generated/dataModel";
import { signWebhook } from "./lib/webhooks";
import {
  ADMIN,
  api,
  CREATOR,
  internal,
  ledgerOf,
  setupWithDefaults,
  fakeReplicateControl,
  useFakeReplicate,
} from "./test.setup";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const VIDEO = {
  prompt: "A lighthouse at dusk",
  model: "luma/ray-2-720p",
  duration: 5,
  quality: "standard",
};
type T = Awaited<ReturnType<typeof setupWithDefaults>>;

const control = fakeReplicateControl;

useFakeReplicate();

afterEach(() => {
  delete process.env.REPLICATE_WEBHOOK_SECRET;
  delete process.env.VIDEO_TIMEOUT_MINUTES;
});

async function waitForVideo(
  t: T,
  videoId: Id<"videos">,
  done: (status: string) => boolean,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const video = await t.run((ctx) => ctx.db.get("videos", videoId));
    if (video && done(video.status)) return video;
    if (Date.now() > deadline)
      throw new Error(`video stuck in ${video?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const terminal = (s: string) => ["succeeded", "failed", "canceled"].includes(s);

/** Waits (GET after GET) until the fake says the prediction succeeded; returns it and the GETs made. */
/**
 * With webhooks on, pointed at an unreachable site (no delivery arrives
 * unless the test makes it): a created video, once its prediction exists.
 */
async function startedWithWebhooks() {
  const t = await setupWithDefaults();
  process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
  process.env.CONVEX_SITE_URL = "http://127.0.0.1:9";
  const videoId = await t
    .withIdentity(CREATOR)
    .mutation(api.videos.createVideo, VIDEO);
  const started = await waitForVideo(t, videoId, (s) => s !== "pending");
  return { t, videoId, started };
}

async function waitForRender(predictionId: string) {
  let gets = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    gets++;
    const prediction = (await (
      await fetch(`${inject("replicateUrl")}/predictions/${predictionId}`, {
        headers: { authorization: "Bearer r8_test_token" },
      })
    ).json()) as { status: string };
    if (prediction.status === "succeeded") return { prediction, gets };
  }
}

describe("lifecycle on the fake Replicate", () => {
  test("a video that succeeds: output stored, stats updated, charged exactly once", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    const videoId = await creator.mutation(api.videos.createVideo, VIDEO);
    const seen = new Set<string>();
    const video = await waitForVideo(
      t,
      videoId,
      (s) => (seen.add(s), terminal(s)),
    );
    expect(video.status).toBe("succeeded");
    expect(video.replicatePredictionId).toBeTruthy();
    expect(video.progress).toBe(100);
    expect(video.outputStorageId).toBeTruthy();
    expect(video.outputUrl).toBeTruthy();
    expect(video.predictTime).toBeGreaterThan(0);
    expect(video.completedAt).toBeGreaterThanOrEqual(video.createdAt);
    const bytes = await t.run(async (ctx) => {
      const blob = await ctx.storage.get(video.outputStorageId!);
      return new TextDecoder().decode(
        new Uint8Array(await blob!.arrayBuffer()).slice(4, 8),
      );
    });
    expect(bytes).toBe("ftyp"); // an MP4
    const { balance, sum, entries } = await ledgerOf(t, CREATOR.email);
    expect(balance).toBe(100 - 90);
    expect(sum).toBe(balance);
    expect(entries.filter((e) => e.type === "refund")).toHaveLength(0);
    const stats = await t.query(api.models.getModelStats, {
      modelId: VIDEO.model,
    });
    expect(stats).toMatchObject({
      totalGenerations: 1,
      successfulGenerations: 1,
      failedGenerations: 0,
      successRate: 1,
    });
    expect(stats.averageGenerationTime).toBeGreaterThan(0);

    const calls = await (await control("stats")).json();
    console.log(
      "Replicate API calls for one video without webhooks:",
      JSON.stringify(calls),
    );
  });

  test("the prediction input merges modelParameters and omits duration for fixed-duration models", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      modelParameters: { aspect_ratio: "16:9" },
    });
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await admin.mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 1000,
      reason: "test",
    });
    const videoId = await t
      .withIdentity(CREATOR)
      .mutation(api.videos.createVideo, {
        ...VIDEO,
        model: "google/veo-3",
        duration: 8,
      });
    const video = await waitForVideo(t, videoId, terminal);
    const prediction = await (
      await fetch(
        `${inject("replicateUrl")}/predictions/${video.replicatePredictionId}`,
        {
          headers: { authorization: "Bearer r8_test_token" },
        },
      )
    ).json();
    expect(prediction.model).toBe("google/veo-3");
    expect(prediction.input).toEqual({
      aspect_ratio: "16:9",
      prompt: VIDEO.prompt,
    });
  });

  test("a versioned replicateModelId posts to /predictions with the version", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(ADMIN).mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      replicateModelId: "luma/ray-2-720p:5f1d0c8e",
    });
    const videoId = await t
      .withIdentity(CREATOR)
      .mutation(api.videos.createVideo, VIDEO);
    const video = await waitForVideo(t, videoId, terminal);
    const prediction = await (
      await fetch(
        `${inject("replicateUrl")}/predictions/${video.replicatePredictionId}`,
        {
          headers: { authorization: "Bearer r8_test_token" },
        },
      )
    ).json();
    expect(prediction.version).toContain("5f1d0c8e");
    expect(prediction.input).toEqual({ prompt: VIDEO.prompt, duration: 5 });
  });

  for (const [marker, status, error] of [
    ["[fail]", "failed", /CUDA|error/i],
    ["[abort]", "canceled", /aborted/i],
  ] as const) {
    test(`a prediction that ends ${marker} is refunded exactly once`, async () => {
      const t = await setupWithDefaults();
      const videoId = await t
        .withIdentity(CREATOR)
        .mutation(api.videos.createVideo, {
          ...VIDEO,
          prompt: `${marker} a storm`,
        });
      const video = await waitForVideo(t, videoId, terminal);
      expect(video.status).toBe(status);
      expect(video.error).toMatch(error);
      expect(video.refunded).toBe(true);
      const { balance, sum, entries } = await ledgerOf(t, CREATOR.email);
      expect(balance).toBe(100);
      expect(sum).toBe(100);
      expect(entries.filter((e) => e.type === "refund")).toHaveLength(1);
      const stats = await t.query(api.models.getModelStats, {
        modelId: VIDEO.model,
      });
      expect(stats.totalGenerations).toBe(1);
      expect(stats.successRate).toBe(0);
    });
  }

  for (const [mode, expected] of [
    ["error", /server error \(HTTP 500\)/],
  ] as const) {
    test(`a Replicate ${mode} at creation fails the video and refunds it`, async () => {
      const t = await setupWithDefaults();
      await control("mode", { create: mode });
      const videoId = await t
        .withIdentity(CREATOR)
        .mutation(api.videos.createVideo, VIDEO);
      const video = await waitForVideo(t, videoId, terminal, 30_000);
      expect(video.status).toBe("failed");
      expect(video.error).toMatch(expected);
      expect(video.replicatePredictionId).toBeUndefined();
      expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
    }, 40_000);
  }

  test("a create refused with 429 waits its turn (Retry-After) and the video succeeds", async () => {
    const t = await setupWithDefaults();
    // More refusals than the client's own retries (6 calls) absorb.
    await control("mode", { create: "throttle", times: 8 });
    const videoId = await t
      .withIdentity(CREATOR)
      .mutation(api.videos.createVideo, VIDEO);
    const video = await waitForVideo(t, videoId, terminal, 60_000);
    expect(video.status).toBe("succeeded");
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100 - 90);
  }, 80_000);

  test("a create refused with 429 past the video's timeout fails it and refunds", async () => {
    const t = await setupWithDefaults();
    process.env.VIDEO_TIMEOUT_MINUTES = "0.05"; // 3 s: no room for a retry
    await control("mode", { create: "throttle" });
    const videoId = await t
      .withIdentity(CREATOR)
      .mutation(api.videos.createVideo, VIDEO);
    const video = await waitForVideo(t, videoId, terminal, 60_000);
    expect(video.status).toBe("failed");
    expect(video.error).toMatch(/rate-limiting/);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  }, 80_000);

  test("a user cancels a running video: prediction canceled at Replicate, refunded once", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    const videoId = await creator.mutation(api.videos.createVideo, {
      ...VIDEO,
      prompt: "[hang] slow clouds",
    });
    const running = await waitForVideo(
      t,
      videoId,
      (s) => s === "starting" || s === "processing",
    );
    await creator.mutation(api.videos.cancelVideo, { videoId });
    // The cancel reaches Replicate through a scheduled action.
    const deadline = Date.now() + 5000;
    let prediction: { status: string };
    do {
      await new Promise((r) => setTimeout(r, 50));
      prediction = await (
        await fetch(
          `${inject("replicateUrl")}/predictions/${running.replicatePredictionId}`,
          {
            headers: { authorization: "Bearer r8_test_token" },
          },
        )
      ).json();
    } while (prediction.status !== "canceled" && Date.now() < deadline);
    expect(prediction.status).toBe("canceled");
    const video = await waitForVideo(t, videoId, terminal);
    expect(video.status).toBe("canceled");
    const { balance, entries } = await ledgerOf(t, CREATOR.email);
    expect(balance).toBe(100);
    expect(entries.filter((e) => e.type === "refund")).toHaveLength(1);
  });

  test("a video that hangs is timed out by the cron and refunded", async () => {
    const t = await setupWithDefaults();
    process.env.VIDEO_TIMEOUT_MINUTES = "5";
    const videoId = await t
      .withIdentity(CREATOR)
      .mutation(api.videos.createVideo, { ...VIDEO, prompt: "[hang] fog" });
    await waitForVideo(t, videoId, (s) => s === "processing");
    // Not stale yet: the cron leaves it alone.
    expect(await t.mutation(internal.predictions.timeoutStaleVideos, {})).toBe(
      0,
    );
    // Age the video past the timeout instead of sleeping through it.
    await t.run((ctx) =>
      ctx.db.patch("videos", videoId, { createdAt: Date.now() - 6 * 60_000 }),
    );
    expect(await t.mutation(internal.predictions.timeoutStaleVideos, {})).toBe(
      1,
    );
    const video = await waitForVideo(t, videoId, terminal);
    expect(video).toMatchObject({ status: "canceled", refunded: true });
    expect(video.error).toMatch(/Timed out after 5 minutes/);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });

  test("with webhooks, a video its completion webhook finishes costs one Replicate call: no poll while it runs", async () => {
    // Webhooks to nowhere: the test delivers them by hand.
    const { t, videoId, started } = await startedWithWebhooks();
    const predictionId = started.replicatePredictionId!;
    // The only thing scheduled is the safety net, after the model's
    // 1.5 × p95 (2 min without history), as a mutation, not a pooled poll.
    const scheduled = await t.run((ctx) =>
      ctx.db.system.query("_scheduled_functions").collect(),
    );
    const polls = scheduled.filter(
      (s) => s.name.startsWith("predictions:") && s.state.kind === "pending",
    );
    expect(polls.map((s) => s.name)).toEqual(["predictions:enqueueSafetyPoll"]);
    expect(polls[0].scheduledTime).toBeGreaterThanOrEqual(
      started.pollsFrom! + 120_000,
    );
    const { prediction, gets: ownGets } = await waitForRender(predictionId);
    const body = JSON.stringify(prediction);
    const ts = String(Math.floor(Date.now() / 1000));
    const delivered = await t.fetch("/replicate/webhook", {
      method: "POST",
      headers: {
        "webhook-id": "msg_done",
        "webhook-timestamp": ts,
        "webhook-signature": await signWebhook(SECRET, "msg_done", ts, body),
      },
      body,
    });
    expect(delivered.status).toBe(200);
    expect((await waitForVideo(t, videoId, terminal)).status).toBe("succeeded");
    // The safety poll's turn finds the video done: nothing enqueued.
    expect(
      await t.mutation(internal.predictions.enqueueSafetyPoll, { videoId }),
    ).toBe(false);
    // Replicate saw the create and our own GETs above, no poll.
    const stats = (await (await control("stats")).json()) as {
      byKind: Record<string, number>;
      byPrediction: Record<string, { get: number }>;
    };
    expect(stats.byPrediction[predictionId].get).toBe(ownGets);
    expect(stats.byKind).toMatchObject({ create: 1 });
    delete process.env.CONVEX_SITE_URL;
  });

  test("with webhooks, a lost completion webhook is caught by the safety poll", async () => {
    // Webhooks to nowhere: every delivery is lost.
    const { t, videoId, started } = await startedWithWebhooks();
    await waitForRender(started.replicatePredictionId!);
    // The scheduler's turn comes (run now instead of in 2 minutes).
    expect(
      await t.mutation(internal.predictions.enqueueSafetyPoll, { videoId }),
    ).toBe(true);
    const video = await waitForVideo(t, videoId, terminal);
    expect(video.status).toBe("succeeded");
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(10);
    delete process.env.CONVEX_SITE_URL;
  });

  test("a webhook and a poll racing on the same completion apply it once", async () => {
    // Webhooks to nowhere: the test delivers them by hand.
    const { t, videoId, started } = await startedWithWebhooks();
    // Wait for Replicate to finish (nothing polls it while webhooks are on).
    const { prediction } = await waitForRender(started.replicatePredictionId!);
    const body = JSON.stringify(prediction);
    const deliver = async (id: string) => {
      const ts = String(Math.floor(Date.now() / 1000));
      return await t.fetch("/replicate/webhook", {
        method: "POST",
        headers: {
          "webhook-id": id,
          "webhook-timestamp": ts,
          "webhook-signature": await signWebhook(SECRET, id, ts, body),
        },
        body,
      });
    };
    const [webhook, replay, _poll] = await Promise.all([
      deliver("msg_race"),
      deliver("msg_race"),
      t.action(internal.predictions.pollPrediction, { videoId }),
    ]);
    expect(webhook.status).toBe(200);
    expect(replay.status).toBe(200);
    const video = await waitForVideo(t, videoId, terminal);
    expect(video.status).toBe("succeeded");
    const stats = await t.query(api.models.getModelStats, {
      modelId: VIDEO.model,
    });
    expect(stats).toMatchObject({
      totalGenerations: 1,
      successfulGenerations: 1,
    });
    const files = await t.run((ctx) =>
      ctx.db.system.query("_storage").collect(),
    );
    expect(files).toHaveLength(1);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(10);
    delete process.env.CONVEX_SITE_URL;
  });
});
