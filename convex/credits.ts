/**
 * Public credits API (API-CONTRACT "Credits"; seeds 001 and 002). Credits are
 * integers, 1 credit = US$0.01. A balance always equals the sum of the
 * user's ledger entries and is never negative.
 */
import {
  paginationOptsValidator,
  paginationResultValidator,
} from "convex/server";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import {
  adminMutation,
  adminQuery,
  publicQuery,
  userAction,
  userQuery,
} from "./functions";
import { fail } from "./lib/errors";
import { isStripeFailure, siteUrl, stripeClient } from "./lib/stripe";
import { checkReason } from "./lib/limits";
import { actorLabel } from "./model/access";
import { appendLedgerEntry } from "./model/ledger";
import { recordAccessAudit } from "./model/plans";
import {
  createPackage,
  MAX_PACKAGES,
  publicPackage,
  updatePackage,
} from "./model/packages";
import { findPurchaseBySession, publicPurchase } from "./model/purchases";
import { purchaseStatusValidator } from "./validators";
import { usageOf } from "./model/usage";
import { emailsOf, requireUserByEmail } from "./model/users";
import type { Doc, Id } from "./_generated/dataModel";
import type { QueryCtx } from "./_generated/server";
import type { PaginationOptions } from "convex/server";
import {
  creditPackageFields,
  ledgerTypeValidator,
  type LedgerType,
} from "./validators";
import { creditPackageAuditEntryValidator } from "./docValidators";

/** A ledger entry as its owner sees it (`amount` in signed credits). */
const ledgerEntryValidator = v.object({
  _id: v.id("creditTransactions"),
  amount: v.number(),
  type: ledgerTypeValidator,
  videoId: v.optional(v.id("videos")),
  reason: v.optional(v.string()),
  /** A Checkout Session id for purchase entries. */
  reference: v.optional(v.string()),
  balanceAfter: v.number(),
  createdAt: v.number(),
});

const usageCountsFields = {
  videos: v.number(),
  /** Credits charged minus refunded. */
  creditsSpent: v.number(),
};

/** A page of one user's ledger, newest first, optionally of one type. */
async function ledgerPage(
  ctx: QueryCtx,
  userId: Id<"users">,
  type: LedgerType | undefined,
  paginationOpts: PaginationOptions,
) {
  const query =
    type === undefined
      ? ctx.db
          .query("creditTransactions")
          .withIndex("by_userId_and_createdAt", (q) => q.eq("userId", userId))
      : ctx.db
          .query("creditTransactions")
          .withIndex("by_userId_and_type_and_createdAt", (q) =>
            q.eq("userId", userId).eq("type", type),
          );
  return await query.order("desc").paginate(paginationOpts);
}

/** A ledger entry as clients see it (no internal actor ids). */
function publicEntry(entry: Doc<"creditTransactions">) {
  return {
    _id: entry._id,
    amount: entry.amount,
    type: entry.type,
    videoId: entry.videoId,
    reason: entry.reason,
    reference: entry.reference,
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
 * `getMyTransactions({ paginationOpts, type? })` → a page of the caller's
 * ledger, newest first (only entries of `type` when given): `{ amount
 * (signed credits), type, videoId?, reason?, reference? (a purchase's
 * Checkout Session id), balanceAfter, createdAt }`; times in ms since epoch.
 * @throws `UNAUTHENTICATED`.
 */
export const getMyTransactions = userQuery({
  args: {
    paginationOpts: paginationOptsValidator,
    type: v.optional(ledgerTypeValidator),
  },
  returns: paginationResultValidator(ledgerEntryValidator),
  handler: async (ctx, { paginationOpts, type }) => {
    const { user } = ctx;
    if (user === null) return { page: [], isDone: true, continueCursor: "" };
    const result = await ledgerPage(ctx, user._id, type, paginationOpts);
    return { ...result, page: result.page.map(publicEntry) };
  },
});

/** Columns of the ledger CSV export, in order (seed 003's export). */
export const LEDGER_CSV_COLUMNS = [
  "date_utc",
  "type",
  "amount_credits",
  "balance_after_credits",
  "description",
  "video_id",
] as const;

/**
 * `exportMyTransactions({ paginationOpts, type? })` → a page of the
 * caller's ledger as CSV rows, newest first: `rows` are arrays in
 * `LEDGER_CSV_COLUMNS` order (ISO 8601 UTC time with milliseconds, type,
 * signed credits, balance after, reason, video id). The `/credits/export.csv`
 * route pages through it.
 * @throws `UNAUTHENTICATED`.
 */
export const exportMyTransactions = userQuery({
  args: {
    paginationOpts: paginationOptsValidator,
    type: v.optional(ledgerTypeValidator),
  },
  returns: v.object({
    rows: v.array(v.array(v.union(v.string(), v.number()))),
    isDone: v.boolean(),
    continueCursor: v.string(),
  }),
  handler: async (ctx, { paginationOpts, type }) => {
    const { user } = ctx;
    if (user === null) return { rows: [], isDone: true, continueCursor: "" };
    const result = await ledgerPage(ctx, user._id, type, paginationOpts);
    return {
      rows: result.page.map((entry) => [
        new Date(entry.createdAt).toISOString(),
        entry.type,
        entry.amount,
        entry.balanceAfter,
        entry.reason ?? "",
        entry.videoId ?? "",
      ]),
      isDone: result.isDone,
      continueCursor: result.continueCursor,
    };
  },
});

/**
 * Admin: `grantCredits({ email, amount, reason })` → null. A positive amount
 * is a `"grant"`, a negative one an `"adjustment"`; either joins the access
 * audit trail (`plans:getAccessAuditTrail`, action `"credits_grant"`: who,
 * when, balance before → after, reason).
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
    await recordAccessAudit(ctx, {
      action: "credits_grant",
      userId: user._id,
      changes: [
        {
          field: "balance",
          oldValue: user.balance,
          newValue: user.balance + amount,
        },
      ],
      reason: trimmed,
      actorUserId: ctx.user._id,
      actor: actorLabel(ctx.user),
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
  returns: paginationResultValidator(
    v.object({
      ...ledgerEntryValidator.fields,
      actorEmail: v.optional(v.string()),
    }),
  ),
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
  returns: v.object({
    totals: v.object({
      ...usageCountsFields,
      succeeded: v.number(),
      failed: v.number(),
      canceled: v.number(),
    }),
    perModel: v.array(
      v.object({
        ...usageCountsFields,
        modelId: v.string(),
        name: v.string(),
        category: v.optional(v.string()),
        succeeded: v.number(),
        failed: v.number(),
        canceled: v.number(),
        lastUsedAt: v.number(),
      }),
    ),
    perCategory: v.array(
      v.object({ ...usageCountsFields, category: v.string() }),
    ),
  }),
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

// ---------------------------------------------------------------------------
// Selling credits (API-CONTRACT "Selling credits"; ADRs 0030, 0031).

const packageArgs = {
  name: v.string(),
  credits: v.number(),
  bonusCredits: v.optional(v.number()),
  priceCents: v.number(),
  currency: v.optional(v.string()),
  isActive: v.optional(v.boolean()),
  sortOrder: v.optional(v.number()),
  badge: v.optional(v.string()),
};

/**
 * Admin: `createCreditPackage({ name, credits, bonusCredits?, priceCents,
 * currency? ("usd"), isActive? (true), sortOrder? (0), badge? })` →
 * `packageId` (`pkg_…`). Audited.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `INVALID_ARGUMENT` (with `field`).
 */
export const createCreditPackage = adminMutation({
  args: packageArgs,
  returns: v.string(),
  handler: async (ctx, args) => {
    return await createPackage(ctx, ctx.user, {
      name: args.name,
      credits: args.credits,
      bonusCredits: args.bonusCredits ?? 0,
      priceCents: args.priceCents,
      currency: args.currency ?? "usd",
      isActive: args.isActive ?? true,
      sortOrder: args.sortOrder ?? 0,
      badge: args.badge,
    });
  },
});

/**
 * Admin: `updateCreditPackage({ packageId, ...fields, isActive? })` → null.
 * `badge: null` removes the badge. Audited; checkouts already started keep
 * the price they started with.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `INVALID_ARGUMENT`.
 */
export const updateCreditPackage = adminMutation({
  args: {
    packageId: v.string(),
    name: v.optional(v.string()),
    credits: v.optional(v.number()),
    bonusCredits: v.optional(v.number()),
    priceCents: v.optional(v.number()),
    currency: v.optional(v.string()),
    isActive: v.optional(v.boolean()),
    sortOrder: v.optional(v.number()),
    badge: v.optional(v.union(v.string(), v.null())),
  },
  returns: v.null(),
  handler: async (ctx, { packageId, ...patch }) => {
    await updatePackage(ctx, ctx.user, packageId, patch);
    return null;
  },
});

/** A package as `publicPackage` shows it: its fields, id and price per credit. */
const publicPackageValidator = v.object({
  packageId: v.string(),
  ...creditPackageFields,
  /** Price of one credit (bonus included) in cents, 4 decimals. */
  centsPerCredit: v.number(),
});

/**
 * `listCreditPackages({})` (anyone, signed out too) → the active packages
 * `{ packageId, name, credits, bonusCredits, priceCents, currency, badge?,
 * sortOrder, centsPerCredit }`, in display order.
 */
export const listCreditPackages = publicQuery({
  args: {},
  returns: v.array(publicPackageValidator),
  handler: async (ctx) => {
    const packages = await ctx.db
      .query("creditPackages")
      .withIndex("by_isActive_and_sortOrder", (q) => q.eq("isActive", true))
      .take(MAX_PACKAGES);
    return packages.map(publicPackage);
  },
});

/**
 * Admin: every package, active or not, in display order, with its audit
 * trail (newest first, last 20 entries each).
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listAllCreditPackages = adminQuery({
  args: {},
  returns: v.array(
    v.object({
      ...publicPackageValidator.fields,
      audit: v.array(creditPackageAuditEntryValidator),
    }),
  ),
  handler: async (ctx) => {
    const packages = await ctx.db
      .query("creditPackages")
      .withIndex("by_sortOrder")
      .take(MAX_PACKAGES);
    return await Promise.all(
      packages.map(async (pkg) => ({
        ...publicPackage(pkg),
        audit: await ctx.db
          .query("creditPackageAuditLog")
          .withIndex("by_packageId_and_createdAt", (q) =>
            q.eq("packageId", pkg.packageId),
          )
          .order("desc")
          .take(20),
      })),
    );
  },
});

/**
 * `startCheckout({ packageId })` (signed in; an action in the default
 * runtime) → `{ url, sessionId }`: a Stripe Checkout Session (mode
 * `payment`, the package's price inline as `price_data`, fixed now) and a
 * pending purchase. Checkout returns to `SITE_URL/credits`.
 * @throws `UNAUTHENTICATED`; `NOT_FOUND` (unknown package); `INVALID_STATE`
 *   (inactive package); `PAYMENT_FAILED` when Stripe is down, refuses or
 *   cannot be reached, or payments are not configured (nothing is kept).
 */
export const startCheckout = userAction({
  args: { packageId: v.string() },
  returns: v.object({ url: v.string(), sessionId: v.string() }),
  handler: async (ctx, { packageId }) => {
    const purchase = await ctx.runMutation(internal.purchases.beginCheckout, {
      packageId,
    });
    let session: { id: string; url: string | null };
    try {
      const site = siteUrl();
      const stripe = stripeClient();
      session = await stripe.checkout.sessions.create(
        {
          mode: "payment",
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: purchase.currency,
                unit_amount: purchase.priceCents,
                product_data: {
                  name: `${purchase.packageName}: ${purchase.credits + purchase.bonusCredits} credits`,
                },
              },
            },
          ],
          success_url: `${site}/credits?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: `${site}/credits?checkout=canceled`,
          client_reference_id: purchase.purchaseId,
          customer_email: purchase.email,
          metadata: { purchaseId: purchase.purchaseId, packageId },
          payment_intent_data: {
            metadata: { purchaseId: purchase.purchaseId },
          },
        },
        // One key per checkout, so the client's own retry of a 5xx cannot
        // create a second session (ids alone may repeat across test runs).
        {
          idempotencyKey: `checkout-${purchase.purchaseId}-${crypto.randomUUID()}`,
        },
      );
      if (!session.url) throw new Error("Stripe returned no Checkout URL");
    } catch (error) {
      await ctx.runMutation(internal.purchases.abandonCheckout, {
        purchaseId: purchase.purchaseId,
      });
      console.warn(
        `startCheckout: Stripe failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      fail(
        "PAYMENT_FAILED",
        isStripeFailure(error)
          ? "The payment provider is not answering. Nothing was charged; try again in a minute."
          : "Payments are not available right now. Nothing was charged.",
      );
    }
    await ctx.runMutation(internal.purchases.attachSession, {
      purchaseId: purchase.purchaseId,
      sessionId: session.id,
    });
    return { url: session.url, sessionId: session.id };
  },
});

const purchaseValidator = v.object({
  _id: v.id("purchases"),
  sessionId: v.string(),
  packageId: v.string(),
  packageName: v.string(),
  credits: v.number(),
  bonusCredits: v.number(),
  priceCents: v.number(),
  currency: v.string(),
  status: purchaseStatusValidator,
  refundedCents: v.number(),
  createdAt: v.number(),
  paidAt: v.optional(v.number()),
});

/**
 * `getMyPurchases({ paginationOpts })` → a page of the caller's purchases,
 * newest first: `{ sessionId, packageId, packageName, credits (without
 * bonus), bonusCredits, priceCents, currency, status, refundedCents,
 * createdAt, paidAt? }`.
 * @throws `UNAUTHENTICATED`.
 */
export const getMyPurchases = userQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(purchaseValidator),
  handler: async (ctx, { paginationOpts }) => {
    const { user } = ctx;
    if (user === null) return { page: [], isDone: true, continueCursor: "" };
    const result = await ctx.db
      .query("purchases")
      .withIndex("by_userId_and_createdAt", (q) => q.eq("userId", user._id))
      .order("desc")
      .paginate(paginationOpts);
    return {
      ...result,
      page: result.page
        .filter((p) => p.sessionId !== undefined)
        .map(publicPurchase),
    };
  },
});

/**
 * `getMyPurchase({ sessionId })` → the caller's purchase of that Checkout
 * Session, or null (someone else's, or unknown). The credits page watches
 * it after Checkout returns, until the webhook marks it paid.
 * @throws `UNAUTHENTICATED`.
 */
export const getMyPurchase = userQuery({
  args: { sessionId: v.string() },
  returns: v.union(purchaseValidator, v.null()),
  handler: async (ctx, { sessionId }) => {
    const { user } = ctx;
    if (user === null) return null;
    const purchase = await findPurchaseBySession(ctx, sessionId);
    if (purchase === null || purchase.userId !== user._id) return null;
    return publicPurchase(purchase);
  },
});
