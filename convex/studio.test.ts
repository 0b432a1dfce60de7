/**
 * The creator's studio (issue 14): share links and their view counts,
 * revoking, hiding videos, list filters and prompt search, log tails,
 * model insights and featured samples, and the ledger's CSV rows.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Id } from "./_generated/dataModel";
import { csvLine } from "./lib/csv";
import { logTail } from "./lib/logs";
import { utcDay } from "./lib/clock";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  OTHER_CREATOR,
  setupWithDefaults,
} from "./test.setup";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

type T = Awaited<ReturnType<typeof setupWithDefaults>>;

const VIDEO = {
  prompt: "A red fox in the snow",
  model: "luma/ray-flash-2-540p",
  duration: 5,
  quality: "standard",
};

let predictions = 0;

/** Creates a video for `who` and records its prediction as started. */
async function started(
  t: T,
  who = CREATOR,
  overrides: Partial<typeof VIDEO> = {},
): Promise<{ videoId: Id<"videos">; predictionId: string }> {
  const videoId = await t
    .withIdentity(who)
    .mutation(api.videos.createVideo, { ...VIDEO, ...overrides });
  const predictionId = `p-${++predictions}`;
  await t.mutation(internal.predictions.recordPredictionCreated, {
    videoId,
    prediction: { id: predictionId, status: "starting" },
  });
  return { videoId, predictionId };
}

/** Takes a started video through a stored success. */
async function succeed(
  t: T,
  predictionId: string,
  predictTime = 4,
): Promise<void> {
  const claim = await t.mutation(internal.predictions.claimFinalization, {
    predictionId,
  });
  const storageId = await t.run((ctx) =>
    ctx.storage.store(new Blob(["mp4"], { type: "video/mp4" })),
  );
  await t.mutation(internal.predictions.completeSucceeded, {
    videoId: claim.videoId!,
    storageId,
    predictTime,
  });
}

async function fail(t: T, predictionId: string): Promise<void> {
  await t.mutation(internal.predictions.applyPredictionUpdate, {
    prediction: { id: predictionId, status: "failed", error: "boom" },
  });
}

/** Gives CREATOR 1,000 more credits. */
async function grant(t: T): Promise<void> {
  await t.withIdentity(CREATOR).mutation(api.users.store, {});
  await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
    email: CREATOR.email,
    amount: 1000,
    reason: "test",
  });
}

async function readyVideo(t: T, who = CREATOR, prompt = VIDEO.prompt) {
  const { videoId, predictionId } = await started(t, who, { prompt });
  await succeed(t, predictionId);
  return videoId;
}

describe("share links", () => {
  test("the owner shares a finished video; anyone sees it by token and each view counts", async () => {
    const t = await setupWithDefaults();
    const videoId = await readyVideo(t);
    const creator = t.withIdentity(CREATOR);
    const { token } = await creator.mutation(api.shares.createShareLink, {
      videoId,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Idempotent while active.
    expect(
      await creator.mutation(api.shares.createShareLink, { videoId }),
    ).toEqual({ token });

    const shared = await t.query(api.shares.getSharedVideo, { token });
    expect(shared).toMatchObject({
      prompt: VIDEO.prompt,
      modelName: "Luma Ray Flash 2-540p",
      duration: 5,
      views: 0,
    });
    expect(shared?.outputUrl).toMatch(/^https?:/);
    // Nothing of the owner: exactly these keys.
    expect(Object.keys(shared!).sort()).toEqual([
      "createdAt",
      "duration",
      "modelName",
      "outputUrl",
      "prompt",
      "views",
    ]);

    expect(await t.mutation(api.shares.recordShareView, { token })).toEqual({
      counted: true,
    });
    await t.mutation(api.shares.recordShareView, { token });
    expect((await t.query(api.shares.getSharedVideo, { token }))?.views).toBe(
      2,
    );
    expect(
      await creator.query(api.shares.getMyShareLink, { videoId }),
    ).toMatchObject({ token, views: 2 });
  });

  test("views count people other than the owner: the owner's own opens add nothing", async () => {
    const t = await setupWithDefaults();
    const videoId = await readyVideo(t);
    const creator = t.withIdentity(CREATOR);
    const { token } = await creator.mutation(api.shares.createShareLink, {
      videoId,
    });
    // The owner checks their link, twice: not a view.
    for (let i = 0; i < 2; i++)
      expect(
        await creator.mutation(api.shares.recordShareView, { token }),
      ).toEqual({ counted: false });
    expect((await t.query(api.shares.getSharedVideo, { token }))?.views).toBe(
      0,
    );
    // A signed-in stranger, someone signed in without a user record yet
    // (an admin here) and a signed-out reader are people it was sent to.
    await t.withIdentity(OTHER_CREATOR).mutation(api.users.store, {});
    for (const viewer of [
      t.withIdentity(OTHER_CREATOR),
      t.withIdentity(ADMIN),
      t,
    ])
      expect(
        await viewer.mutation(api.shares.recordShareView, { token }),
      ).toEqual({
        counted: true,
      });
    expect(
      await creator.query(api.shares.getMyShareLink, { videoId }),
    ).toMatchObject({ token, views: 3 });
  });

  test("revoking stops the link at once; a new link gets a new token", async () => {
    const t = await setupWithDefaults();
    const videoId = await readyVideo(t);
    const creator = t.withIdentity(CREATOR);
    const { token } = await creator.mutation(api.shares.createShareLink, {
      videoId,
    });
    await creator.mutation(api.shares.revokeShareLink, { videoId });
    expect(await t.query(api.shares.getSharedVideo, { token })).toBeNull();
    expect(await t.mutation(api.shares.recordShareView, { token })).toEqual({
      counted: false,
    });
    expect(await creator.query(api.shares.getMyShareLink, { videoId })).toBe(
      null,
    );
    const again = await creator.mutation(api.shares.createShareLink, {
      videoId,
    });
    expect(again.token).not.toBe(token);
    expect(await t.query(api.shares.getSharedVideo, { token })).toBeNull();
  });

  test("only the owner shares or revokes, and only a finished video", async () => {
    const t = await setupWithDefaults();
    await grant(t);
    const videoId = await readyVideo(t);
    const { videoId: running } = await started(t);
    const other = t.withIdentity(OTHER_CREATOR);
    expect(
      (await errorData(other.mutation(api.shares.createShareLink, { videoId })))
        .code,
    ).toBe("NOT_FOUND");
    expect(
      (await errorData(other.mutation(api.shares.revokeShareLink, { videoId })))
        .code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await errorData(
          t
            .withIdentity(CREATOR)
            .mutation(api.shares.createShareLink, { videoId: running }),
        )
      ).code,
    ).toBe("INVALID_STATE");
    expect(
      (await errorData(t.mutation(api.shares.createShareLink, { videoId })))
        .code,
    ).toBe("UNAUTHENTICATED");
    expect(
      await t.query(api.shares.getSharedVideo, { token: "not a token" }),
    ).toBeNull();
  });
});

describe("my videos: hide, filters and search", () => {
  test("a hidden video leaves the list (not the ledger) and can come back", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    const { videoId, predictionId } = await started(t);
    await fail(t, predictionId);
    const list = async (hidden?: boolean) =>
      (
        await creator.query(api.videos.getMyVideos, {
          paginationOpts: { numItems: 10, cursor: null },
          ...(hidden === undefined ? {} : { hidden }),
        })
      ).page.map((v) => v._id);
    expect(await list()).toEqual([videoId]);
    await creator.mutation(api.videos.hideVideo, { videoId, hidden: true });
    expect(await list()).toEqual([]);
    expect(await list(true)).toEqual([videoId]);
    const ledger = await creator.query(api.credits.getMyTransactions, {
      paginationOpts: { numItems: 10, cursor: null },
    });
    expect(ledger.page.map((e) => e.type)).toEqual([
      "refund",
      "generation",
      "grant",
    ]);
    await creator.mutation(api.videos.hideVideo, { videoId, hidden: false });
    expect(await list()).toEqual([videoId]);
    expect(
      (
        await errorData(
          t
            .withIdentity(OTHER_CREATOR)
            .mutation(api.videos.hideVideo, { videoId, hidden: true }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });

  test("filters by status and model, and searches prompts", async () => {
    const t = await setupWithDefaults();
    await grant(t);
    const fox = await readyVideo(t, CREATOR, "A red fox in the snow");
    const { videoId: whale, predictionId } = await started(t, CREATOR, {
      prompt: "A whale breaching at sunset",
      model: "luma/ray-2-720p",
    });
    await fail(t, predictionId);
    const { videoId: owl } = await started(t, CREATOR, {
      prompt: "An owl in the snow at night",
    });
    // Someone else's snowy video never shows.
    await readyVideo(t, OTHER_CREATOR, "Snow falling on a fox");
    const creator = t.withIdentity(CREATOR);
    const ids = async (filters: Record<string, unknown>) =>
      (
        await creator.query(api.videos.getMyVideos, {
          paginationOpts: { numItems: 10, cursor: null },
          ...filters,
        })
      ).page
        .map((v) => v._id)
        .sort();
    expect(await ids({})).toEqual([fox, whale, owl].sort());
    expect(await ids({ status: "succeeded" })).toEqual([fox]);
    expect(await ids({ status: "failed" })).toEqual([whale]);
    expect(await ids({ model: "luma/ray-2-720p" })).toEqual([whale]);
    expect(
      await ids({ model: "luma/ray-flash-2-540p", status: "starting" }),
    ).toEqual([owl]);
    expect(await ids({ search: "snow" })).toEqual([fox, owl].sort());
    expect(await ids({ search: "snow", status: "succeeded" })).toEqual([fox]);
    expect(await ids({ search: "whale", model: "luma/ray-2-720p" })).toEqual([
      whale,
    ]);
    await creator.mutation(api.videos.hideVideo, {
      videoId: owl,
      hidden: true,
    });
    expect(await ids({ search: "snow" })).toEqual([fox]);
  });
});

describe("prediction logs", () => {
  test("the last lines of Replicate's logs are kept, bounded, for the owner", async () => {
    const t = await setupWithDefaults();
    const { videoId, predictionId } = await started(t);
    const lines = Array.from({ length: 50 }, (_, i) => `step ${i + 1}/50`);
    await t.mutation(internal.predictions.applyPredictionUpdate, {
      prediction: { id: predictionId, status: "processing" },
      progress: 50,
      logs: logTail(lines.join("\n")),
    });
    const logs = await t
      .withIdentity(CREATOR)
      .query(api.videos.getVideoLogs, { videoId });
    expect(logs?.tail.split("\n")).toEqual(lines.slice(-20));
    expect(
      await t
        .withIdentity(OTHER_CREATOR)
        .query(api.videos.getVideoLogs, { videoId }),
    ).toBeNull();
  });

  test("logTail keeps the last lines and the last state of a redrawn line", () => {
    expect(logTail("a\n\nb\r 10%\r 20%\nc\n", 2)).toBe(" 20%\nc");
    expect(logTail("x".repeat(5000), 20, 100)).toHaveLength(100);
    expect(logTail(null)).toBe("");
  });
});

describe("model insights", () => {
  test("typical speed, 30-day success rate and the featured sample per model", async () => {
    const t = await setupWithDefaults();
    await grant(t);
    const ok = await started(t);
    await succeed(t, ok.predictionId, 6);
    const ok2 = await started(t);
    await succeed(t, ok2.predictionId, 4);
    const bad = await started(t);
    await fail(t, bad.predictionId);
    // Insights read the rollups the stats fold writes (ADR 0025).
    await t.mutation(internal.stats.fold, {});
    const today = utcDay(Date.now());
    const rows = await t.query(api.insights.getModelInsights, {
      modelIds: ["luma/ray-flash-2-540p", "google/veo-3"],
      today,
    });
    expect(rows[0]).toMatchObject({
      modelId: "luma/ray-flash-2-540p",
      // The p50 (nearest rank) of 6 s and 4 s, not their mean.
      typicalSeconds: 4,
      judged: 3,
      sample: null,
    });
    expect(rows[0].successRate).toBeCloseTo(2 / 3);
    expect(rows[1]).toEqual({
      modelId: "google/veo-3",
      typicalSeconds: null,
      successRate: null,
      judged: 0,
      sample: null,
    });

    const admin = t.withIdentity(ADMIN);
    const candidates = await admin.query(api.insights.listSampleCandidates, {
      modelId: "luma/ray-flash-2-540p",
    });
    expect(candidates.map((c) => c._id).sort()).toEqual(
      [ok.videoId, ok2.videoId].sort(),
    );
    await admin.mutation(api.insights.setFeaturedSample, {
      modelId: "luma/ray-flash-2-540p",
      videoId: ok.videoId,
    });
    const [featured] = await t.query(api.insights.getModelInsights, {
      modelIds: ["luma/ray-flash-2-540p"],
      today,
    });
    expect(featured.sample).toMatchObject({
      videoId: ok.videoId,
      prompt: VIDEO.prompt,
    });
    // A failed video, another model's video, a non-admin: refused.
    expect(
      (
        await errorData(
          admin.mutation(api.insights.setFeaturedSample, {
            modelId: "luma/ray-flash-2-540p",
            videoId: bad.videoId,
          }),
        )
      ).code,
    ).toBe("INVALID_STATE");
    expect(
      (
        await errorData(
          admin.mutation(api.insights.setFeaturedSample, {
            modelId: "google/veo-3",
            videoId: ok.videoId,
          }),
        )
      ).code,
    ).toBe("INVALID_ARGUMENT");
    expect(
      (
        await errorData(
          t.withIdentity(CREATOR).mutation(api.insights.setFeaturedSample, {
            modelId: "luma/ray-flash-2-540p",
            videoId: ok.videoId,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    await admin.mutation(api.insights.clearFeaturedSample, {
      modelId: "luma/ray-flash-2-540p",
    });
    const [cleared] = await t.query(api.insights.getModelInsights, {
      modelIds: ["luma/ray-flash-2-540p"],
      today,
    });
    expect(cleared.sample).toBeNull();
  });

  test("successes older than 30 days do not count", async () => {
    const t = await setupWithDefaults();
    await grant(t);
    vi.setSystemTime(new Date("2026-01-01T12:00:00Z"));
    const old = await started(t);
    await fail(t, old.predictionId);
    vi.setSystemTime(new Date("2026-02-15T12:00:00Z"));
    const recent = await started(t);
    await succeed(t, recent.predictionId);
    await t.mutation(internal.stats.fold, {});
    const insightOn = async (today: string) =>
      (
        await t.query(api.insights.getModelInsights, {
          modelIds: ["luma/ray-flash-2-540p"],
          today,
        })
      )[0];
    expect(await insightOn("2026-02-15")).toMatchObject({
      successRate: 1,
      judged: 1,
    });
  });

  test("the 30-day window ends on the caller's day, not the clock's", async () => {
    const t = await setupWithDefaults();
    await grant(t);
    vi.setSystemTime(new Date("2026-01-01T12:00:00Z"));
    const old = await started(t);
    await fail(t, old.predictionId);
    vi.setSystemTime(new Date("2026-02-15T12:00:00Z"));
    const recent = await started(t);
    await succeed(t, recent.predictionId);
    await t.mutation(internal.stats.fold, {});
    const insightOn = async (today: string) =>
      (
        await t.query(api.insights.getModelInsights, {
          modelIds: ["luma/ray-flash-2-540p"],
          today,
        })
      )[0];
    // The clock says 2026-02-15 throughout; only `today` moves the window.
    expect(await insightOn("2026-01-01")).toMatchObject({
      successRate: 0,
      judged: 1,
    });
    expect(await insightOn("2026-01-30")).toMatchObject({ judged: 1 });
    expect(await insightOn("2026-01-31")).toMatchObject({
      successRate: null,
      judged: 0,
    });
    expect(await insightOn("2026-03-16")).toMatchObject({ judged: 1 });
    expect(await insightOn("2026-03-17")).toMatchObject({ judged: 0 });
    for (const today of ["2026-02-31", "15/02/2026", ""])
      expect(
        await errorData(
          t.query(api.insights.getModelInsights, { modelIds: [], today }),
        ),
      ).toMatchObject({ code: "INVALID_ARGUMENT", field: "today" });
  });
});

describe("credit history", () => {
  test("filters by type and exports CSV rows with exact times", async () => {
    const t = await setupWithDefaults();
    vi.setSystemTime(new Date("2026-03-01T10:20:30.456Z"));
    const { videoId, predictionId } = await started(t);
    await fail(t, predictionId);
    const creator = t.withIdentity(CREATOR);
    const refunds = await creator.query(api.credits.getMyTransactions, {
      paginationOpts: { numItems: 10, cursor: null },
      type: "refund",
    });
    expect(refunds.page.map((e) => [e.type, e.amount, e.videoId])).toEqual([
      ["refund", 60, videoId],
    ]);
    const csv = await creator.query(api.credits.exportMyTransactions, {
      paginationOpts: { numItems: 10, cursor: null },
    });
    expect(csv.rows).toEqual([
      [
        "2026-03-01T10:20:30.456Z",
        "refund",
        60,
        100,
        "Refund: the video failed",
        videoId,
      ],
      [
        "2026-03-01T10:20:30.456Z",
        "generation",
        -60,
        40,
        "Luma Ray Flash 2-540p, 5s standard",
        videoId,
      ],
      ["2026-03-01T10:20:30.456Z", "grant", 100, 100, expect.any(String), ""],
    ]);
    const grantsOnly = await creator.query(api.credits.exportMyTransactions, {
      paginationOpts: { numItems: 10, cursor: null },
      type: "grant",
    });
    expect(grantsOnly.rows).toHaveLength(1);
    expect(
      (
        await errorData(
          t.query(api.credits.exportMyTransactions, {
            paginationOpts: { numItems: 10, cursor: null },
          }),
        )
      ).code,
    ).toBe("UNAUTHENTICATED");
  });

  test("CSV lines quote what needs quoting and defuse formulas", () => {
    expect(csvLine(["a", 1, -5, 'say "hi", ok', "=SUM(A1)", "-3"])).toBe(
      'a,1,-5,"say ""hi"", ok",\'=SUM(A1),-3\r\n',
    );
    expect(csvLine(["two\nlines", null, undefined])).toBe('"two\nlines",,\r\n');
  });
});
