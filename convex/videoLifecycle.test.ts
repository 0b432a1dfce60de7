/**
 * The video state machine (model/videoLifecycle.ts, lib/videoStatus.ts),
 * transition by transition, on fake timers: scheduled starts and polls never
 * run by themselves, each test drives the steps it is about.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Id } from "./_generated/dataModel";
import { signWebhook } from "./lib/webhooks";
import {
  canTransition,
  isTerminalVideoStatus,
  refundsOnEntry,
  VIDEO_STATUSES,
  VIDEO_TRANSITIONS,
} from "./lib/videoStatus";
import * as Lifecycle from "./model/videoLifecycle";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  ledgerOf,
  setupWithDefaults,
} from "./test.setup";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const VIDEO = {
  prompt: "A lighthouse at dusk",
  model: "luma/ray-2-720p",
  duration: 5,
  quality: "standard",
};
type T = Awaited<ReturnType<typeof setupWithDefaults>>;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete process.env.REPLICATE_WEBHOOK_SECRET;
  delete process.env.REPLICATE_API_TOKEN;
  delete process.env.REPLICATE_API_BASE_URL;
});

async function newVideo(t: T) {
  return await t.withIdentity(CREATOR).mutation(api.videos.createVideo, VIDEO);
}
const getVideo = async (t: T, id: Id<"videos">) =>
  (await t.run((ctx) => ctx.db.get("videos", id)))!;
const progressOf = async (t: T, id: Id<"videos">) =>
  (await t.run((ctx) => Lifecycle.findProgress(ctx, id)))?.progress;
async function started(t: T, status = "starting", id = "pred_1") {
  const videoId = await newVideo(t);
  expect(
    await t.mutation(internal.predictions.recordPredictionCreated, {
      videoId,
      prediction: { id, status },
    }),
  ).toBe("ok");
  return videoId;
}
const refundsOf = async (t: T) =>
  (await ledgerOf(t, CREATOR.email)).entries.filter((e) => e.type === "refund");

async function deliver(t: T, id: string, prediction: object) {
  const body = JSON.stringify(prediction);
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
}

describe("the transition table", () => {
  test("terminal statuses have no way out; every other status can end", () => {
    for (const from of VIDEO_STATUSES) {
      if (isTerminalVideoStatus(from)) {
        expect(VIDEO_TRANSITIONS[from]).toEqual([]);
      } else {
        for (const to of ["failed", "canceled"] as const)
          expect(canTransition(from, to)).toBe(true);
      }
    }
  });
  test("never backwards: processing → starting and pending ← anything are refused", () => {
    expect(canTransition("processing", "starting")).toBe(false);
    for (const from of VIDEO_STATUSES)
      expect(canTransition(from, "pending")).toBe(false);
    // A prediction must exist before it can succeed.
    expect(canTransition("pending", "succeeded")).toBe(false);
  });
  test("only failed and canceled refund on entry", () => {
    expect(VIDEO_STATUSES.filter(refundsOnEntry)).toEqual([
      "failed",
      "canceled",
    ]);
  });
});

describe("transitions", () => {
  test("(new) → pending charges once and counts the video", async () => {
    const t = await setupWithDefaults();
    const videoId = await newVideo(t);
    const video = await getVideo(t, videoId);
    expect(video.status).toBe("pending");
    const { balance, entries } = await ledgerOf(t, CREATOR.email);
    expect(balance).toBe(100 - 90);
    expect(entries.filter((e) => e.type === "generation")).toHaveLength(1);
    // Exact, from the sharded counters (ADR 0025).
    const stats = await t
      .withIdentity(ADMIN)
      .query(api.models.getModelStatsForAdmin, { modelId: VIDEO.model });
    expect(stats.createdGenerations).toBe(1);
  });

  test("pending → starting records the prediction", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "starting");
    const video = await getVideo(t, videoId);
    expect(video).toMatchObject({
      status: "starting",
      replicatePredictionId: "pred_1",
    });
    expect(video.pollsFrom).toBeGreaterThan(0); // the poll schedule's clock
    expect(video.startedAt).toBeUndefined();
  });

  test("pending → processing when the prediction is already running", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "processing");
    const video = await getVideo(t, videoId);
    expect(video.status).toBe("processing");
    expect(video.startedAt).toBeGreaterThan(0);
  });

  test('recordPredictionCreated answers "cancel" for a video canceled meanwhile', async () => {
    const t = await setupWithDefaults();
    const videoId = await newVideo(t);
    await t.withIdentity(CREATOR).mutation(api.videos.cancelVideo, { videoId });
    expect(
      await t.mutation(internal.predictions.recordPredictionCreated, {
        videoId,
        prediction: { id: "pred_late", status: "starting" },
      }),
    ).toBe("cancel");
    const video = await getVideo(t, videoId);
    expect(video.status).toBe("canceled");
    expect(video.replicatePredictionId).toBeUndefined();
    expect(await refundsOf(t)).toHaveLength(1);
  });

  test('recordPredictionCreated answers "cancel" for a second prediction and "ok" for a repeat', async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "starting", "pred_a");
    expect(
      await t.mutation(internal.predictions.recordPredictionCreated, {
        videoId,
        prediction: { id: "pred_b", status: "starting" },
      }),
    ).toBe("cancel");
    expect(
      await t.mutation(internal.predictions.recordPredictionCreated, {
        videoId,
        prediction: { id: "pred_a", status: "starting" },
      }),
    ).toBe("ok");
    expect((await getVideo(t, videoId)).replicatePredictionId).toBe("pred_a");
  });

  test("starting → processing raises progress; a late starting after processing changes only progress", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "starting");
    await t.mutation(internal.predictions.applyPredictionUpdate, {
      prediction: { id: "pred_1", status: "processing" },
      progress: 40,
    });
    let video = await getVideo(t, videoId);
    expect(video).toMatchObject({ status: "processing" });
    // Progress lives apart from the video (ADR 0029).
    expect(video.progress).toBeUndefined();
    expect(await progressOf(t, videoId)).toBe(40);
    const startedAt = video.startedAt;
    expect(startedAt).toBeGreaterThan(0);

    const late = await t.mutation(internal.predictions.applyPredictionUpdate, {
      prediction: { id: "pred_1", status: "starting" },
      progress: 10,
    });
    expect(late).toEqual({ terminal: false });
    video = await getVideo(t, videoId);
    expect(video).toMatchObject({ status: "processing" });
    expect(await progressOf(t, videoId)).toBe(40);
    expect(video.startedAt).toBe(startedAt);

    await t.mutation(internal.predictions.applyPredictionUpdate, {
      prediction: { id: "pred_1", status: "starting" },
      progress: 55,
    });
    expect(await getVideo(t, videoId)).toMatchObject({ status: "processing" });
    expect(await progressOf(t, videoId)).toBe(55);
  });

  for (const [replicateStatus, status, error] of [
    ["failed", "failed", /CUDA/],
    ["canceled", "canceled", /canceled at Replicate/],
    ["aborted", "canceled", /aborted/],
  ] as const) {
    test(`processing → ${status} (Replicate "${replicateStatus}") refunds exactly once`, async () => {
      const t = await setupWithDefaults();
      const videoId = await started(t, "processing");
      const report = {
        prediction: {
          id: "pred_1",
          status: replicateStatus,
          error: "CUDA out of memory",
        },
      };
      expect(
        await t.mutation(internal.predictions.applyPredictionUpdate, report),
      ).toEqual({ terminal: true });
      expect(
        await t.mutation(internal.predictions.applyPredictionUpdate, report),
      ).toEqual({ terminal: true });
      const video = await getVideo(t, videoId);
      expect(video).toMatchObject({ status, refunded: true });
      expect(video.error).toMatch(error);
      expect(await refundsOf(t)).toHaveLength(1);
      expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
    });
  }

  test("a failed prediction without an error message gets a readable one", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "processing");
    await t.mutation(internal.predictions.applyPredictionUpdate, {
      prediction: { id: "pred_1", status: "failed" },
    });
    expect((await getVideo(t, videoId)).error).toMatch(/without an error/);
  });

  test("a report for an unknown prediction is terminal and changes nothing", async () => {
    const t = await setupWithDefaults();
    expect(
      await t.mutation(internal.predictions.applyPredictionUpdate, {
        prediction: { id: "nobody", status: "processing" },
      }),
    ).toEqual({ terminal: true });
  });

  test("a succeeded report waits for the output download", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "processing");
    expect(
      await t.mutation(internal.predictions.applyPredictionUpdate, {
        prediction: { id: "pred_1", status: "succeeded" },
      }),
    ).toEqual({ terminal: false });
    expect((await getVideo(t, videoId)).status).toBe("processing");
  });

  test("→ succeeded: output stored, progress 100, never refunded, counted once", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "processing");
    const storageId = await t.run((ctx) =>
      ctx.storage.store(new Blob(["mp4"], { type: "video/mp4" })),
    );
    const args = { videoId, storageId, predictTime: 4.5 };
    expect(await t.mutation(internal.predictions.completeSucceeded, args)).toBe(
      true,
    );
    expect(await t.mutation(internal.predictions.completeSucceeded, args)).toBe(
      false,
    );
    const video = await getVideo(t, videoId);
    expect(video).toMatchObject({
      status: "succeeded",
      progress: 100,
      predictTime: 4.5,
      outputStorageId: storageId,
    });
    expect(video.outputUrl).toBeTruthy();
    expect(await refundsOf(t)).toHaveLength(0);
    const stats = await t.query(api.models.getModelStats, {
      modelId: VIDEO.model,
    });
    expect(stats).toMatchObject({
      totalGenerations: 1,
      successfulGenerations: 1,
      averageGenerationTime: 4.5,
    });
    // A terminal video takes no more transitions of any kind.
    expect(
      await t.mutation(internal.predictions.applyPredictionUpdate, {
        prediction: { id: "pred_1", status: "failed" },
      }),
    ).toEqual({ terminal: true });
    await t.mutation(internal.predictions.failVideo, { videoId, error: "x" });
    expect((await getVideo(t, videoId)).status).toBe("succeeded");
    await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 100,
      reason: "test",
    });
    expect(
      await t.mutation(internal.predictions.completeSucceeded, {
        ...args,
        videoId: await newVideo(t),
      }),
    ).toBe(false); // pending → succeeded is not a transition
  });

  test("success without an output fails the video and refunds it", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
    const videoId = await started(t, "processing");
    const response = await deliver(t, "msg_1", {
      id: "pred_1",
      status: "succeeded",
      output: null,
    });
    expect(response.status).toBe(200);
    const video = await getVideo(t, videoId);
    expect(video).toMatchObject({ status: "failed", refunded: true });
    expect(video.error).toMatch(/no video/);
    expect(await refundsOf(t)).toHaveLength(1);
  });

  test("the finalization lease: held → refused, expired → taken over", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "processing");
    const now = 1_000_000;
    const first = await t.run((ctx) =>
      Lifecycle.claimFinalization(ctx, "pred_1", now),
    );
    expect(first).toEqual({ videoId, terminal: false });
    const held = await t.run((ctx) =>
      Lifecycle.claimFinalization(ctx, "pred_1", now + 1000),
    );
    expect(held).toEqual({ videoId: null, terminal: false });
    const takeover = await t.run((ctx) =>
      Lifecycle.claimFinalization(
        ctx,
        "pred_1",
        now + Lifecycle.FINALIZE_LEASE_MS + 1,
      ),
    );
    expect(takeover).toEqual({ videoId, terminal: false });
    expect((await getVideo(t, videoId)).finalizingUntil).toBe(
      now + 2 * Lifecycle.FINALIZE_LEASE_MS + 1,
    );
    const unknown = await t.run((ctx) =>
      Lifecycle.claimFinalization(ctx, "nobody", now),
    );
    expect(unknown).toEqual({ videoId: null, terminal: true });
  });

  test("download failures release the lease and fail the video after the third", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "processing");
    for (let i = 1; i < Lifecycle.MAX_DOWNLOAD_FAILURES; i++) {
      await t.run((ctx) => Lifecycle.claimFinalization(ctx, "pred_1", 0));
      await t.mutation(internal.predictions.recordDownloadFailure, {
        videoId,
        error: "HTTP 502",
      });
      const video = await getVideo(t, videoId);
      expect(video).toMatchObject({
        status: "processing",
        downloadFailures: i,
      });
      expect(video.finalizingUntil).toBeUndefined();
    }
    await t.mutation(internal.predictions.recordDownloadFailure, {
      videoId,
      error: "HTTP 502",
    });
    const video = await getVideo(t, videoId);
    expect(video).toMatchObject({ status: "failed", refunded: true });
    expect(video.error).toMatch(/could not be copied.*HTTP 502/);
    // Once terminal, later failures change nothing.
    await t.mutation(internal.predictions.recordDownloadFailure, {
      videoId,
      error: "again",
    });
    expect(await refundsOf(t)).toHaveLength(1);
  });

  test("the timeout cancels pending, starting and processing videos once, in bounded batches", async () => {
    const t = await setupWithDefaults();
    const pending = await newVideo(t);
    const now = Date.now() + 60 * 60_000;
    const timedOut = await t.run((ctx) =>
      Lifecycle.timeOutStaleVideos(ctx, 30 * 60_000, 10, now),
    );
    expect(timedOut).toBe(1);
    const video = await getVideo(t, pending);
    expect(video).toMatchObject({ status: "canceled", refunded: true });
    expect(video.error).toMatch(/Timed out after 30 minutes/);
    expect(
      await t.run((ctx) =>
        Lifecycle.timeOutStaleVideos(ctx, 30 * 60_000, 10, now),
      ),
    ).toBe(0);
    // Not stale yet: nothing happens.
    const fresh = await newVideo(t);
    expect(
      await t.run((ctx) =>
        Lifecycle.timeOutStaleVideos(ctx, 30 * 60_000, 10, Date.now()),
      ),
    ).toBe(0);
    expect((await getVideo(t, fresh)).status).toBe("pending");
  });
});

describe("the refund rule", () => {
  test("a succeeded video is refunded only through an approved dispute, once", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "processing");
    const storageId = await t.run((ctx) =>
      ctx.storage.store(new Blob(["mp4"], { type: "video/mp4" })),
    );
    await t.mutation(internal.predictions.completeSucceeded, {
      videoId,
      storageId,
    });
    expect(await refundsOf(t)).toHaveLength(0);
    expect(
      await t.run((ctx) =>
        Lifecycle.refundApprovedDispute(ctx, videoId, "Dispute approved"),
      ),
    ).toBe(true);
    expect(
      await t.run((ctx) =>
        Lifecycle.refundApprovedDispute(ctx, videoId, "Dispute approved"),
      ),
    ).toBe(false);
    expect(await refundsOf(t)).toHaveLength(1);
    expect(await getVideo(t, videoId)).toMatchObject({
      status: "succeeded",
      refunded: true,
    });
    // Exact, from the sharded counters (ADR 0025).
    const stats = await t
      .withIdentity(ADMIN)
      .query(api.models.getModelStatsForAdmin, { modelId: VIDEO.model });
    expect(stats).toMatchObject({ creditsCharged: 90, creditsRefunded: 90 });
  });

  test("a dispute cannot refund a failed video a second time, nor an unfinished one", async () => {
    const t = await setupWithDefaults();
    const failed = await started(t, "processing");
    await t.mutation(internal.predictions.failVideo, {
      videoId: failed,
      error: "boom",
    });
    expect(
      (
        await errorData(
          t.run((ctx) => Lifecycle.refundApprovedDispute(ctx, failed, "x")),
        )
      ).code,
    ).toBe("INVALID_STATE");
    const running = await started(t, "processing", "pred_2");
    expect(
      (
        await errorData(
          t.run((ctx) => Lifecycle.refundApprovedDispute(ctx, running, "x")),
        )
      ).code,
    ).toBe("INVALID_STATE");
    expect(await refundsOf(t)).toHaveLength(1);
  });

  test("a free video is never refunded (nothing was charged)", async () => {
    const t = await setupWithDefaults();
    const videoId = await newVideo(t);
    await t.run((ctx) => ctx.db.patch("videos", videoId, { creditsCost: 0 }));
    await t.mutation(internal.predictions.failVideo, { videoId, error: "x" });
    expect(await getVideo(t, videoId)).toMatchObject({ status: "failed" });
    expect((await getVideo(t, videoId)).refunded).toBeFalsy();
    expect(await refundsOf(t)).toHaveLength(0);
  });
});

describe("webhook deliveries", () => {
  test("pruning forgets deliveries older than a day and keeps the rest", async () => {
    const t = await setupWithDefaults();
    const now = Date.now();
    await t.run(async (ctx) => {
      for (let i = 0; i < 3; i++)
        await ctx.db.insert("webhookDeliveries", {
          webhookId: `old_${i}`,
          predictionId: "p",
          status: "succeeded",
          receivedAt: now - 25 * 60 * 60_000,
        });
      await ctx.db.insert("webhookDeliveries", {
        webhookId: "fresh",
        predictionId: "p",
        status: "succeeded",
        receivedAt: now - 60_000,
      });
    });
    expect(
      await t.mutation(internal.predictions.pruneWebhookDeliveries, {}),
    ).toBe(3);
    const left = await t.run((ctx) =>
      ctx.db.query("webhookDeliveries").collect(),
    );
    expect(left.map((d) => d.webhookId)).toEqual(["fresh"]);
  });

  test("a terminal delivery is remembered once and a redelivery is skipped", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
    const videoId = await started(t, "processing");
    const body = { id: "pred_1", status: "failed", error: "boom" };
    expect((await deliver(t, "msg_x", body)).status).toBe(200);
    expect(await (await deliver(t, "msg_x", body)).text()).toBe(
      "Already applied.",
    );
    expect(
      await t.run((ctx) => ctx.db.query("webhookDeliveries").collect()),
    ).toMatchObject([
      { webhookId: "msg_x", predictionId: "pred_1", status: "failed" },
    ]);
    expect((await getVideo(t, videoId)).status).toBe("failed");
  });

  test("a completion redelivered while its output is copied is skipped, and a progress delivery is not remembered", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
    await started(t, "starting");
    expect(
      (await deliver(t, "msg_start", { id: "pred_1", status: "processing" }))
        .status,
    ).toBe(200);
    // The completion's lease is taken (as by a first delivery mid-copy).
    expect(
      await t.mutation(internal.predictions.claimFinalization, {
        predictionId: "pred_1",
        delivery: { webhookId: "msg_done" },
      }),
    ).toMatchObject({ videoId: expect.any(String) });
    const again = await deliver(t, "msg_done", {
      id: "pred_1",
      status: "succeeded",
      output: "https://replicate.delivery/x/out.mp4",
    });
    expect(await again.text()).toBe("Already applied.");
    expect(
      (await t.run((ctx) => ctx.db.query("webhookDeliveries").collect())).map(
        (d) => d.webhookId,
      ),
    ).toEqual(["msg_done"]);
  });
});

describe("Replicate edge cases", () => {
  test("a 201 without an id fails the video and refunds it at once", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_API_TOKEN = "r8_test";
    process.env.REPLICATE_API_BASE_URL = "https://replicate.test/v1";
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ status: "starting" }), {
            status: 201,
            headers: { "content-type": "application/json" },
          }),
      ),
    );
    const videoId = await newVideo(t);
    await t.action(internal.predictions.startPrediction, { videoId });
    const video = await getVideo(t, videoId);
    expect(video).toMatchObject({ status: "failed", refunded: true });
    expect(video.error).toMatch(/no prediction id/);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });

  test("a poll that gets 404 fails the video and refunds it at once", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_API_TOKEN = "r8_test";
    process.env.REPLICATE_API_BASE_URL = "https://replicate.test/v1";
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ detail: "Not found." }), {
            status: 404,
            headers: { "content-type": "application/json" },
          }),
      ),
    );
    const videoId = await started(t, "processing");
    await t.action(internal.predictions.pollPrediction, { videoId });
    const video = await getVideo(t, videoId);
    expect(video).toMatchObject({ status: "failed", refunded: true });
    expect(video.error).toMatch(/404/);
    expect(await refundsOf(t)).toHaveLength(1);
  });

  test("a poll that gets another error keeps the video running (the next poll retries)", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_API_TOKEN = "r8_test";
    process.env.REPLICATE_API_BASE_URL = "https://replicate.test/v1";
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response("{}", { status: 400 })),
    );
    const videoId = await started(t, "processing");
    await t.action(internal.predictions.pollPrediction, { videoId });
    expect(await getVideo(t, videoId)).toMatchObject({ status: "processing" });
  });

  test('a video canceled while its prediction is created: the prediction is canceled at Replicate ("cancel" answer)', async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_API_TOKEN = "r8_test";
    process.env.REPLICATE_API_BASE_URL = "https://replicate.test/v1";
    const calls: string[] = [];
    const created: { videoId?: Id<"videos"> } = {};
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = input instanceof Request ? input.url : String(input);
        calls.push(`${init?.method ?? "GET"} ${new URL(url).pathname}`);
        if (url.endsWith("/predictions")) {
          // The user cancels while Replicate is creating the prediction.
          await t
            .withIdentity(CREATOR)
            .mutation(api.videos.cancelVideo, { videoId: created.videoId! });
        }
        return new Response(
          JSON.stringify({ id: "pred_z", status: "starting" }),
          { status: 201, headers: { "content-type": "application/json" } },
        );
      }),
    );
    const videoId = (created.videoId = await newVideo(t));
    await t.action(internal.predictions.startPrediction, { videoId });
    expect(calls).toEqual([
      "POST /v1/models/luma/ray-2-720p/predictions",
      "POST /v1/predictions/pred_z/cancel",
    ]);
    const video = await getVideo(t, videoId);
    expect(video.status).toBe("canceled");
    expect(video.replicatePredictionId).toBeUndefined();
    expect(await refundsOf(t)).toHaveLength(1);
  });
});
