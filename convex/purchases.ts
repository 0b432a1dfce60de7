/**
 * Purchases: the internal steps of checkout and fulfilment, and the admin
 * views (API-CONTRACT "Selling credits"; ADRs 0030, 0031). The public
 * checkout and receipt functions live in `credits.ts`, per the contract.
 */
import {
  paginationOptsValidator,
  paginationResultValidator,
} from "convex/server";
import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { adminQuery } from "./functions";
import { requireUser } from "./model/access";
import { createPackage, LOCAL_PACKAGES } from "./model/packages";
import {
  abandonPurchase,
  applyStripeEvent as applyEvent,
  beginPurchase,
} from "./model/purchases";
import { withUserEmails } from "./model/users";
import { stripeEventValidator } from "./docValidators";
import { purchaseStatusValidator } from "./validators";

/** A purchase as the admin purchases page lists it (money in cents, credits whole). */
const adminPurchaseRowValidator = v.object({
  _id: v.id("purchases"),
  userEmail: v.optional(v.string()),
  sessionId: v.optional(v.string()),
  packageId: v.string(),
  packageName: v.string(),
  credits: v.number(),
  bonusCredits: v.number(),
  priceCents: v.number(),
  currency: v.string(),
  status: purchaseStatusValidator,
  flagged: v.boolean(),
  paidAt: v.optional(v.number()),
  refundedCents: v.number(),
  clawedBackCredits: v.number(),
  unrecoverableCredits: v.number(),
  stripeDisputeId: v.optional(v.string()),
  stripeDisputeReason: v.optional(v.string()),
  failureReason: v.optional(v.string()),
  createdAt: v.number(),
});

/**
 * Checkout step 1 (from `credits:startCheckout`, with the caller's
 * identity): a pending purchase with the package copied as it is now.
 * @throws `UNAUTHENTICATED`, `NOT_FOUND`, `INVALID_STATE`.
 */
export const beginCheckout = internalMutation({
  args: { packageId: v.string() },
  returns: v.object({
    purchaseId: v.id("purchases"),
    email: v.optional(v.string()),
    packageName: v.string(),
    credits: v.number(),
    bonusCredits: v.number(),
    priceCents: v.number(),
    currency: v.string(),
  }),
  handler: async (ctx, { packageId }) => {
    const user = await requireUser(ctx);
    return await beginPurchase(ctx, user, packageId);
  },
});

/** Checkout step 2: the Checkout Session Stripe created for the purchase. */
export const attachSession = internalMutation({
  args: { purchaseId: v.id("purchases"), sessionId: v.string() },
  returns: v.null(),
  handler: async (ctx, { purchaseId, sessionId }) => {
    const purchase = await ctx.db.get("purchases", purchaseId);
    // A webhook may have attached it first (by client_reference_id).
    if (purchase !== null && purchase.sessionId === undefined) {
      await ctx.db.patch("purchases", purchaseId, {
        sessionId,
        updatedAt: Date.now(),
      });
    }
    return null;
  },
});

/** Checkout failed at Stripe: forget the purchase (nothing was charged). */
export const abandonCheckout = internalMutation({
  args: { purchaseId: v.id("purchases") },
  returns: v.null(),
  handler: async (ctx, { purchaseId }) => {
    await abandonPurchase(ctx, purchaseId);
    return null;
  },
});

/**
 * Applies one verified Stripe event (from `POST /stripe/webhook`), once
 * per event id, in one transaction. Returns the outcome label.
 */
export const applyStripeEvent = internalMutation({
  args: {
    eventId: v.string(),
    type: v.string(),
    objectId: v.string(),
    session: v.optional(
      v.object({
        paymentStatus: v.string(),
        amountTotal: v.union(v.number(), v.null()),
        currency: v.union(v.string(), v.null()),
        paymentIntentId: v.union(v.string(), v.null()),
        clientReferenceId: v.union(v.string(), v.null()),
      }),
    ),
    charge: v.optional(
      v.object({
        paymentIntentId: v.union(v.string(), v.null()),
        amount: v.number(),
        amountRefunded: v.number(),
      }),
    ),
    dispute: v.optional(
      v.object({
        paymentIntentId: v.union(v.string(), v.null()),
        reason: v.union(v.string(), v.null()),
        amount: v.number(),
      }),
    ),
  },
  returns: v.string(),
  handler: async (ctx, event) => await applyEvent(ctx, event),
});

/** Most purchases a search by email looks at per page. */
const MAX_PAGE = 100;

/**
 * Admin: a page of purchases, newest first, each with the buyer's
 * `userEmail`. `email` narrows to buyers whose email starts with it (any
 * case; then ordered by email, newest first per buyer); `flaggedOnly`
 * to purchases disputed at Stripe or with credits a refund could not take
 * back.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listPurchases = adminQuery({
  args: {
    paginationOpts: paginationOptsValidator,
    email: v.optional(v.string()),
    flaggedOnly: v.optional(v.boolean()),
  },
  returns: paginationResultValidator(adminPurchaseRowValidator),
  handler: async (ctx, { paginationOpts, email, flaggedOnly }) => {
    const opts = {
      ...paginationOpts,
      numItems: Math.min(paginationOpts.numItems, MAX_PAGE),
    };
    const prefix = (email ?? "").trim().toLowerCase();
    const result =
      prefix !== ""
        ? await ctx.db
            .query("purchases")
            .withIndex("by_emailLower_and_createdAt", (q) =>
              q.gte("emailLower", prefix).lt("emailLower", `${prefix}\uffff`),
            )
            .order("desc")
            .paginate(opts)
        : flaggedOnly
          ? await ctx.db
              .query("purchases")
              .withIndex("by_flagged_and_createdAt", (q) =>
                q.eq("flagged", true),
              )
              .order("desc")
              .paginate(opts)
          : await ctx.db.query("purchases").order("desc").paginate(opts);
    const page = await withUserEmails(ctx, result.page);
    return {
      ...result,
      page: page.map((p) => ({
        _id: p._id,
        userEmail: p.userEmail,
        sessionId: p.sessionId,
        packageId: p.packageId,
        packageName: p.packageName,
        credits: p.credits,
        bonusCredits: p.bonusCredits,
        priceCents: p.priceCents,
        currency: p.currency,
        status: p.status,
        flagged: p.flagged,
        paidAt: p.paidAt,
        refundedCents: p.refundedCents ?? 0,
        clawedBackCredits: p.clawedBackCredits ?? 0,
        unrecoverableCredits: p.unrecoverableCredits ?? 0,
        stripeDisputeId: p.stripeDisputeId,
        stripeDisputeReason: p.stripeDisputeReason,
        failureReason: p.failureReason,
        createdAt: p.createdAt,
      })),
    };
  },
});

/**
 * Admin: a page of Stripe events about sessions, charges or disputes this
 * deployment did not start (never credited), newest first.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listUnmatchedStripeEvents = adminQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(stripeEventValidator),
  handler: async (ctx, { paginationOpts }) => {
    return await ctx.db
      .query("stripeEvents")
      .withIndex("by_outcome_and_receivedAt", (q) =>
        q.eq("outcome", "unmatched"),
      )
      .order("desc")
      .paginate(paginationOpts);
  },
});

/**
 * Ops: creates the example packages when there are none (the local stack
 * runs it at start; audited as "local-stack"). Returns how many it made.
 */
export const seedCreditPackages = internalMutation({
  args: { actor: v.string() },
  returns: v.number(),
  handler: async (ctx, { actor }) => {
    if ((await ctx.db.query("creditPackages").first()) !== null) return 0;
    for (const fields of LOCAL_PACKAGES)
      await createPackage(ctx, actor, fields);
    return LOCAL_PACKAGES.length;
  },
});
