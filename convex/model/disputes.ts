/**
 * Disputes of a succeeded video's charge (API-CONTRACT "Disputes"; seed 002
 * token disputes). The only way a succeeded video is refunded: an admin
 * approves its one dispute, and the refund goes through the video state
 * machine's `refundApprovedDispute`, which never refunds a video twice
 * (ADRs 0012, 0032).
 */
import {
  MAX_DISPUTE_NOTE_LENGTH,
  MAX_DISPUTE_REASON_LENGTH,
} from "../lib/shopLimits";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import { refundApprovedDispute } from "./videoLifecycle";

/** How long after completion a video may be disputed: 14 days, in ms. */
export const DISPUTE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
export { MAX_DISPUTE_NOTE_LENGTH, MAX_DISPUTE_REASON_LENGTH };

/** The dispute of a video, or null. */
export async function findDisputeOfVideo(
  ctx: QueryCtx,
  videoId: Id<"videos">,
): Promise<Doc<"disputes"> | null> {
  return await ctx.db
    .query("disputes")
    .withIndex("by_videoId", (q) => q.eq("videoId", videoId))
    .first();
}

/**
 * Why this video cannot be disputed at `nowMs`, or null when it can
 * (API-CONTRACT "Disputes": succeeded, within 14 days of completion, one
 * dispute per video). `nowMs: null` skips the 14-day window: queries do not
 * read the clock (Convex caches them), so they report the window's end and
 * the browser compares it; `openDispute` re-checks it with the real time.
 */
export function disputeBlocker(
  video: Doc<"videos">,
  existing: Doc<"disputes"> | null,
  nowMs: number | null,
): string | null {
  if (video.status !== "succeeded")
    return "Only a video that succeeded can be disputed.";
  if (
    video.completedAt === undefined ||
    (nowMs !== null && nowMs > video.completedAt + DISPUTE_WINDOW_MS)
  )
    return "Disputes are open for 14 days after a video completes.";
  if (existing !== null) return "This video has already been disputed.";
  if (video.creditsCost <= 0) return "This video cost no credits.";
  return null;
}

/**
 * Opens the caller's dispute of their video.
 * @throws `NOT_FOUND` (no such video, or not the caller's); `INVALID_STATE`
 *   (not succeeded, past 14 days, already disputed, cost nothing);
 *   `INVALID_ARGUMENT` (reason not 1–1,000 characters after trimming).
 */
export async function openDispute(
  ctx: MutationCtx,
  user: Doc<"users">,
  videoId: string,
  reason: string,
): Promise<Id<"disputes">> {
  const id = ctx.db.normalizeId("videos", videoId);
  const video = id === null ? null : await ctx.db.get("videos", id);
  if (video === null || video.userId !== user._id)
    fail("NOT_FOUND", "Video not found.");
  const blocker = disputeBlocker(
    video,
    await findDisputeOfVideo(ctx, video._id),
    Date.now(),
  );
  if (blocker !== null) fail("INVALID_STATE", blocker);
  const trimmed = reason.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_DISPUTE_REASON_LENGTH) {
    fail(
      "INVALID_ARGUMENT",
      `Say what went wrong in 1–${MAX_DISPUTE_REASON_LENGTH} characters.`,
      "reason",
    );
  }
  return await ctx.db.insert("disputes", {
    videoId: video._id,
    userId: user._id,
    reason: trimmed,
    status: "open",
    credits: video.creditsCost,
    createdAt: Date.now(),
  });
}

/**
 * Resolves an open dispute. Approving refunds the video's `creditsCost`
 * once (ledger type `"refund"` with the video id); rejecting changes no
 * balance. Both keep the admin's note.
 * @throws `NOT_FOUND`; `INVALID_STATE` when already resolved;
 *   `INVALID_ARGUMENT` for a note over 1,000 characters, or a blank note
 *   when rejecting.
 */
export async function resolveDispute(
  ctx: MutationCtx,
  admin: Doc<"users">,
  disputeId: string,
  approve: boolean,
  note: string,
): Promise<void> {
  const id = ctx.db.normalizeId("disputes", disputeId);
  const dispute = id === null ? null : await ctx.db.get("disputes", id);
  if (dispute === null) fail("NOT_FOUND", "Dispute not found.");
  if (dispute.status !== "open")
    fail("INVALID_STATE", `This dispute was already ${dispute.status}.`);
  const trimmed = note.trim();
  if (trimmed.length > MAX_DISPUTE_NOTE_LENGTH)
    fail("INVALID_ARGUMENT", "Keep the note under 1,000 characters.", "note");
  if (!approve && trimmed.length === 0)
    fail("INVALID_ARGUMENT", "Tell the creator why.", "note");
  let refundTransactionId: Id<"creditTransactions"> | undefined;
  if (approve) {
    if (
      await refundApprovedDispute(
        ctx,
        dispute.videoId,
        "Refund: dispute approved",
      )
    ) {
      const entry = await ctx.db
        .query("creditTransactions")
        .withIndex("by_videoId_and_type", (q) =>
          q.eq("videoId", dispute.videoId).eq("type", "refund"),
        )
        .first();
      refundTransactionId = entry?._id;
    }
  }
  await ctx.db.patch("disputes", dispute._id, {
    status: approve ? "approved" : "rejected",
    note: trimmed === "" ? undefined : trimmed,
    resolvedByUserId: admin._id,
    resolvedAt: Date.now(),
    refundTransactionId,
  });
}

/** A dispute as its creator sees it. */
export function publicDispute(dispute: Doc<"disputes">) {
  return {
    _id: dispute._id,
    videoId: dispute.videoId,
    reason: dispute.reason,
    status: dispute.status,
    credits: dispute.credits,
    note: dispute.note,
    createdAt: dispute.createdAt,
    resolvedAt: dispute.resolvedAt,
  };
}
