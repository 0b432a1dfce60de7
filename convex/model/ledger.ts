/**
 * The credit ledger (API-CONTRACT "Credits"; seed 002's `credit_transactions`
 * with `reserve_credits`/`refund_credits`). Every change to a balance is one
 * append-only entry written in the same transaction as the balance, so a
 * user's balance always equals the sum of their entries and is never
 * negative.
 */
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import { MAX_LEDGER_AMOUNT } from "../lib/money";
import type { LedgerType } from "../validators";

export { MAX_LEDGER_AMOUNT };

export type LedgerEntryInput = {
  userId: Id<"users">;
  /** Signed whole credits: positive adds, negative takes. */
  amount: number;
  type: LedgerType;
  videoId?: Id<"videos">;
  reason?: string;
  actorUserId?: Id<"users">;
  /** An outside id the entry is about, e.g. the Checkout Session `cs_…`. */
  reference?: string;
};

/**
 * Appends a ledger entry and moves the user's balance by `amount`.
 * @returns the new entry's id.
 * @throws `INVALID_ARGUMENT` when `amount` is not a whole number within
 *   ±1,000,000,000; `INSUFFICIENT_CREDITS` when the balance would go below 0
 *   (nothing is written then); `NOT_FOUND` for an unknown user.
 */
export async function appendLedgerEntry(
  ctx: MutationCtx,
  entry: LedgerEntryInput,
): Promise<Id<"creditTransactions">> {
  if (
    !Number.isSafeInteger(entry.amount) ||
    Math.abs(entry.amount) > MAX_LEDGER_AMOUNT
  ) {
    fail("INVALID_ARGUMENT", "Credit amounts are whole numbers.", "amount");
  }
  const user = await ctx.db.get("users", entry.userId);
  if (user === null) fail("NOT_FOUND", "User not found.");
  const balanceAfter = user.balance + entry.amount;
  if (balanceAfter < 0) {
    fail(
      "INSUFFICIENT_CREDITS",
      `This needs ${-entry.amount} credits; the balance is ${user.balance}.`,
    );
  }
  const now = Date.now();
  await ctx.db.patch("users", user._id, {
    balance: balanceAfter,
    updatedAt: now,
  });
  return await ctx.db.insert("creditTransactions", {
    userId: entry.userId,
    amount: entry.amount,
    type: entry.type,
    videoId: entry.videoId,
    reason: entry.reason,
    actorUserId: entry.actorUserId,
    reference: entry.reference,
    balanceAfter,
    createdAt: now,
  });
}
