/**
 * The bounded log tail of each video's prediction (ADR 0046), in its own
 * table so log updates do not re-send the video feed.
 */
import type { Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { logTail } from "../lib/logs";

/** Stores the tail of `logs` for a video when it changed. */
export async function saveLogTail(
  ctx: MutationCtx,
  videoId: Id<"videos">,
  logs: string | undefined,
): Promise<void> {
  if (logs === undefined) return;
  const tail = logTail(logs);
  if (tail === "") return;
  const existing = await ctx.db
    .query("videoLogs")
    .withIndex("by_videoId", (q) => q.eq("videoId", videoId))
    .unique();
  if (existing === null) {
    await ctx.db.insert("videoLogs", {
      videoId,
      tail,
      updatedAt: Date.now(),
    });
  } else if (existing.tail !== tail) {
    await ctx.db.patch("videoLogs", existing._id, {
      tail,
      updatedAt: Date.now(),
    });
  }
}

/** The stored log tail of a video, or null. */
export async function findLogTail(
  ctx: QueryCtx,
  videoId: Id<"videos">,
): Promise<{ tail: string; updatedAt: number } | null> {
  const doc = await ctx.db
    .query("videoLogs")
    .withIndex("by_videoId", (q) => q.eq("videoId", videoId))
    .unique();
  return doc === null ? null : { tail: doc.tail, updatedAt: doc.updatedAt };
}
