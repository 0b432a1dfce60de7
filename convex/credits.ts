/**
 * Public credits API (API-CONTRACT "Credits"; seeds 001 and 002). Credits are
 * integers, 1 credit = US$0.01. A balance always equals the sum of the
 * user's ledger entries and is never negative.
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { adminMutation, adminQuery, userQuery } from "./functions";
import { fail } from "./lib/errors";
import { checkReason } from "./lib/limits";
import { appendLedgerEntry } from "./model/ledger";
import { usageOf } from "./model/usage";
import { emailsOf, requireUserByEmail } from "./model/users";
import type { Doc } from "./_generated/dataModel";

/** A ledger entry as clients see it (no internal actor ids). */
function publicEntry(entry: Doc<"creditTransactions">) {
  return {
    _id: entry._id,
    amount: entry.amount,
    type: entry.type,
    videoId: entry.videoId,
    reason: entry.reason,
    balanceAfter: entry.balanceAfter,
    createdAt: entry.createdAt,
  };
}

/**
 * `getMyBalance({})` → `{ balance }` in credits (0 before the user record
 * exists).
 * @throws `UNAUTHENTICATED`.
 */
export const getMyBalance = userQuery({
  args: {},
  returns: v.object({ balance: v.number() }),
  handler: async (ctx) => {
    const { user } = ctx;
    return { balance: user?.balance ?? 0 };
  },
});

/**
 * `getMyTransactions({ paginationOpts })` → a page of the caller's ledger,
 * newest first: `{ amount (signed credits), type, videoId?, reason?,
 * balanceAfter, createdAt }`.
 * @throws `UNAUTHENTICATED`.
 */
export const getMyTransactions = userQuery({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) => {
    const { user } = ctx;
    if (user === null) return { page: [], isDone: true, continueCursor: "" };
    const result = await ctx.db
      .query("creditTransactions")
      .withIndex("by_userId_and_createdAt", (q) => q.eq("userId", user._id))
      .order("desc")
      .paginate(paginationOpts);
    return { ...result, page: result.page.map(publicEntry) };
  },
});

/**
 * Admin: `grantCredits({ email, amount, reason })` → null. A positive amount
 * is a `"grant"`, a negative one an `"adjustment"`.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND` (unknown email),
 *   `INVALID_ARGUMENT` (amount 0 or not whole, blank or over-long reason),
 *   `INSUFFICIENT_CREDITS` when it would take the balance below 0 (nothing
 *   changes then).
 */
export const grantCredits = adminMutation({
  args: { email: v.string(), amount: v.number(), reason: v.string() },
  returns: v.null(),
  handler: async (ctx, { email, amount, reason }) => {
    const user = await requireUserByEmail(ctx, email);
    if (!Number.isSafeInteger(amount) || amount === 0) {
      fail(
        "INVALID_ARGUMENT",
        "Amount must be a whole number of credits, not 0.",
        "amount",
      );
    }
    const trimmed = reason.trim();
    const problem = checkReason(trimmed);
    if (problem !== null) fail("INVALID_ARGUMENT", problem, "reason");
    await appendLedgerEntry(ctx, {
      userId: user._id,
      amount,
      type: amount > 0 ? "grant" : "adjustment",
      reason: trimmed,
      actorUserId: ctx.user._id,
    });
    return null;
  },
});

/**
 * Admin: a page of one user's ledger, newest first (same shape as
 * `getMyTransactions`, plus `actorEmail`: the admin who granted or adjusted).
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`.
 */
export const getUserTransactions = adminQuery({
  args: { email: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, { email, paginationOpts }) => {
    const user = await requireUserByEmail(ctx, email);
    const result = await ctx.db
      .query("creditTransactions")
      .withIndex("by_userId_and_createdAt", (q) => q.eq("userId", user._id))
      .order("desc")
      .paginate(paginationOpts);
    const actors = await emailsOf(
      ctx,
      result.page.flatMap((entry) =>
        entry.actorUserId ? [entry.actorUserId] : [],
      ),
    );
    return {
      ...result,
      page: result.page.map((entry) => ({
        ...publicEntry(entry),
        actorEmail: entry.actorUserId
          ? actors.get(entry.actorUserId)
          : undefined,
      })),
    };
  },
});

/**
 * `getMyUsage({})` → the caller's usage analytics: `{ totals: { videos,
 * succeeded, failed, canceled, creditsSpent }, perModel: { modelId, name,
 * category?, videos, succeeded, failed, canceled, creditsSpent, lastUsedAt
 * }[] (most credits first), perCategory: { category, videos, creditsSpent
 * }[] }`. `creditsSpent` is charged minus refunded, in credits. Seed 003.
 * @throws `UNAUTHENTICATED`.
 */
export const getMyUsage = userQuery({
  args: {},
  handler: async (ctx) => {
    const { user } = ctx;
    if (user === null) {
      return {
        totals: {
          videos: 0,
          succeeded: 0,
          failed: 0,
          canceled: 0,
          creditsSpent: 0,
        },
        perModel: [],
        perCategory: [],
      };
    }
    return await usageOf(ctx, user._id);
  },
});
