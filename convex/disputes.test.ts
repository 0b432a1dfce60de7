/**
 * Disputes of a video's charge (API-CONTRACT "Disputes"; ADR 0032): who may
 * open one and when, approval refunds exactly once, rejection keeps the
 * balance, and no video is ever refunded twice.
 */
import { describe, expect, test, vi } from "vitest";
import { DAY, openedDispute, PAGE, setup } from "./disputes.testkit";
import { succeededVideo } from "./shop.testkit";
import {
  ADMIN,
  api,
  CREATOR,
  errorCode,
  internal,
  ledgerOf,
  OTHER_CREATOR,
  useFakeClock,
} from "./test.setup";

useFakeClock(); // scheduled starts and polls never run

describe("openDispute", () => {
  test("the owner disputes a succeeded video once, within 14 days, with a reason", async () => {
    const t = await setup(OTHER_CREATOR);
    const videoId = await succeededVideo(t, CREATOR, "p1"); // 60 credits
    const creator = t.withIdentity(CREATOR);
    expect(
      await errorCode(
        creator.mutation(api.disputes.openDispute, { videoId, reason: "  " }),
      ),
    ).toBe("INVALID_ARGUMENT");
    expect(
      await errorCode(
        creator.mutation(api.disputes.openDispute, {
          videoId,
          reason: "x".repeat(1001),
        }),
      ),
    ).toBe("INVALID_ARGUMENT");
    expect(
      await errorCode(
        t
          .withIdentity(OTHER_CREATOR)
          .mutation(api.disputes.openDispute, { videoId, reason: "mine?" }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await errorCode(
        creator.mutation(api.disputes.openDispute, {
          videoId: "not-an-id",
          reason: "x",
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await errorCode(
        t.mutation(api.disputes.openDispute, { videoId, reason: "x" }),
      ),
    ).toBe("UNAUTHENTICATED");
    const disputeId = await creator.mutation(api.disputes.openDispute, {
      videoId,
      reason: " The fox has five legs. ",
    });
    expect(
      await errorCode(
        creator.mutation(api.disputes.openDispute, {
          videoId,
          reason: "again",
        }),
      ),
    ).toBe("INVALID_STATE");
    expect(await creator.query(api.disputes.getMyDisputes, {})).toMatchObject([
      {
        _id: disputeId,
        videoId,
        reason: "The fox has five legs.",
        status: "open",
        credits: 60,
      },
    ]);
    expect(
      await creator.query(api.disputes.getVideoDispute, { videoId }),
    ).toMatchObject({ canDispute: false, dispute: { status: "open" } });
  });

  test("videos that did not succeed, or finished more than 14 days ago, cannot be disputed", async () => {
    const t = await setup(OTHER_CREATOR);
    const creator = t.withIdentity(CREATOR);
    const pending = await creator.mutation(api.videos.createVideo, {
      prompt: "p",
      model: "luma/ray-flash-2-540p",
      duration: 5,
      quality: "standard",
    });
    expect(
      await errorCode(
        creator.mutation(api.disputes.openDispute, {
          videoId: pending,
          reason: "r",
        }),
      ),
    ).toBe("INVALID_STATE");
    await creator.mutation(api.videos.cancelVideo, { videoId: pending });
    expect(
      await errorCode(
        creator.mutation(api.disputes.openDispute, {
          videoId: pending,
          reason: "r",
        }),
      ),
    ).toBe("INVALID_STATE");
    const old = await succeededVideo(t, CREATOR, "p-old");
    expect(
      await creator.query(api.disputes.getVideoDispute, { videoId: old }),
    ).toMatchObject({ canDispute: true, dispute: null });
    vi.setSystemTime(Date.now() + 14 * DAY + 1000);
    expect(
      await errorCode(
        creator.mutation(api.disputes.openDispute, {
          videoId: old,
          reason: "r",
        }),
      ),
    ).toBe("INVALID_STATE");
  });
});

describe("resolveDispute", () => {
  test("approving refunds creditsCost once, linked to the video; it cannot be resolved again", async () => {
    const t = await setup(OTHER_CREATOR);
    const { videoId, creator, disputeId } = await openedDispute(
      t,
      "p2",
      "blurry",
    );
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(40);
    const admin = t.withIdentity(ADMIN);
    const queue = await admin.query(api.disputes.listOpenDisputes, PAGE);
    expect(queue.page).toMatchObject([
      {
        _id: disputeId,
        userEmail: CREATOR.email,
        video: { creditsCost: 60, prompt: "video p2" },
      },
    ]);
    expect(queue.page[0].video?.outputUrl).toBeTruthy();
    expect(
      await errorCode(
        creator.mutation(api.disputes.resolveDispute, {
          disputeId,
          approve: true,
          note: "",
        }),
      ),
    ).toBe("FORBIDDEN");
    await admin.mutation(api.disputes.resolveDispute, {
      disputeId,
      approve: true,
      note: "Sorry about that.",
    });
    const ledger = await ledgerOf(t, CREATOR.email);
    expect(ledger.balance).toBe(100);
    expect(ledger.entries.filter((e) => e.type === "refund")).toMatchObject([
      { amount: 60, videoId },
    ]);
    for (const approve of [true, false]) {
      expect(
        await errorCode(
          admin.mutation(api.disputes.resolveDispute, {
            disputeId,
            approve,
            note: "again",
          }),
        ),
      ).toBe("INVALID_STATE");
    }
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
    expect(await creator.query(api.disputes.getMyDisputes, {})).toMatchObject([
      { status: "approved", note: "Sorry about that." },
    ]);
    expect(
      (await admin.query(api.disputes.listOpenDisputes, PAGE)).page,
    ).toEqual([]);
    // A late failure event for the same video cannot refund it again.
    await t.mutation(internal.predictions.failVideo, {
      videoId,
      error: "late",
    });
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
    // The creator's usage and the model counters show the refund.
    const usage = await creator.query(api.credits.getMyUsage, {});
    expect(usage.totals.creditsSpent).toBe(0);
  });

  test("rejecting needs a note and changes no balance", async () => {
    const t = await setup(OTHER_CREATOR);
    const videoId = await succeededVideo(t, CREATOR, "p3");
    const disputeId = await t
      .withIdentity(CREATOR)
      .mutation(api.disputes.openDispute, { videoId, reason: "meh" });
    const admin = t.withIdentity(ADMIN);
    expect(
      await errorCode(
        admin.mutation(api.disputes.resolveDispute, {
          disputeId,
          approve: false,
          note: " ",
        }),
      ),
    ).toBe("INVALID_ARGUMENT");
    await admin.mutation(api.disputes.resolveDispute, {
      disputeId,
      approve: false,
      note: "The video matches the prompt.",
    });
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(40);
    expect(
      await t.withIdentity(CREATOR).query(api.disputes.getMyDisputes, {}),
    ).toMatchObject([
      { status: "rejected", note: "The video matches the prompt." },
    ]);
    expect(
      await errorCode(
        admin.mutation(api.disputes.resolveDispute, {
          disputeId: "nope",
          approve: true,
          note: "",
        }),
      ),
    ).toBe("NOT_FOUND");
  });

  test("the open queue is newest first", async () => {
    const t = await setup(OTHER_CREATOR);
    const a = await succeededVideo(t, CREATOR, "q1");
    vi.setSystemTime(Date.now() + 1000);
    const b = await succeededVideo(t, OTHER_CREATOR, "q2");
    await t
      .withIdentity(CREATOR)
      .mutation(api.disputes.openDispute, { videoId: a, reason: "1" });
    vi.setSystemTime(Date.now() + 1000);
    await t
      .withIdentity(OTHER_CREATOR)
      .mutation(api.disputes.openDispute, { videoId: b, reason: "2" });
    const queue = await t
      .withIdentity(ADMIN)
      .query(api.disputes.listOpenDisputes, PAGE);
    expect(queue.page.map((d) => d.videoId)).toEqual([b, a]);
  });
});
