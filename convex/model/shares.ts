/**
 * Public share links for videos (ADR 0047): `/s/<token>` shows the player,
 * the prompt and the model, nothing else of the owner. A token is 128 random
 * bits; a video has at most one active link; revoking ends it for good (a
 * new link gets a new token).
 */
import type { UserIdentity } from "convex/server";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import { findUserByToken } from "./users";

/** A share token: 22 base64url characters (128 random bits). */
export function newShareToken(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary)
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Tokens look like this; anything else is not looked up. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** The caller's own video, or NOT_FOUND. */
async function ownVideo(
  ctx: QueryCtx,
  user: Doc<"users">,
  videoId: string,
): Promise<Doc<"videos">> {
  const id = ctx.db.normalizeId("videos", videoId);
  const video = id === null ? null : await ctx.db.get("videos", id);
  if (video === null || video.userId !== user._id)
    fail("NOT_FOUND", "Video not found.");
  return video;
}

/** The active (not revoked) share of a video, or null. */
export async function activeShareOf(
  ctx: QueryCtx,
  videoId: Id<"videos">,
): Promise<Doc<"videoShares"> | null> {
  return await ctx.db
    .query("videoShares")
    .withIndex("by_videoId_and_revokedAt", (q) =>
      q.eq("videoId", videoId).eq("revokedAt", undefined),
    )
    .first();
}

/**
 * The video's active share link, created if missing.
 * @throws `NOT_FOUND` (not the caller's); `INVALID_STATE` (not ready yet).
 */
export async function createShare(
  ctx: MutationCtx,
  user: Doc<"users">,
  videoId: string,
): Promise<{ token: string }> {
  const video = await ownVideo(ctx, user, videoId);
  if (video.status !== "succeeded" || video.outputStorageId === undefined)
    fail("INVALID_STATE", "Only a finished video can be shared.");
  const existing = await activeShareOf(ctx, video._id);
  if (existing !== null) return { token: existing.token };
  const token = newShareToken();
  await ctx.db.insert("videoShares", {
    videoId: video._id,
    userId: user._id,
    token,
    views: 0,
    createdAt: Date.now(),
  });
  return { token };
}

/** Revokes the video's active share link, if any. @throws `NOT_FOUND`. */
export async function revokeShare(
  ctx: MutationCtx,
  user: Doc<"users">,
  videoId: string,
): Promise<void> {
  const video = await ownVideo(ctx, user, videoId);
  const existing = await activeShareOf(ctx, video._id);
  if (existing !== null)
    await ctx.db.patch("videoShares", existing._id, { revokedAt: Date.now() });
}

/** The caller's share of their video: `{ token, views, createdAt }` or null. */
export async function myShare(
  ctx: QueryCtx,
  user: Doc<"users">,
  videoId: string,
): Promise<{ token: string; views: number; createdAt: number } | null> {
  const video = await ownVideo(ctx, user, videoId);
  const share = await activeShareOf(ctx, video._id);
  return share === null
    ? null
    : { token: share.token, views: share.views, createdAt: share.createdAt };
}

/** An active share and its shareable video by token, or null. */
export async function findSharedByToken(
  ctx: QueryCtx,
  token: string,
): Promise<{ share: Doc<"videoShares">; video: Doc<"videos"> } | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const share = await ctx.db
    .query("videoShares")
    .withIndex("by_token", (q) => q.eq("token", token))
    .unique();
  if (share === null || share.revokedAt !== undefined) return null;
  const video = await ctx.db.get("videos", share.videoId);
  if (video === null || video.status !== "succeeded" || !video.outputUrl)
    return null;
  return { share, video };
}

/**
 * Counts one view of an active link by `identity` (null = signed out) and
 * answers whether it counted. Views count people the link was sent to, so
 * the video's owner opening their own link adds nothing (ADR 0055; bots and
 * prefetches are filtered before this, by the share page's
 * `isAutomatedRequest`). The count stays a field on the share (ADR 0047):
 * one patch per view, no document per view.
 */
export async function recordView(
  ctx: MutationCtx,
  identity: UserIdentity | null,
  token: string,
): Promise<{ counted: boolean }> {
  const found = await findSharedByToken(ctx, token);
  if (found === null) return { counted: false };
  if (identity !== null) {
    const viewer = await findUserByToken(ctx, identity.tokenIdentifier);
    if (viewer !== null && viewer._id === found.video.userId)
      return { counted: false };
  }
  await ctx.db.patch("videoShares", found.share._id, {
    views: found.share.views + 1,
  });
  return { counted: true };
}
