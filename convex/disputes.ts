/**
 * Disputes of a video's charge (API-CONTRACT "Disputes"; seed 002 token
 * disputes; ADR 0032). A creator disputes a succeeded video within 14 days;
 * an admin approves (refund once) or rejects with a note.
 */
import {
  paginationOptsValidator,
  paginationResultValidator,
} from "convex/server";
import { v } from "convex/values";
import {
  adminMutation,
  adminQuery,
  userMutation,
  userQuery,
} from "./functions";
import {
  disputeBlocker,
  findDisputeOfVideo,
  openDispute as open,
  publicDispute,
  resolveDispute as resolve,
  DISPUTE_WINDOW_MS,
} from "./model/disputes";
import { emailsOf } from "./model/users";
import { publicDisputeValidator, videoFields } from "./validators";

/**
 * `openDispute({ videoId, reason })` → the dispute id.
 * @throws `UNAUTHENTICATED`; `NOT_FOUND` (no such video or not the
 *   caller's); `INVALID_STATE` (not succeeded, more than 14 days since it
 *   completed, already disputed); `INVALID_ARGUMENT` (reason not 1–1,000
 *   characters).
 */
export const openDispute = userMutation({
  args: { videoId: v.string(), reason: v.string() },
  returns: v.id("disputes"),
  handler: async (ctx, { videoId, reason }) =>
    await open(ctx, ctx.user, videoId, reason),
});

/**
 * Admin: `resolveDispute({ disputeId, approve, note })` → null. Approving
 * refunds the video's `creditsCost` once (ledger `"refund"` with the video
 * id); rejecting changes no balance and needs a note.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `INVALID_STATE`
 *   (already resolved), `INVALID_ARGUMENT` (note).
 */
export const resolveDispute = adminMutation({
  args: { disputeId: v.string(), approve: v.boolean(), note: v.string() },
  returns: v.null(),
  handler: async (ctx, { disputeId, approve, note }) => {
    await resolve(ctx, ctx.user, disputeId, approve, note);
    return null;
  },
});

/** Most disputes `getMyDisputes` returns. */
const MAX_MY_DISPUTES = 200;

/**
 * `getMyDisputes({})` → the caller's disputes, newest first: `{ _id,
 * videoId, reason, status: "open" | "approved" | "rejected", credits, note?,
 * createdAt, resolvedAt? }` (the 200 most recent).
 * @throws `UNAUTHENTICATED`.
 */
export const getMyDisputes = userQuery({
  args: {},
  returns: v.array(publicDisputeValidator),
  handler: async (ctx) => {
    const { user } = ctx;
    if (user === null) return [];
    const disputes = await ctx.db
      .query("disputes")
      .withIndex("by_userId_and_createdAt", (q) => q.eq("userId", user._id))
      .order("desc")
      .take(MAX_MY_DISPUTES);
    return disputes.map(publicDispute);
  },
});

/**
 * `getVideoDispute({ videoId })` → for the caller's own video: `{ dispute
 * (or null), canDispute, blocker? (why not), disputeUntil? (ms since epoch) }`;
 * null for a video that is not theirs. The video page shows the button and
 * the outcome live from it. `canDispute` covers status, an earlier dispute
 * and the cost; the 14-day window is `disputeUntil`, which the browser
 * compares with its clock (a query must not read the clock: Convex would
 * cache the answer past the deadline). `openDispute` enforces all of it.
 * @throws `UNAUTHENTICATED`.
 */
export const getVideoDispute = userQuery({
  args: { videoId: v.string() },
  returns: v.union(
    v.null(),
    v.object({
      dispute: v.union(publicDisputeValidator, v.null()),
      canDispute: v.boolean(),
      blocker: v.optional(v.string()),
      disputeUntil: v.optional(v.number()),
    }),
  ),
  handler: async (ctx, { videoId }) => {
    const { user } = ctx;
    const id = ctx.db.normalizeId("videos", videoId);
    if (user === null || id === null) return null;
    const video = await ctx.db.get("videos", id);
    if (video === null || video.userId !== user._id) return null;
    const dispute = await findDisputeOfVideo(ctx, video._id);
    const blocker = disputeBlocker(video, dispute, null);
    return {
      dispute: dispute === null ? null : publicDispute(dispute),
      canDispute: blocker === null,
      blocker: blocker ?? undefined,
      disputeUntil:
        video.completedAt !== undefined
          ? video.completedAt + DISPUTE_WINDOW_MS
          : undefined,
    };
  },
});

/**
 * Admin: `listOpenDisputes({ paginationOpts })` → a page of open disputes,
 * newest first, each with its video (`prompt`, `model`, `modelName`,
 * `outputUrl`, `creditsCost`, `completedAt`) and the creator's `userEmail`.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listOpenDisputes = adminQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(
    v.object({
      ...publicDisputeValidator.fields,
      userEmail: v.optional(v.string()),
      video: v.union(
        v.null(),
        v.object({
          prompt: videoFields.prompt,
          model: videoFields.model,
          modelName: videoFields.modelName,
          outputUrl: videoFields.outputUrl,
          creditsCost: videoFields.creditsCost,
          completedAt: videoFields.completedAt,
        }),
      ),
    }),
  ),
  handler: async (ctx, { paginationOpts }) => {
    const result = await ctx.db
      .query("disputes")
      .withIndex("by_status_and_createdAt", (q) => q.eq("status", "open"))
      .order("desc")
      .paginate(paginationOpts);
    const emails = await emailsOf(
      ctx,
      result.page.map((d) => d.userId),
    );
    const page = await Promise.all(
      result.page.map(async (dispute) => {
        const video = await ctx.db.get("videos", dispute.videoId);
        return {
          ...publicDispute(dispute),
          userEmail: emails.get(dispute.userId),
          video:
            video === null
              ? null
              : {
                  prompt: video.prompt,
                  model: video.model,
                  modelName: video.modelName,
                  outputUrl: video.outputUrl,
                  creditsCost: video.creditsCost,
                  completedAt: video.completedAt,
                },
        };
      }),
    );
    return { ...result, page };
  },
});
