/**
 * Public share links for finished videos (ADR 0047). The owner creates and
 * revokes a link; anyone with the token sees the video through
 * `getSharedVideo`, which exposes the player URL, prompt and model only —
 * never the owner, their other videos or their credits.
 */
import { v } from "convex/values";
import {
  publicMutation,
  publicQuery,
  userMutation,
  userQuery,
} from "./functions";
import {
  createShare,
  findSharedByToken,
  myShare,
  recordView,
  revokeShare,
} from "./model/shares";

/**
 * `createShareLink({ videoId })` → `{ token }`: the video's public link
 * `/s/<token>`, created once and returned again until revoked.
 * @throws `UNAUTHENTICATED`; `NOT_FOUND` (unknown or someone else's video);
 *   `INVALID_STATE` (the video has not succeeded).
 */
export const createShareLink = userMutation({
  args: { videoId: v.string() },
  returns: v.object({ token: v.string() }),
  handler: async (ctx, { videoId }) =>
    await createShare(ctx, ctx.user, videoId),
});

/**
 * `revokeShareLink({ videoId })` → null: the link stops working at once
 * (idempotent).
 * @throws `UNAUTHENTICATED`; `NOT_FOUND`.
 */
export const revokeShareLink = userMutation({
  args: { videoId: v.string() },
  returns: v.null(),
  handler: async (ctx, { videoId }) => {
    await revokeShare(ctx, ctx.user, videoId);
    return null;
  },
});

/**
 * `getMyShareLink({ videoId })` → `{ token, views, createdAt }` of the
 * caller's active link for the video, or null.
 * @throws `UNAUTHENTICATED`; `NOT_FOUND`.
 */
export const getMyShareLink = userQuery({
  args: { videoId: v.string() },
  returns: v.union(
    v.null(),
    v.object({ token: v.string(), views: v.number(), createdAt: v.number() }),
  ),
  handler: async (ctx, { videoId }) => {
    if (ctx.user === null) return null;
    return await myShare(ctx, ctx.user, videoId);
  },
});

/**
 * `getSharedVideo({ token })` (anyone) → `{ prompt, modelName, duration
 * (s), outputUrl, createdAt, views }`, or null for an unknown or revoked
 * token.
 */
export const getSharedVideo = publicQuery({
  args: { token: v.string() },
  returns: v.union(
    v.null(),
    v.object({
      prompt: v.string(),
      modelName: v.string(),
      duration: v.number(),
      outputUrl: v.string(),
      createdAt: v.number(),
      views: v.number(),
    }),
  ),
  handler: async (ctx, { token }) => {
    const found = await findSharedByToken(ctx, token);
    if (found === null) return null;
    const { share, video } = found;
    return {
      prompt: video.prompt,
      modelName: video.modelName,
      duration: video.duration,
      outputUrl: video.outputUrl!,
      createdAt: video.completedAt ?? video.createdAt,
      views: share.views,
    };
  },
});

/**
 * `recordShareView({ token })` (anyone) → `{ counted }`: counts one view of
 * an active link (the share page calls it once per page load by a person).
 * `counted` is false for an unknown or revoked token and when the caller is
 * signed in as the video's owner: their own opens are not views (ADR 0055).
 */
export const recordShareView = publicMutation({
  args: { token: v.string() },
  returns: v.object({ counted: v.boolean() }),
  handler: async (ctx, { token }) => await recordView(ctx, ctx.identity, token),
});
