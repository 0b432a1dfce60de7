/**
 * Purchases of credit packages and their fulfilment from Stripe's webhooks
 * (API-CONTRACT "Selling credits"; ADRs 0030 and 0031).
 *
 * Invariants, each kept inside one Convex transaction:
 * - a verified event id is applied once (`stripeEvents`);
 * - a purchase is credited once: the grant and `grantTransactionId` are
 *   written together, and nothing grants when `grantTransactionId` is set,
 *   so a `completed` racing an `async_payment_succeeded`, or the same
 *   session under two event ids, credits once;
 * - what is granted is the purchase's own copy of the package, taken when
 *   checkout started;
 * - a refund takes back credits without taking the balance below 0; what it
 *   could not take back is recorded on the purchase and flags it.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import { appendLedgerEntry } from "./ledger";
import { findPackage } from "./packages";

/** The parts of a Stripe event this backend reads (see `slimEvent` in http.ts). */
export type StripeEventInput = {
  eventId: string;
  type: string;
  /** `data.object.id`: a `cs_…`, `ch_…` or `dp_…`. */
  objectId: string;
  session?: {
    paymentStatus: string;
    amountTotal: number | null;
    currency: string | null;
    paymentIntentId: string | null;
    clientReferenceId: string | null;
  };
  charge?: {
    paymentIntentId: string | null;
    amount: number;
    amountRefunded: number;
  };
  dispute?: {
    paymentIntentId: string | null;
    reason: string | null;
    amount: number;
  };
};

/** Event types that carry a Checkout Session. */
const SESSION_EVENTS = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
]);

/**
 * Starts a purchase: the caller's pending row with the package copied as it
 * is now. The Checkout Session id is attached by `attachSession`.
 * @throws `NOT_FOUND` for an unknown package, `INVALID_STATE` for an
 *   inactive one.
 */
export async function beginPurchase(
  ctx: MutationCtx,
  user: Doc<"users">,
  packageId: string,
) {
  const pkg = await findPackage(ctx, packageId);
  if (pkg === null) fail("NOT_FOUND", "This credit package does not exist.");
  if (!pkg.isActive)
    fail("INVALID_STATE", "This credit package is no longer sold.");
  const now = Date.now();
  const purchaseId = await ctx.db.insert("purchases", {
    userId: user._id,
    emailLower: user.emailLower,
    packageId: pkg.packageId,
    packageName: pkg.name,
    credits: pkg.credits,
    bonusCredits: pkg.bonusCredits,
    priceCents: pkg.priceCents,
    currency: pkg.currency,
    status: "pending",
    flagged: false,
    createdAt: now,
    updatedAt: now,
  });
  return {
    purchaseId,
    email: user.email,
    packageName: pkg.name,
    credits: pkg.credits,
    bonusCredits: pkg.bonusCredits,
    priceCents: pkg.priceCents,
    currency: pkg.currency,
  };
}

/** Total credits a purchase grants (bonus included). */
export function purchaseCredits(purchase: Doc<"purchases">): number {
  return purchase.credits + purchase.bonusCredits;
}

/** The purchase of a Checkout Session id, or null. */
export async function findPurchaseBySession(
  ctx: QueryCtx,
  sessionId: string,
): Promise<Doc<"purchases"> | null> {
  return await ctx.db
    .query("purchases")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .unique();
}

/**
 * The purchase a session event is about: by session id, else (the session id
 * was never attached: the action stopped after Stripe answered) by the
 * `client_reference_id` we set to the purchase id, if the amount matches.
 */
async function matchSession(
  ctx: MutationCtx,
  event: StripeEventInput,
): Promise<Doc<"purchases"> | null> {
  const bySession = await findPurchaseBySession(ctx, event.objectId);
  if (bySession !== null) return bySession;
  const reference = event.session?.clientReferenceId;
  const id = reference ? ctx.db.normalizeId("purchases", reference) : null;
  if (id === null) return null;
  const purchase = await ctx.db.get("purchases", id);
  if (
    purchase === null ||
    purchase.sessionId !== undefined ||
    purchase.priceCents !== event.session?.amountTotal ||
    purchase.currency !== event.session?.currency
  ) {
    return null;
  }
  await ctx.db.patch("purchases", purchase._id, { sessionId: event.objectId });
  return (await ctx.db.get("purchases", purchase._id))!;
}

/** The purchase paid by a PaymentIntent, or null. */
async function findByPaymentIntent(
  ctx: QueryCtx,
  paymentIntentId: string | null | undefined,
): Promise<Doc<"purchases"> | null> {
  if (!paymentIntentId) return null;
  return await ctx.db
    .query("purchases")
    .withIndex("by_paymentIntentId", (q) =>
      q.eq("paymentIntentId", paymentIntentId),
    )
    .first();
}

/**
 * Grants a purchase's credits once (ledger type `"purchase"`, reference =
 * session id) and marks it paid.
 * @returns `"granted"` or `"already_granted"`.
 */
async function fulfil(
  ctx: MutationCtx,
  purchase: Doc<"purchases">,
  sessionId: string,
  paymentIntentId: string | null,
): Promise<string> {
  if (purchase.grantTransactionId !== undefined) return "already_granted";
  const grantTransactionId = await appendLedgerEntry(ctx, {
    userId: purchase.userId,
    amount: purchaseCredits(purchase),
    type: "purchase",
    reference: sessionId,
    reason: `Bought ${purchase.packageName}`,
  });
  const now = Date.now();
  await ctx.db.patch("purchases", purchase._id, {
    status: "paid",
    grantTransactionId,
    paidAt: now,
    paymentIntentId: paymentIntentId ?? purchase.paymentIntentId,
    failureReason: undefined,
    updatedAt: now,
  });
  return "granted";
}

/**
 * Takes back a refunded purchase's credits in proportion to the cumulative
 * refunded amount, never below a zero balance. Repeated or reordered
 * `charge.refunded` events for the same total take nothing more.
 */
async function clawBack(
  ctx: MutationCtx,
  purchase: Doc<"purchases">,
  charge: NonNullable<StripeEventInput["charge"]>,
): Promise<string> {
  const total = purchaseCredits(purchase);
  const refunded = Math.max(purchase.refundedCents ?? 0, charge.amountRefunded);
  const full = charge.amount > 0 && refunded >= charge.amount;
  const target = full
    ? total
    : charge.amount > 0
      ? Math.floor((total * refunded) / charge.amount)
      : 0;
  const clawed = purchase.clawedBackCredits ?? 0;
  const unrecoverable = purchase.unrecoverableCredits ?? 0;
  const owed = Math.max(0, target - clawed - unrecoverable);
  let taken = 0;
  if (owed > 0 && purchase.grantTransactionId !== undefined) {
    const user = await ctx.db.get("users", purchase.userId);
    taken = Math.min(owed, Math.max(0, user?.balance ?? 0));
    if (taken > 0) {
      await appendLedgerEntry(ctx, {
        userId: purchase.userId,
        amount: -taken,
        type: "adjustment",
        reference: purchase.sessionId,
        reason: `Refund of ${purchase.packageName}`,
      });
    }
  }
  const lost = purchase.grantTransactionId !== undefined ? owed - taken : 0;
  await ctx.db.patch("purchases", purchase._id, {
    refundedCents: refunded,
    clawedBackCredits: clawed + taken,
    unrecoverableCredits: unrecoverable + lost,
    flagged: purchase.flagged || lost > 0,
    status: full && purchase.status === "paid" ? "refunded" : purchase.status,
    updatedAt: Date.now(),
  });
  return lost > 0 ? "refund_partly_unrecoverable" : "refund_clawed_back";
}

/** Applies a session event to its purchase; returns the outcome label. */
async function applySessionEvent(
  ctx: MutationCtx,
  event: StripeEventInput,
  purchase: Doc<"purchases">,
): Promise<string> {
  const session = event.session!;
  const paid =
    event.type === "checkout.session.async_payment_succeeded" ||
    (event.type === "checkout.session.completed" &&
      session.paymentStatus === "paid");
  if (paid) {
    if (
      session.amountTotal !== purchase.priceCents ||
      (session.currency ?? "").toLowerCase() !== purchase.currency
    ) {
      // Never credit a session whose amount is not what we asked for.
      await ctx.db.patch("purchases", purchase._id, {
        flagged: true,
        failureReason: `Stripe reported ${session.amountTotal} ${session.currency}, expected ${purchase.priceCents} ${purchase.currency}.`,
        updatedAt: Date.now(),
      });
      return "amount_mismatch";
    }
    return await fulfil(ctx, purchase, event.objectId, session.paymentIntentId);
  }
  if (event.type === "checkout.session.completed") return "awaiting_payment";
  if (purchase.status !== "pending") return "ignored_not_pending";
  const failed = event.type === "checkout.session.async_payment_failed";
  await ctx.db.patch("purchases", purchase._id, {
    status: failed ? "failed" : "expired",
    failureReason: failed
      ? "The payment failed."
      : "Checkout expired before payment.",
    updatedAt: Date.now(),
  });
  return failed ? "failed" : "expired";
}

/**
 * Applies one verified Stripe event, once per event id.
 * @returns the outcome label recorded with the event (`"duplicate"` for a
 *   known event id, `"unmatched"` for a session, charge or dispute this
 *   deployment did not start: recorded for admins, nothing credited).
 */
export async function applyStripeEvent(
  ctx: MutationCtx,
  event: StripeEventInput,
): Promise<string> {
  const known = await ctx.db
    .query("stripeEvents")
    .withIndex("by_eventId", (q) => q.eq("eventId", event.eventId))
    .unique();
  if (known !== null) return "duplicate";

  let purchase: Doc<"purchases"> | null = null;
  let outcome = "ignored";
  let amountCents: number | undefined;
  if (SESSION_EVENTS.has(event.type) && event.session) {
    purchase = await matchSession(ctx, event);
    amountCents = event.session.amountTotal ?? undefined;
    outcome =
      purchase === null
        ? "unmatched"
        : await applySessionEvent(ctx, event, purchase);
  } else if (event.type === "charge.refunded" && event.charge) {
    purchase = await findByPaymentIntent(ctx, event.charge.paymentIntentId);
    amountCents = event.charge.amountRefunded;
    outcome =
      purchase === null
        ? "unmatched"
        : await clawBack(ctx, purchase, event.charge);
  } else if (event.type === "charge.dispute.created" && event.dispute) {
    purchase = await findByPaymentIntent(ctx, event.dispute.paymentIntentId);
    amountCents = event.dispute.amount;
    if (purchase !== null) {
      await ctx.db.patch("purchases", purchase._id, {
        flagged: true,
        stripeDisputeId: event.objectId,
        stripeDisputeReason: event.dispute.reason ?? undefined,
        updatedAt: Date.now(),
      });
      outcome = "flagged_dispute";
    } else {
      outcome = "unmatched";
    }
  }
  await ctx.db.insert("stripeEvents", {
    eventId: event.eventId,
    type: event.type,
    objectId: event.objectId,
    outcome,
    purchaseId: purchase?._id,
    amountCents: outcome === "unmatched" ? amountCents : undefined,
    receivedAt: Date.now(),
  });
  return outcome;
}

/** A purchase as its buyer sees it (API-CONTRACT `getMyPurchases`). */
export function publicPurchase(purchase: Doc<"purchases">) {
  return {
    _id: purchase._id,
    sessionId: purchase.sessionId ?? "",
    packageId: purchase.packageId,
    packageName: purchase.packageName,
    credits: purchase.credits,
    bonusCredits: purchase.bonusCredits,
    priceCents: purchase.priceCents,
    currency: purchase.currency,
    status: purchase.status,
    refundedCents: purchase.refundedCents ?? 0,
    createdAt: purchase.createdAt,
    paidAt: purchase.paidAt,
  };
}

/** Removes a purchase whose Checkout Session could not be created. */
export async function abandonPurchase(
  ctx: MutationCtx,
  purchaseId: Id<"purchases">,
): Promise<void> {
  const purchase = await ctx.db.get("purchases", purchaseId);
  if (purchase !== null && purchase.sessionId === undefined) {
    await ctx.db.delete("purchases", purchaseId);
  }
}
