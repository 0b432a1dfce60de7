import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Id } from "./_generated/dataModel";
import { signWebhook, verifyWebhook } from "./lib/webhooks";
import { PRIVATE_VIDEO_FIELDS } from "./validators";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  OTHER_CREATOR,
  ledgerOf,
  setupWithDefaults,
} from "./test.setup";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

beforeEach(() => {
  // Scheduled functions run only when a test advances time.
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.REPLICATE_WEBHOOK_SECRET;
  delete process.env.VIDEO_TIMEOUT_MINUTES;
});

const VIDEO = {
  prompt: "A red fox in the snow",
  model: "luma/ray-2-720p",
  duration: 5,
  quality: "standard",
};

describe("createVideo", () => {
  test("charges the exact cost once and stores a pending video", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    const videoId = await creator.mutation(api.videos.createVideo, VIDEO);
    const video = await creator.query(api.videos.getVideo, { videoId });
    expect(video).toMatchObject({
      status: "pending",
      model: "luma/ray-2-720p",
      modelName: "Luma Ray-2-720p",
      duration: 5,
      quality: "standard",
      creditsCost: 90,
      prompt: "A red fox in the snow",
    });
    expect(await creator.query(api.credits.getMyBalance, {})).toEqual({
      balance: 10,
    });
    const { entries, sum, balance } = await ledgerOf(t, CREATOR.email);
    expect(sum).toBe(balance);
    expect(entries.map((e) => [e.type, e.amount, e.videoId ?? null])).toEqual([
      ["grant", 100, null],
      ["generation", -90, videoId],
    ]);
    const stats = await t
      .withIdentity(ADMIN)
      .query(api.models.getModelStatsForAdmin, { modelId: "luma/ray-2-720p" });
    expect(stats).toMatchObject({ createdGenerations: 1, creditsCharged: 90 });
  });

  test("a later price change never reprices a video", async () => {
    const t = await setupWithDefaults();
    const videoId = await t
      .withIdentity(CREATOR)
      .mutation(api.videos.createVideo, VIDEO);
    await t.withIdentity(ADMIN).mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.5,
    });
    expect(
      (await t.withIdentity(CREATOR).query(api.videos.getVideo, { videoId }))
        ?.creditsCost,
    ).toBe(90);
  });

  test("refuses bad input with the contract's codes, charging nothing", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.users.store, {});
    await t.withIdentity(ADMIN).mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      isActive: false,
    });
    const cases: [object, string][] = [
      [{ prompt: "   " }, "INVALID_ARGUMENT"],
      [{ prompt: "x".repeat(2001) }, "INVALID_ARGUMENT"],
      [{ model: "nope/nope" }, "MODEL_NOT_FOUND"],
      [{ model: "google/veo-3", duration: 8 }, "MODEL_INACTIVE"],
      [{ duration: 7 }, "UNSUPPORTED_DURATION"],
      [{ quality: "ultra" }, "UNSUPPORTED_QUALITY"],
    ];
    for (const [patch, code] of cases) {
      expect(
        (
          await errorData(
            creator.mutation(api.videos.createVideo, { ...VIDEO, ...patch }),
          )
        ).code,
      ).toBe(code);
    }
    expect(
      (await errorData(t.mutation(api.videos.createVideo, VIDEO))).code,
    ).toBe("UNAUTHENTICATED");
    expect(await creator.query(api.credits.getMyBalance, {})).toEqual({
      balance: 100,
    });
    expect(await t.run((ctx) => ctx.db.query("videos").collect())).toHaveLength(
      0,
    );
  });

  test("insufficient credits: nothing charged, nothing stored", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.users.store, {});
    const data = await errorData(
      creator.mutation(api.videos.createVideo, {
        ...VIDEO,
        model: "google/veo-3",
        duration: 8,
      }),
    );
    expect(data.code).toBe("INSUFFICIENT_CREDITS");
    expect(data.message).toContain("600");
    expect(await creator.query(api.credits.getMyBalance, {})).toEqual({
      balance: 100,
    });
    expect(await t.run((ctx) => ctx.db.query("videos").collect())).toHaveLength(
      0,
    );
    const { entries } = await ledgerOf(t, CREATOR.email);
    expect(entries.map((e) => e.type)).toEqual(["grant"]);
  });
});

describe("reading and canceling", () => {
  test("a video reaches clients without its backend-only fields, with every contract field", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    const videoId = await creator.mutation(api.videos.createVideo, VIDEO);
    await t.run(async (ctx) => {
      const storageId = await ctx.storage.store(new Blob(["mp4"]));
      await ctx.db.patch("videos", videoId, {
        status: "succeeded",
        replicatePredictionId: "p-1",
        replicateStatus: "succeeded",
        progress: 100,
        outputStorageId: storageId,
        outputStorageIds: [storageId],
        outputUrl: "https://example.test/1.mp4",
        outputUrls: ["https://example.test/1.mp4"],
        predictTime: 4,
        pollCount: 2,
        pollsFrom: 1,
        downloadFailures: 1,
        completedAt: Date.now(),
      });
    });
    const contract = [
      "userId",
      "prompt",
      "model",
      "duration",
      "quality",
      "creditsCost",
      "status",
      "replicatePredictionId",
      "outputUrl",
      "createdAt",
      "completedAt",
    ];
    const seen = [
      await creator.query(api.videos.getVideo, { videoId }),
      (
        await creator.query(api.videos.getMyVideos, {
          paginationOpts: { numItems: 10, cursor: null },
        })
      ).page[0],
      (
        await t.withIdentity(ADMIN).query(api.videos.listVideosForUser, {
          email: CREATOR.email,
          paginationOpts: { numItems: 10, cursor: null },
        })
      ).page[0],
    ];
    for (const video of seen) {
      expect(Object.keys(video!)).toEqual(expect.arrayContaining(contract));
      expect(video).toMatchObject({
        outputUrls: ["https://example.test/1.mp4"],
        progress: 100,
      });
      for (const field of PRIVATE_VIDEO_FIELDS)
        expect(video).not.toHaveProperty(field);
    }
    // The stored document keeps them.
    const stored = await t.run((ctx) => ctx.db.get("videos", videoId));
    expect(stored).toMatchObject({
      replicateStatus: "succeeded",
      predictTime: 4,
    });
    expect(stored?.outputStorageId).toBeTruthy();
  });

  test("only the owner or an admin can read a video", async () => {
    const t = await setupWithDefaults();
    const videoId = await t
      .withIdentity(CREATOR)
      .mutation(api.videos.createVideo, VIDEO);
    expect(
      await t
        .withIdentity(OTHER_CREATOR)
        .query(api.videos.getVideo, { videoId }),
    ).toBeNull();
    expect(await t.query(api.videos.getVideo, { videoId })).toBeNull();
    expect(
      await t.withIdentity(ADMIN).query(api.videos.getVideo, { videoId }),
    ).not.toBeNull();
    expect(
      await t
        .withIdentity(CREATOR)
        .query(api.videos.getVideo, { videoId: "not-an-id" }),
    ).toBeNull();
    const page = await t
      .withIdentity(OTHER_CREATOR)
      .query(api.videos.getMyVideos, {
        paginationOpts: { numItems: 10, cursor: null },
      });
    expect(page.page).toHaveLength(0);
    expect(
      (
        await errorData(
          t.query(api.videos.getMyVideos, {
            paginationOpts: { numItems: 10, cursor: null },
          }),
        )
      ).code,
    ).toBe("UNAUTHENTICATED");
  });

  test("getMyVideos pages newest first", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.users.store, {});
    await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 100,
      reason: "test",
    });
    const ids: Id<"videos">[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        await creator.mutation(api.videos.createVideo, {
          ...VIDEO,
          model: "luma/ray-flash-2-540p",
          prompt: `v${i}`,
        }),
      );
      vi.advanceTimersByTime(1); // distinct createdAt, without running the scheduler
    }
    const first = await creator.query(api.videos.getMyVideos, {
      paginationOpts: { numItems: 2, cursor: null },
    });
    expect(first.page.map((v) => v._id)).toEqual([ids[2], ids[1]]);
    const second = await creator.query(api.videos.getMyVideos, {
      paginationOpts: { numItems: 2, cursor: first.continueCursor },
    });
    expect(second.page.map((v) => v._id)).toEqual([ids[0]]);
  });

  test("cancel refunds exactly once; others cannot cancel", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    const videoId = await creator.mutation(api.videos.createVideo, VIDEO);
    expect(
      (
        await errorData(
          t
            .withIdentity(OTHER_CREATOR)
            .mutation(api.videos.cancelVideo, { videoId }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    await creator.mutation(api.videos.cancelVideo, { videoId });
    expect(
      (await errorData(creator.mutation(api.videos.cancelVideo, { videoId })))
        .code,
    ).toBe("INVALID_STATE");
    const video = await creator.query(api.videos.getVideo, { videoId });
    expect(video).toMatchObject({ status: "canceled", refunded: true });
    expect(await creator.query(api.credits.getMyBalance, {})).toEqual({
      balance: 100,
    });
    const { entries, sum, balance } = await ledgerOf(t, CREATOR.email);
    expect(entries.filter((e) => e.type === "refund")).toHaveLength(1);
    expect(sum).toBe(balance);
    // The scheduled start sees a canceled video and does nothing.
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(
      (await creator.query(api.videos.getVideo, { videoId }))?.status,
    ).toBe("canceled");
    const stats = await t
      .withIdentity(ADMIN)
      .query(api.models.getModelStatsForAdmin, { modelId: "luma/ray-2-720p" });
    expect(stats).toMatchObject({
      totalGenerations: 1,
      canceledGenerations: 1,
      successRate: 0,
    });
  });

  test("without a Replicate token the video fails with a clear message and is refunded", async () => {
    const t = await setupWithDefaults();
    delete process.env.REPLICATE_API_TOKEN;
    const creator = t.withIdentity(CREATOR);
    const videoId = await creator.mutation(api.videos.createVideo, VIDEO);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const video = await creator.query(api.videos.getVideo, { videoId });
    expect(video?.status).toBe("failed");
    expect(video?.error).toContain("REPLICATE_API_TOKEN");
    expect(await creator.query(api.credits.getMyBalance, {})).toEqual({
      balance: 100,
    });
  });
});

describe("timeouts", () => {
  test("the cron cancels and refunds videos unfinished after VIDEO_TIMEOUT_MINUTES", async () => {
    const t = await setupWithDefaults();
    process.env.VIDEO_TIMEOUT_MINUTES = "30";
    const creator = t.withIdentity(CREATOR);
    const videoId = await creator.mutation(api.videos.createVideo, VIDEO);
    expect(await t.mutation(internal.predictions.timeoutStaleVideos, {})).toBe(
      0,
    );
    vi.setSystemTime(Date.now() + 31 * 60_000);
    expect(await t.mutation(internal.predictions.timeoutStaleVideos, {})).toBe(
      1,
    );
    expect(await t.mutation(internal.predictions.timeoutStaleVideos, {})).toBe(
      0,
    );
    const video = await creator.query(api.videos.getVideo, { videoId });
    expect(video).toMatchObject({
      status: "canceled",
      refunded: true,
      error: "Timed out after 30 minutes.",
    });
    expect(await creator.query(api.credits.getMyBalance, {})).toEqual({
      balance: 100,
    });
  });
});

describe("webhook signatures", () => {
  test("the Standard Webhooks test vector verifies", async () => {
    const body = '{"test": 2432232314}';
    const signature = await signWebhook(
      SECRET,
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "1614265330",
      body,
    );
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    const headers = {
      id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
      timestamp: "1614265330",
      signature: `v1,bogus ${signature}`,
    };
    expect(await verifyWebhook(SECRET, headers, body, 1614265330 + 60)).toEqual(
      { ok: true },
    );
    expect(
      (await verifyWebhook(SECRET, headers, body, 1614265330 + 301)).ok,
    ).toBe(false);
    expect(
      (await verifyWebhook(SECRET, headers, `${body} `, 1614265330)).ok,
    ).toBe(false);
    expect(
      (
        await verifyWebhook(
          SECRET,
          { ...headers, signature: null },
          body,
          1614265330,
        )
      ).ok,
    ).toBe(false);
  });

  test("a forged webhook gets 401 and changes nothing", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
    const creator = t.withIdentity(CREATOR);
    const videoId = await creator.mutation(api.videos.createVideo, VIDEO);
    await t.run((ctx) =>
      ctx.db.patch("videos", videoId, {
        replicatePredictionId: "pred1",
        status: "processing",
      }),
    );
    const body = JSON.stringify({
      id: "pred1",
      status: "failed",
      error: "forged",
    });
    const now = String(Math.floor(Date.now() / 1000));
    const forged = await t.fetch("/replicate/webhook", {
      method: "POST",
      headers: {
        "webhook-id": "msg_1",
        "webhook-timestamp": now,
        "webhook-signature": await signWebhook(
          "whsec_" + btoa("another secret"),
          "msg_1",
          now,
          body,
        ),
      },
      body,
    });
    expect(forged.status).toBe(401);
    const unsigned = await t.fetch("/replicate/webhook", {
      method: "POST",
      body,
    });
    expect(unsigned.status).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    const old = await t.fetch("/replicate/webhook", {
      method: "POST",
      headers: {
        "webhook-id": "msg_2",
        "webhook-timestamp": stale,
        "webhook-signature": await signWebhook(SECRET, "msg_2", stale, body),
      },
      body,
    });
    expect(old.status).toBe(401);
    expect(
      (await creator.query(api.videos.getVideo, { videoId }))?.status,
    ).toBe("processing");
    expect(await creator.query(api.credits.getMyBalance, {})).toEqual({
      balance: 10,
    });
  });

  test("a signed failure webhook refunds once, even when replayed or followed by stale events", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
    const creator = t.withIdentity(CREATOR);
    const videoId = await creator.mutation(api.videos.createVideo, VIDEO);
    await t.run((ctx) =>
      ctx.db.patch("videos", videoId, {
        replicatePredictionId: "pred2",
        status: "processing",
      }),
    );
    const send = async (id: string, prediction: object) => {
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
    };
    const failed = {
      id: "pred2",
      status: "failed",
      error: "CUDA out of memory",
      metrics: { predict_time: 3.2 },
    };
    expect((await send("msg_a", failed)).status).toBe(200);
    expect((await send("msg_a", failed)).status).toBe(200); // redelivery
    expect((await send("msg_b", failed)).status).toBe(200); // same event, new id
    expect(
      (
        await send("msg_c", {
          id: "pred2",
          status: "processing",
          logs: "50%|#| 5/10",
        })
      ).status,
    ).toBe(200);
    const video = await creator.query(api.videos.getVideo, { videoId });
    expect(video).toMatchObject({
      status: "failed",
      error: "CUDA out of memory",
      refunded: true,
    });
    const { entries, sum, balance } = await ledgerOf(t, CREATOR.email);
    expect(entries.filter((e) => e.type === "refund")).toHaveLength(1);
    expect(sum).toBe(balance);
    expect(balance).toBe(100);
    const stats = await t.query(api.models.getModelStats, {
      modelId: "luma/ray-2-720p",
    });
    expect(stats).toMatchObject({ totalGenerations: 1, failedGenerations: 1 });
    // Unknown predictions are acknowledged (so Replicate stops retrying) and ignored.
    expect(
      (await send("msg_d", { id: "unknown", status: "succeeded" })).status,
    ).toBe(200);
  });
});

test("cancelVideo with a malformed id is NOT_FOUND", async () => {
  vi.useFakeTimers();
  const t = await setupWithDefaults();
  const data = await errorData(
    t
      .withIdentity(CREATOR)
      .mutation(api.videos.cancelVideo, { videoId: "nope" }),
  );
  expect(data.code).toBe("NOT_FOUND");
});

describe("statistics and download retries", () => {
  test("success rate leaves cancellations out; a failed copy is retried, the third fails and refunds", async () => {
    vi.useFakeTimers();
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.users.store, {});
    await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 500,
      reason: "test",
    });
    const flash = { ...VIDEO, model: "luma/ray-flash-2-540p" };
    const started = async (predictionId: string) => {
      const videoId = await creator.mutation(api.videos.createVideo, flash);
      await t.mutation(internal.predictions.recordPredictionCreated, {
        videoId,
        prediction: { id: predictionId, status: "starting" },
      });
      return videoId;
    };
    // One success through the finalization steps.
    const ok = await started("p-ok");
    const claim = await t.mutation(internal.predictions.claimFinalization, {
      predictionId: "p-ok",
    });
    expect(claim).toEqual({ videoId: ok, terminal: false });
    // A second observer cannot claim while the lease is held.
    expect(
      await t.mutation(internal.predictions.claimFinalization, {
        predictionId: "p-ok",
      }),
    ).toEqual({
      videoId: null,
      terminal: false,
    });
    const storageId = await t.run((ctx) =>
      ctx.storage.store(new Blob(["mp4"])),
    );
    expect(
      await t.mutation(internal.predictions.completeSucceeded, {
        videoId: ok,
        storageId,
        predictTime: 4,
      }),
    ).toBe(true);
    // One user cancel.
    await creator.mutation(api.videos.cancelVideo, {
      videoId: await started("p-cancel"),
    });
    // One whose output cannot be copied: released twice, failed on the third.
    const broken = await started("p-broken");
    for (let attempt = 1; attempt <= 3; attempt++) {
      const c = await t.mutation(internal.predictions.claimFinalization, {
        predictionId: "p-broken",
      });
      expect(c.videoId).toBe(broken);
      await t.mutation(internal.predictions.recordDownloadFailure, {
        videoId: broken,
        error: "HTTP 502",
      });
      const video = await creator.query(api.videos.getVideo, {
        videoId: broken,
      });
      expect(video?.status).toBe(attempt < 3 ? "starting" : "failed");
    }
    const video = await creator.query(api.videos.getVideo, { videoId: broken });
    expect(video).toMatchObject({ refunded: true });
    expect(video?.error).toContain("HTTP 502");
    const stats = await t
      .withIdentity(ADMIN)
      .query(api.models.getModelStatsForAdmin, {
        modelId: "luma/ray-flash-2-540p",
      });
    expect(stats).toMatchObject({
      totalGenerations: 3,
      successfulGenerations: 1,
      failedGenerations: 1,
      canceledGenerations: 1,
      successRate: 0.5,
      averageGenerationTime: 4,
    });
  });
});
