/**
 * Disputes at their edges (disputes.ts, model/disputes.ts): a free test
 * run cannot be disputed, approval without a note, over-long notes,
 * callers who are not signed up or not the owner, an unfinished video, and
 * an open dispute whose video is gone. Fake timers: nothing scheduled runs.
 */
import { describe, expect, test } from "vitest";
import { DAY, openedDispute, PAGE, setup } from "./disputes.testkit";
import { succeededVideo } from "./shop.testkit";
import {
  ADMIN,
  api,
  CREATOR,
  errorCode,
  errorData,
  internal,
  ledgerOf,
  OTHER_CREATOR,
  useFakeClock,
} from "./test.setup";

useFakeClock();

describe("who and what can be disputed", () => {
  test("an admin's free test run cannot be disputed: it cost nothing", async () => {
    const t = await setup(ADMIN);
    const admin = t.withIdentity(ADMIN);
    const runId = await admin.mutation(api.registry.startTestRun, {
      modelId: "luma/ray-flash-2-540p",
    });
    await t.mutation(internal.predictions.recordPredictionCreated, {
      videoId: runId,
      prediction: { id: "pred_test_run", status: "starting" },
    });
    await t.mutation(internal.predictions.claimFinalization, {
      predictionId: "pred_test_run",
    });
    const storageId = await t.run((ctx) =>
      ctx.storage.store(new Blob(["mp4"], { type: "video/mp4" })),
    );
    await t.mutation(internal.predictions.completeSucceeded, {
      videoId: runId,
      storageId,
    });
    expect(
      await admin.query(api.disputes.getVideoDispute, { videoId: runId }),
    ).toEqual({
      dispute: null,
      canDispute: false,
      blocker: "This video cost no credits.",
      disputeUntil: Date.now() + 14 * DAY,
    });
    expect(
      await errorData(
        admin.mutation(api.disputes.openDispute, {
          videoId: runId,
          reason: "Blurry",
        }),
      ),
    ).toEqual({
      code: "INVALID_STATE",
      message: "This video cost no credits.",
    });
  });

  test("an unfinished video has no dispute deadline yet", async () => {
    const t = await setup(ADMIN);
    const videoId = await t
      .withIdentity(CREATOR)
      .mutation(api.videos.createVideo, {
        prompt: "still running",
        model: "luma/ray-2-720p",
        duration: 5,
        quality: "standard",
      });
    expect(
      await t
        .withIdentity(CREATOR)
        .query(api.disputes.getVideoDispute, { videoId }),
    ).toEqual({
      dispute: null,
      canDispute: false,
      blocker: "Only a video that succeeded can be disputed.",
    });
  });

  test("a caller not signed up yet, another user, or a malformed id reads nothing", async () => {
    const t = await setup(ADMIN);
    const videoId = await succeededVideo(t, CREATOR, "pred_mine");
    const other = t.withIdentity(OTHER_CREATOR);
    expect(await other.query(api.disputes.getMyDisputes, {})).toEqual([]);
    expect(
      await other.query(api.disputes.getVideoDispute, { videoId }),
    ).toBeNull();
    await other.mutation(api.users.store, {});
    expect(
      await other.query(api.disputes.getVideoDispute, { videoId }),
    ).toBeNull();
    expect(
      await t
        .withIdentity(CREATOR)
        .query(api.disputes.getVideoDispute, { videoId: "not-an-id" }),
    ).toBeNull();
    expect(
      await errorCode(
        other.mutation(api.disputes.openDispute, {
          videoId,
          reason: "Not mine",
        }),
      ),
    ).toBe("NOT_FOUND");
  });
});

describe("resolving", () => {
  test("approval needs no note; a note over 1,000 characters is refused", async () => {
    const t = await setup(ADMIN);
    const { videoId, creator, disputeId } = await openedDispute(
      t,
      "pred_refund",
      "Wrong subject",
    );
    const admin = t.withIdentity(ADMIN);
    expect(
      await errorData(
        admin.mutation(api.disputes.resolveDispute, {
          disputeId,
          approve: true,
          note: "n".repeat(1001),
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "note" });
    const before = (await ledgerOf(t, CREATOR.email)).balance;
    await admin.mutation(api.disputes.resolveDispute, {
      disputeId,
      approve: true,
      note: "   ",
    });
    const [mine] = await creator.query(api.disputes.getMyDisputes, {});
    expect(mine).toMatchObject({ status: "approved", videoId });
    expect(mine.note).toBeUndefined();
    const cost = (await t.run((ctx) => ctx.db.get("videos", videoId)))!
      .creditsCost;
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(before + cost);
  });

  test("an open dispute whose video was removed is listed without it", async () => {
    const t = await setup(ADMIN);
    const videoId = await succeededVideo(t, CREATOR, "pred_gone");
    await t.withIdentity(CREATOR).mutation(api.disputes.openDispute, {
      videoId,
      reason: "Gone wrong",
    });
    await t.run((ctx) => ctx.db.delete("videos", videoId));
    const open = await t
      .withIdentity(ADMIN)
      .query(api.disputes.listOpenDisputes, PAGE);
    expect(open.page).toMatchObject([
      { videoId, userEmail: CREATOR.email, status: "open", video: null },
    ]);
  });
});
