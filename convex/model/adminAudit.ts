/**
 * The admin audit trail for people and money (issue 9): role changes and
 * credit grants/adjustments, each with who did it, when, and the value
 * before → after. Model changes keep their own trail (`modelAuditLog`).
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { AdminAuditAction } from "../validators";
import { emailsOf } from "./users";

/** One audited admin action. */
export type AdminAuditEntry = {
  action: AdminAuditAction;
  /** The admin who acted. */
  actor: Doc<"users">;
  /** The user it concerned. */
  target: Doc<"users">;
  /** `setRole`: the roles; `grantCredits`: the balances, in credits. */
  oldValue: string | number;
  newValue: string | number;
  reason?: string;
};

/** Appends an entry to the admin audit trail (in the acting transaction). */
export async function recordAdminAudit(
  ctx: MutationCtx,
  entry: AdminAuditEntry,
): Promise<void> {
  await ctx.db.insert("adminAuditLog", {
    action: entry.action,
    actorUserId: entry.actor._id,
    targetUserId: entry.target._id,
    oldValue: entry.oldValue,
    newValue: entry.newValue,
    reason: entry.reason,
    createdAt: Date.now(),
  });
}

/**
 * A page of the trail, newest first; only entries about `targetUserId`
 * when given. Each entry names the actor's and the target's email.
 */
export async function adminAuditPage(
  ctx: QueryCtx,
  targetUserId: Id<"users"> | null,
  paginationOpts: { numItems: number; cursor: string | null },
) {
  const result =
    targetUserId === null
      ? await ctx.db
          .query("adminAuditLog")
          .withIndex("by_createdAt")
          .order("desc")
          .paginate(paginationOpts)
      : await ctx.db
          .query("adminAuditLog")
          .withIndex("by_targetUserId_and_createdAt", (q) =>
            q.eq("targetUserId", targetUserId),
          )
          .order("desc")
          .paginate(paginationOpts);
  const emails = await emailsOf(
    ctx,
    result.page.flatMap((e) => [e.actorUserId, e.targetUserId]),
  );
  return {
    ...result,
    page: result.page.map((e) => ({
      _id: e._id,
      action: e.action,
      actorEmail: emails.get(e.actorUserId),
      targetEmail: emails.get(e.targetUserId),
      oldValue: e.oldValue,
      newValue: e.newValue,
      reason: e.reason,
      createdAt: e.createdAt,
    })),
  };
}
