/**
 * The creator's video list (ADR 0047): newest first, without hidden videos
 * unless asked, filtered by status and/or model, or searched by prompt
 * (Convex full-text search over `prompt`, best match first).
 */
import type { PaginationOptions, PaginationResult } from "convex/server";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import type { VideoStatus } from "../validators";

export type VideoListFilters = {
  status?: VideoStatus;
  model?: string;
  /** Words of the prompt; blank = no search. */
  search?: string;
  /** true: only hidden videos (the "Hidden" view); default: only visible. */
  hidden?: boolean;
};

/** Longest search text, in characters. */
export const MAX_SEARCH_LENGTH = 200;

export async function listVideosOf(
  ctx: QueryCtx,
  userId: Id<"users">,
  filters: VideoListFilters,
  paginationOpts: PaginationOptions,
): Promise<PaginationResult<Doc<"videos">>> {
  const { status, model } = filters;
  const search = (filters.search ?? "").trim().slice(0, MAX_SEARCH_LENGTH);
  if (filters.hidden === true) {
    // Hidden ones, most recently hidden first (hiddenAt is a timestamp > 0).
    return await ctx.db
      .query("videos")
      .withIndex("by_userId_and_hiddenAt_and_createdAt", (q) =>
        q.eq("userId", userId).gt("hiddenAt", 0),
      )
      .order("desc")
      .paginate(paginationOpts);
  }
  if (search !== "") {
    return await ctx.db
      .query("videos")
      .withSearchIndex("search_prompt", (q) => {
        let query = q
          .search("prompt", search)
          .eq("userId", userId)
          .eq("hiddenAt", undefined);
        if (status !== undefined) query = query.eq("status", status);
        if (model !== undefined) query = query.eq("model", model);
        return query;
      })
      .paginate(paginationOpts);
  }
  if (status !== undefined && model !== undefined) {
    return await ctx.db
      .query("videos")
      .withIndex(
        "by_userId_and_hiddenAt_and_model_and_status_and_createdAt",
        (q) =>
          q
            .eq("userId", userId)
            .eq("hiddenAt", undefined)
            .eq("model", model)
            .eq("status", status),
      )
      .order("desc")
      .paginate(paginationOpts);
  }
  if (status !== undefined) {
    return await ctx.db
      .query("videos")
      .withIndex("by_userId_and_hiddenAt_and_status_and_createdAt", (q) =>
        q.eq("userId", userId).eq("hiddenAt", undefined).eq("status", status),
      )
      .order("desc")
      .paginate(paginationOpts);
  }
  if (model !== undefined) {
    return await ctx.db
      .query("videos")
      .withIndex("by_userId_and_hiddenAt_and_model_and_createdAt", (q) =>
        q.eq("userId", userId).eq("hiddenAt", undefined).eq("model", model),
      )
      .order("desc")
      .paginate(paginationOpts);
  }
  return await ctx.db
    .query("videos")
    .withIndex("by_userId_and_hiddenAt_and_createdAt", (q) =>
      q.eq("userId", userId).eq("hiddenAt", undefined),
    )
    .order("desc")
    .paginate(paginationOpts);
}

/**
 * Hides (or shows again) one of the caller's videos. Hiding changes nothing
 * else: the ledger, statistics and any running render stay as they are.
 * @throws `NOT_FOUND` for an unknown id or someone else's video.
 */
export async function setVideoHidden(
  ctx: MutationCtx,
  user: Doc<"users">,
  videoId: string,
  hidden: boolean,
): Promise<void> {
  const id = ctx.db.normalizeId("videos", videoId);
  const video = id === null ? null : await ctx.db.get("videos", id);
  if (video === null || video.userId !== user._id)
    fail("NOT_FOUND", "Video not found.");
  if ((video.hiddenAt !== undefined) === hidden) return;
  await ctx.db.patch("videos", video._id, {
    hiddenAt: hidden ? Date.now() : undefined,
  });
}
