/**
 * Revenue for admins (issue 11; seed 002 revenue analytics), its own module
 * beside the dashboard's usage overview: money paid, refunds, credits sold
 * vs spent, per-model cost and margin over a date range, and the pages the
 * CSV exports read.
 */
import {
  paginationOptsValidator,
  paginationResultValidator,
} from "convex/server";
import { v } from "convex/values";
import { adminQuery } from "./functions";
import { fail } from "./lib/errors";
import { revenueReport, revenueSummary } from "./model/revenue";
import { emailsOf } from "./model/users";
import { ledgerTypeValidator, purchaseStatusValidator } from "./validators";

/** `getRevenue`'s report: cents and credits are integers, `*Usd` in US$. */
const revenueReportValidator = v.object({
  fromMs: v.number(),
  toMs: v.number(),
  totals: v.object({
    paidCents: v.number(),
    refundedCents: v.number(),
    netCents: v.number(),
    purchases: v.number(),
    creditsSold: v.number(),
    creditsClawedBack: v.number(),
    creditsUnrecoverable: v.number(),
    creditsCharged: v.number(),
    creditsRefunded: v.number(),
    creditsSpent: v.number(),
  }),
  byDay: v.array(
    v.object({
      day: v.string(),
      paidCents: v.number(),
      refundedCents: v.number(),
      purchases: v.number(),
    }),
  ),
  byPackage: v.array(
    v.object({
      packageId: v.string(),
      name: v.string(),
      purchases: v.number(),
      paidCents: v.number(),
      refundedCents: v.number(),
      credits: v.number(),
    }),
  ),
  perModel: v.array(
    v.object({
      modelId: v.string(),
      name: v.string(),
      videos: v.number(),
      creditsCharged: v.number(),
      creditsRefunded: v.number(),
      providerSeconds: v.number(),
      providerCostPerSecond: v.union(v.number(), v.null()),
      revenueUsd: v.number(),
      providerCostUsd: v.union(v.number(), v.null()),
      marginUsd: v.union(v.number(), v.null()),
    }),
  ),
  truncated: v.boolean(),
});

const DAY_MS = 24 * 60 * 60 * 1000;
/** Longest range a report covers: about two years. */
const MAX_RANGE_MS = 800 * DAY_MS;

function checkRange(fromMs: number, toMs: number) {
  if (!(fromMs < toMs) || toMs - fromMs > MAX_RANGE_MS)
    fail("INVALID_ARGUMENT", "Pick a range of 1 to 800 days.", "range");
}

/**
 * Admin: `getRevenue({ fromMs, toMs })` → `{ totals: { paidCents,
 * refundedCents, netCents, purchases, creditsSold, creditsClawedBack,
 * creditsUnrecoverable, creditsCharged, creditsRefunded, creditsSpent },
 * byDay: { day (UTC YYYY-MM-DD), paidCents, refundedCents, purchases }[],
 * byPackage: { packageId, name, purchases, paidCents, refundedCents, credits
 * }[], perModel: { modelId, name, videos, creditsCharged, creditsRefunded,
 * providerSeconds, providerCostPerSecond (US$/s or null), revenueUsd,
 * providerCostUsd, marginUsd (null without a provider price) }[], truncated
 * }`. Money paid counts purchases by the time they were paid, in US
 * dollars; credits by the time of the ledger entry; models by the videos
 * created in the range. `[fromMs, toMs)` in ms.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `INVALID_ARGUMENT` (range).
 */
export const getRevenue = adminQuery({
  args: { fromMs: v.number(), toMs: v.number() },
  returns: revenueReportValidator,
  handler: async (ctx, { fromMs, toMs }) => {
    checkRange(fromMs, toMs);
    return await revenueReport(ctx, fromMs, toMs);
  },
});

/**
 * Admin: `getRevenueSummary({ fromMs, toMs })` → `{ fromMs, toMs,
 * paidCents, refundedCents, netCents, purchases, creditsSold,
 * creditsCharged, creditsRefunded, creditsSpent, truncated }` over
 * `[fromMs, toMs)` in ms: the dashboard's revenue panel, its own query
 * beside `dashboard.getOverview` (money paid as in `getRevenue`; credits by
 * videos from the daily rollup, ≤ 10 s behind). The caller supplies the
 * window (the dashboard: the last 30 UTC days), so the query reads no clock.
 * Reads ≤ 1,000 purchases (`truncated` beyond) + one row per day.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `INVALID_ARGUMENT` (range).
 */
export const getRevenueSummary = adminQuery({
  args: { fromMs: v.number(), toMs: v.number() },
  returns: v.object({
    fromMs: v.number(),
    toMs: v.number(),
    paidCents: v.number(),
    refundedCents: v.number(),
    netCents: v.number(),
    purchases: v.number(),
    creditsSold: v.number(),
    creditsCharged: v.number(),
    creditsRefunded: v.number(),
    creditsSpent: v.number(),
    truncated: v.boolean(),
  }),
  handler: async (ctx, { fromMs, toMs }) => {
    checkRange(fromMs, toMs);
    return await revenueSummary(ctx, fromMs, toMs);
  },
});

/**
 * Admin: a page of purchases created in `[fromMs, toMs)`, oldest first,
 * with the buyer's email, for the CSV export.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `INVALID_ARGUMENT`.
 */
export const exportPurchases = adminQuery({
  args: {
    fromMs: v.number(),
    toMs: v.number(),
    paginationOpts: paginationOptsValidator,
  },
  returns: paginationResultValidator(
    v.object({
      createdAt: v.number(),
      paidAt: v.union(v.number(), v.null()),
      email: v.string(),
      packageId: v.string(),
      packageName: v.string(),
      credits: v.number(),
      bonusCredits: v.number(),
      priceCents: v.number(),
      currency: v.string(),
      status: purchaseStatusValidator,
      sessionId: v.string(),
      refundedCents: v.number(),
      clawedBackCredits: v.number(),
      unrecoverableCredits: v.number(),
      flagged: v.boolean(),
    }),
  ),
  handler: async (ctx, { fromMs, toMs, paginationOpts }) => {
    checkRange(fromMs, toMs);
    const result = await ctx.db
      .query("purchases")
      .withIndex("by_creation_time", (q) =>
        q.gte("_creationTime", fromMs).lt("_creationTime", toMs),
      )
      .paginate(paginationOpts);
    const emails = await emailsOf(
      ctx,
      result.page.map((p) => p.userId),
    );
    return {
      ...result,
      page: result.page.map((p) => ({
        createdAt: p.createdAt,
        paidAt: p.paidAt ?? null,
        email: emails.get(p.userId) ?? "",
        packageId: p.packageId,
        packageName: p.packageName,
        credits: p.credits,
        bonusCredits: p.bonusCredits,
        priceCents: p.priceCents,
        currency: p.currency,
        status: p.status,
        sessionId: p.sessionId ?? "",
        refundedCents: p.refundedCents ?? 0,
        clawedBackCredits: p.clawedBackCredits ?? 0,
        unrecoverableCredits: p.unrecoverableCredits ?? 0,
        flagged: p.flagged,
      })),
    };
  },
});

/**
 * Admin: a page of ledger entries written in `[fromMs, toMs)`, oldest
 * first, with the user's email, for the CSV export.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `INVALID_ARGUMENT`.
 */
export const exportLedger = adminQuery({
  args: {
    fromMs: v.number(),
    toMs: v.number(),
    paginationOpts: paginationOptsValidator,
  },
  returns: paginationResultValidator(
    v.object({
      createdAt: v.number(),
      email: v.string(),
      type: ledgerTypeValidator,
      /** Signed credits. */
      amount: v.number(),
      balanceAfter: v.number(),
      videoId: v.string(),
      reference: v.string(),
      reason: v.string(),
      actor: v.string(),
    }),
  ),
  handler: async (ctx, { fromMs, toMs, paginationOpts }) => {
    checkRange(fromMs, toMs);
    const result = await ctx.db
      .query("creditTransactions")
      .withIndex("by_creation_time", (q) =>
        q.gte("_creationTime", fromMs).lt("_creationTime", toMs),
      )
      .paginate(paginationOpts);
    const emails = await emailsOf(ctx, [
      ...result.page.map((e) => e.userId),
      ...result.page.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])),
    ]);
    return {
      ...result,
      page: result.page.map((e) => ({
        createdAt: e.createdAt,
        email: emails.get(e.userId) ?? "",
        type: e.type,
        amount: e.amount,
        balanceAfter: e.balanceAfter,
        videoId: e.videoId ?? "",
        reference: e.reference ?? "",
        reason: e.reason ?? "",
        actor: e.actorUserId ? (emails.get(e.actorUserId) ?? "") : "",
      })),
    };
  },
});
