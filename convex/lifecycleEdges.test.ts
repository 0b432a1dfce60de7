/**
 * Video lifecycle transitions at their edges (model/videoLifecycle.ts,
 * model/predictionSync.ts, predictions.ts, the Replicate webhook): progress
 * without logs, a late prediction for a removed video, output downloads
 * that fail, lack a type or arrive empty, a video finished while its output
 * was being copied, error objects, polling without a prediction, timeouts
 * in batches and pruning in batches. Fake timers: nothing scheduled runs by
 * itself; `fetch` is stubbed where Replicate's output host answers.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Id } from "./_generated/dataModel";
import { signWebhook } from "./lib/webhooks";
import {
  ADMIN,
  api,
  CREATOR,
  internal,
  ledgerOf,
  setupWithDefaults,
} from "./test.setup";

type T = Awaited<ReturnType<typeof setupWithDefaults>>;
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OUTPUT = "https://replicate.delivery/out/x.mp4";

beforeEach(() => {
  vi.useFakeTimers();
  process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete process.env.REPLICATE_WEBHOOK_SECRET;
});

async function newVideo(t: T): Promise<Id<"videos">> {
  await t.withIdentity(CREATOR).mutation(api.users.store, {});
  const { balance } = await t.run(async (ctx) => {
    const user = await ctx.db
      .query("users")
      .withIndex("by_emailLower", (q) => q.eq("emailLower", CREATOR.email))
      .unique();
    return { balance: user?.balance ?? 0 };
  });
  if (balance < 100)
    await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 1000,
      reason: "test budget",
    });
  return await t.withIdentity(CREATOR).mutation(api.videos.createVideo, {
    prompt: "A lighthouse at dusk",
    model: "luma/ray-2-720p",
    duration: 5,
    quality: "standard",
  });
}
async function started(t: T, id = "pred_1", status = "starting") {
  const videoId = await newVideo(t);
  await t.mutation(internal.predictions.recordPredictionCreated, {
    videoId,
    prediction: { id, status },
  });
  return videoId;
}
const videoOf = async (t: T, id: Id<"videos">) =>
  (await t.run((ctx) => ctx.db.get("videos", id)))!;
const progressOf = async (t: T, id: Id<"videos">) =>
  await t.run(async (ctx) => {
    const row = await ctx.db
      .query("videoProgress")
      .withIndex("by_videoId", (q) => q.eq("videoId", id))
      .unique();
    return row?.progress ?? null;
  });
const refunds = async (t: T) =>
  (await ledgerOf(t, CREATOR.email)).entries.filter((e) => e.type === "refund");

let delivery = 0;
/** A signed webhook delivery of `prediction`; returns the response. */
async function deliver(t: T, prediction: unknown, raw?: string) {
  const id = `msg_${++delivery}`;
  const body = raw ?? JSON.stringify(prediction);
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

/** Stubs the output host: each download gets the next response. */
function stubOutputs(...responses: (() => Response | Promise<Response>)[]) {
  let call = 0;
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => {
      const respond = responses[Math.min(call, responses.length - 1)];
      call++;
      return await respond();
    }),
  );
  return () => call;
}
const video =
  (bytes = 16) =>
  () =>
    new Response(new Uint8Array(bytes), {
      status: 200,
      headers: { "content-type": "video/mp4" },
    });

describe("running transitions", () => {
  test("starting → processing without logs: started now, no progress stored; a starting report with progress keeps startedAt unset", async () => {
    const t = await setupWithDefaults();
    const first = await started(t, "pred_a");
    expect(
      (
        await deliver(t, {
          id: "pred_a",
          status: "starting",
          logs: "10%|█| 1/10",
        })
      ).status,
    ).toBe(200);
    let v = await videoOf(t, first);
    expect(v.status).toBe("starting");
    expect(v.startedAt).toBeUndefined();
    expect(await progressOf(t, first)).toBe(10);

    const second = await started(t, "pred_b");
    vi.setSystemTime(Date.now() + 5000);
    await deliver(t, { id: "pred_b", status: "processing" });
    v = await videoOf(t, second);
    expect(v).toMatchObject({
      status: "processing",
      startedAt: Date.now(),
      replicateStatus: "processing",
    });
    expect(await progressOf(t, second)).toBeNull();
  });

  test("progress is stored never backwards, on a step of 5 points or after 2 seconds", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t, "pred_p", "processing");
    const report = async (percent: number) =>
      await deliver(t, {
        id: "pred_p",
        status: "processing",
        logs: `${percent}%|█| ${percent}/100`,
      });
    await report(20);
    expect(await progressOf(t, videoId)).toBe(20);
    // +2 points within 2 s: not worth a write.
    await report(22);
    expect(await progressOf(t, videoId)).toBe(20);
    // Backwards never.
    vi.setSystemTime(Date.now() + 3000);
    await report(15);
    expect(await progressOf(t, videoId)).toBe(20);
    // +2 points after 2 s: written.
    await report(22);
    expect(await progressOf(t, videoId)).toBe(22);
    // +5 points at once: written.
    await report(27);
    expect(await progressOf(t, videoId)).toBe(27);
  });

  test("a prediction created for a video that no longer exists is answered with cancel", async () => {
    const t = await setupWithDefaults();
    const videoId = await newVideo(t);
    await t.run((ctx) => ctx.db.delete("videos", videoId));
    expect(
      await t.mutation(internal.predictions.recordPredictionCreated, {
        videoId,
        prediction: { id: "pred_late", status: "starting" },
      }),
    ).toBe("cancel");
  });

  test("a failure reported as an object shows its detail, not JSON", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t);
    await deliver(t, {
      id: "pred_1",
      status: "failed",
      error: { detail: "The prompt was flagged as unsafe." },
    });
    const v = await videoOf(t, videoId);
    expect(v).toMatchObject({
      status: "failed",
      refunded: true,
      error: "The prompt was flagged as unsafe.",
    });
    expect(await refunds(t)).toHaveLength(1);
  });

  test("polling stops for a video without a prediction, and for a finished one", async () => {
    const t = await setupWithDefaults();
    const pending = await newVideo(t);
    expect(
      await t.mutation(internal.predictions.scheduleNextPoll, {
        videoId: pending,
      }),
    ).toBeNull();
    const running = await started(t, "pred_poll");
    expect(
      await t.mutation(internal.predictions.scheduleNextPoll, {
        videoId: running,
      }),
    ).toBe("pred_poll");
    await t.withIdentity(CREATOR).mutation(api.videos.cancelVideo, {
      videoId: running,
    });
    expect(
      await t.mutation(internal.predictions.scheduleNextPoll, {
        videoId: running,
      }),
    ).toBeNull();
  });
});

describe("the webhook refuses what it cannot use", () => {
  test("no secret configured → 401; a body that is not JSON or not a prediction → 400; nothing changes", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t);
    expect((await deliver(t, null, "{not json")).status).toBe(400);
    expect((await deliver(t, { id: "pred_1" })).status).toBe(400);
    expect((await deliver(t, { status: "failed" })).status).toBe(400);
    expect((await deliver(t, null, "null")).status).toBe(400);
    delete process.env.REPLICATE_WEBHOOK_SECRET;
    const response = await deliver(t, { id: "pred_1", status: "failed" });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("Webhooks are not configured.");
    expect((await videoOf(t, videoId)).status).toBe("starting");
  });
});

describe("copying the output", () => {
  test("an HTTP error is retried: the lease is released and a later delivery completes the video", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t);
    stubOutputs(() => new Response("gone", { status: 503 }), video());
    await deliver(t, { id: "pred_1", status: "succeeded", output: OUTPUT });
    let v = await videoOf(t, videoId);
    expect(v).toMatchObject({ status: "starting", downloadFailures: 1 });
    expect(v.finalizingUntil).toBeUndefined();
    await deliver(t, {
      id: "pred_1",
      status: "succeeded",
      output: [OUTPUT],
      metrics: { predict_time: 12.5 },
    });
    v = await videoOf(t, videoId);
    expect(v).toMatchObject({
      status: "succeeded",
      predictTime: 12.5,
      progress: 100,
    });
    expect(v.outputUrls).toHaveLength(1);
    expect(await refunds(t)).toEqual([]);
  });

  test("a failed copy after a webhook is retried within seconds, not at the safety poll", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t);
    stubOutputs(() => new Response("gone", { status: 503 }));
    // Fake timers: the clock stands still, so scheduled times are exact.
    const now = Date.now();
    const retryTimes = async () =>
      (
        await t.run((ctx) =>
          ctx.db.system.query("_scheduled_functions").collect(),
        )
      )
        .filter(
          (s) =>
            s.name === "predictions:enqueueSafetyPoll" &&
            s.state.kind === "pending" &&
            s.args[0].videoId === videoId,
        )
        .map((s) => s.scheduledTime - now)
        .sort((a, b) => a - b);
    // Before: only the safety net, 2 min out (a model without history).
    expect(await retryTimes()).toEqual([120_000]);
    await deliver(t, { id: "pred_1", status: "succeeded", output: OUTPUT });
    // The retry's turn comes 2 s later, long before the safety poll; it
    // does nothing once the video is done.
    expect(await retryTimes()).toEqual([2_000, 120_000]);
    await deliver(t, { id: "pred_1", status: "succeeded", output: OUTPUT });
    expect(await retryTimes()).toEqual([2_000, 4_000, 120_000]);
    // A poll's own failure schedules no extra retry: its next poll is due.
    await t.mutation(internal.predictions.recordDownloadFailure, {
      videoId,
      error: "HTTP 503",
    });
    expect((await videoOf(t, videoId)).status).toBe("failed");
    expect(await retryTimes()).toEqual([2_000, 4_000, 120_000]);
  });

  test("an output without a content type is refused at once and refunded", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t);
    stubOutputs(() => new Response(new Uint8Array(8), { status: 200 }));
    await deliver(t, { id: "pred_1", status: "succeeded", output: OUTPUT });
    const v = await videoOf(t, videoId);
    expect(v).toMatchObject({ status: "failed", refunded: true });
    expect(v.error).toBe(
      "The output is of no declared type, not a video or an image.",
    );
  });

  test("an empty output is not a video: retried, then failed and refunded", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t);
    const calls = stubOutputs(
      () =>
        new Response(null, {
          status: 200,
          headers: { "content-type": "video/mp4" },
        }),
    );
    for (let i = 1; i <= 3; i++)
      await deliver(t, { id: "pred_1", status: "succeeded", output: OUTPUT });
    expect(calls()).toBe(3);
    const v = await videoOf(t, videoId);
    expect(v).toMatchObject({ status: "failed", refunded: true });
    expect(v.error).toMatch(/could not be copied from Replicate.*empty/);
    expect(
      await t.run((ctx) => ctx.db.system.query("_storage").collect()),
    ).toEqual([]);
  });

  test("a video that ends while its output is being copied keeps its end; the copies are dropped", async () => {
    const t = await setupWithDefaults();
    const videoId = await started(t);
    stubOutputs(async () => {
      // The creator cancels while the download is in flight.
      await t.withIdentity(CREATOR).mutation(api.videos.cancelVideo, {
        videoId,
      });
      return video()();
    });
    await deliver(t, { id: "pred_1", status: "succeeded", output: OUTPUT });
    const v = await videoOf(t, videoId);
    expect(v).toMatchObject({ status: "canceled", refunded: true });
    expect(v.outputStorageId).toBeUndefined();
    expect(
      await t.run((ctx) => ctx.db.system.query("_storage").collect()),
    ).toEqual([]);
    expect(await refunds(t)).toHaveLength(1);
  });

  test("completing a video that no longer exists changes nothing", async () => {
    const t = await setupWithDefaults();
    const videoId = await newVideo(t);
    const storageId = await t.run((ctx) =>
      ctx.storage.store(new Blob(["mp4"], { type: "video/mp4" })),
    );
    await t.run((ctx) => ctx.db.delete("videos", videoId));
    expect(
      await t.mutation(internal.predictions.completeSucceeded, {
        videoId,
        storageId,
      }),
    ).toBe(false);
  });
});

describe("batches", () => {
  test("the timeout stops at its batch size across statuses; the next run takes the rest", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    const pending = await newVideo(t);
    const starting = await started(t, "pred_s");
    const processing = await started(t, "pred_p", "processing");
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const timeOut = (limit: number) =>
      t.run(async (ctx) => {
        const Lifecycle = await import("./model/videoLifecycle");
        return await Lifecycle.timeOutStaleVideos(
          ctx,
          30 * 60_000,
          limit,
          Date.now(),
        );
      });
    expect(await timeOut(1)).toBe(1);
    expect((await videoOf(t, pending)).status).toBe("canceled");
    expect((await videoOf(t, starting)).status).toBe("starting");
    expect(await timeOut(5)).toBe(2);
    for (const id of [starting, processing])
      expect(await videoOf(t, id)).toMatchObject({
        status: "canceled",
        refunded: true,
        error: "Timed out after 30 minutes.",
      });
    expect(await timeOut(5)).toBe(0);
    expect(await refunds(t)).toHaveLength(3);
  });

  test("pruning a full batch of old deliveries schedules the next batch at once", async () => {
    const t = await setupWithDefaults();
    const old = Date.now() - 2 * 24 * 60 * 60_000;
    await t.run(async (ctx) => {
      for (let i = 0; i < 501; i++)
        await ctx.db.insert("webhookDeliveries", {
          webhookId: `msg_old_${i}`,
          predictionId: "pred_x",
          status: "succeeded",
          receivedAt: old,
        });
    });
    expect(
      await t.mutation(internal.predictions.pruneWebhookDeliveries, {}),
    ).toBe(500);
    await t.finishInProgressScheduledFunctions();
    vi.advanceTimersByTime(1);
    await t.finishInProgressScheduledFunctions();
    expect(
      await t.run((ctx) => ctx.db.query("webhookDeliveries").collect()),
    ).toEqual([]);
  });
});
