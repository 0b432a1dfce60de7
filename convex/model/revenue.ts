/**
 * Revenue for admins (seed 002 revenue analytics; issue 11): money paid by
 * day and by package, refunds, credits sold against credits spent, and per
 * model the credits charged, what the provider (Replicate) cost us and the
 * margin. Read over a date range with bounded, indexed reads.
 */
import type { QueryCtx } from "../_generated/server";
import { listAllModels } from "./catalogue";
import { utcDay } from "./stats";

/** Most rows of one kind a report reads; beyond it the report says so. */
export const MAX_REPORT_ROWS = 10_000;

/** Exact-ish money: provider cost in US dollars, rounded to cents at the end. */
const round2 = (usd: number) => Math.round(usd * 100) / 100;

export async function revenueReport(
  ctx: QueryCtx,
  fromMs: number,
  toMs: number,
) {
  const purchases = await ctx.db
    .query("purchases")
    .withIndex("by_paidAt", (q) => q.gte("paidAt", fromMs).lt("paidAt", toMs))
    .take(MAX_REPORT_ROWS);
  const days = new Map<
    string,
    { day: string; paidCents: number; refundedCents: number; purchases: number }
  >();
  const packages = new Map<
    string,
    {
      packageId: string;
      name: string;
      purchases: number;
      paidCents: number;
      refundedCents: number;
      credits: number;
    }
  >();
  let paidCents = 0;
  let refundedCents = 0;
  let creditsSold = 0;
  let creditsClawedBack = 0;
  let creditsUnrecoverable = 0;
  // Only US$ purchases are summed, so only they are counted: the total
  // agrees with the days and the packages.
  let usdPurchases = 0;
  for (const p of purchases) {
    if (p.currency !== "usd") continue;
    usdPurchases += 1;
    const day = utcDay(p.paidAt!);
    const d = days.get(day) ?? {
      day,
      paidCents: 0,
      refundedCents: 0,
      purchases: 0,
    };
    d.paidCents += p.priceCents;
    d.refundedCents += p.refundedCents ?? 0;
    d.purchases += 1;
    days.set(day, d);
    const k = packages.get(p.packageId) ?? {
      packageId: p.packageId,
      name: p.packageName,
      purchases: 0,
      paidCents: 0,
      refundedCents: 0,
      credits: 0,
    };
    k.purchases += 1;
    k.paidCents += p.priceCents;
    k.refundedCents += p.refundedCents ?? 0;
    k.credits += p.credits + p.bonusCredits;
    packages.set(p.packageId, k);
    paidCents += p.priceCents;
    refundedCents += p.refundedCents ?? 0;
    creditsSold += p.credits + p.bonusCredits;
    creditsClawedBack += p.clawedBackCredits ?? 0;
    creditsUnrecoverable += p.unrecoverableCredits ?? 0;
  }

  const ledger = async (type: "generation" | "refund") =>
    await ctx.db
      .query("creditTransactions")
      .withIndex("by_type_and_createdAt", (q) =>
        q.eq("type", type).gte("createdAt", fromMs).lt("createdAt", toMs),
      )
      .take(MAX_REPORT_ROWS);
  const [charges, refunds] = await Promise.all([
    ledger("generation"),
    ledger("refund"),
  ]);
  const creditsCharged = -charges.reduce((s, e) => s + e.amount, 0);
  const creditsRefunded = refunds.reduce((s, e) => s + e.amount, 0);

  // Per model, from the videos made in the range (their charge is fixed at
  // creation; refunds are counted on the video).
  const videos = await ctx.db
    .query("videos")
    .withIndex("by_creation_time", (q) =>
      q.gte("_creationTime", fromMs).lt("_creationTime", toMs),
    )
    .take(MAX_REPORT_ROWS);
  const models = new Map(
    (await listAllModels(ctx, true)).map((m) => [m.modelId, m]),
  );
  const perModel = new Map<
    string,
    {
      modelId: string;
      name: string;
      videos: number;
      creditsCharged: number;
      creditsRefunded: number;
      providerSeconds: number;
      providerCostPerSecond: number | null;
    }
  >();
  for (const video of videos) {
    const model = models.get(video.model);
    const row = perModel.get(video.model) ?? {
      modelId: video.model,
      name: model?.name ?? video.modelName,
      videos: 0,
      creditsCharged: 0,
      creditsRefunded: 0,
      providerSeconds: 0,
      providerCostPerSecond: model?.providerCostPerSecond ?? null,
    };
    row.videos += 1;
    row.creditsCharged += video.creditsCost;
    if (video.refunded) row.creditsRefunded += video.creditsCost;
    // Replicate bills the seconds it generated, whatever we refunded.
    if (video.status === "succeeded")
      row.providerSeconds += video.duration * (video.outputs ?? 1);
    perModel.set(video.model, row);
  }
  const modelRows = [...perModel.values()]
    .map((row) => {
      const revenueUsd = (row.creditsCharged - row.creditsRefunded) / 100;
      const providerCostUsd =
        row.providerCostPerSecond === null
          ? null
          : round2(row.providerSeconds * row.providerCostPerSecond);
      return {
        ...row,
        revenueUsd: round2(revenueUsd),
        providerCostUsd,
        marginUsd:
          providerCostUsd === null
            ? null
            : round2(revenueUsd - providerCostUsd),
      };
    })
    .sort((a, b) => b.creditsCharged - a.creditsCharged);

  return {
    fromMs,
    toMs,
    totals: {
      paidCents,
      refundedCents,
      netCents: paidCents - refundedCents,
      purchases: usdPurchases,
      creditsSold,
      creditsClawedBack,
      creditsUnrecoverable,
      creditsCharged,
      creditsRefunded,
      creditsSpent: creditsCharged - creditsRefunded,
    },
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    byPackage: [...packages.values()].sort((a, b) => b.paidCents - a.paidCents),
    perModel: modelRows,
    truncated:
      purchases.length === MAX_REPORT_ROWS ||
      charges.length === MAX_REPORT_ROWS ||
      videos.length === MAX_REPORT_ROWS,
  };
}

/** Most purchases the dashboard's revenue panel reads; beyond it, `truncated`. */
export const MAX_SUMMARY_PURCHASES = 1000;

/**
 * The dashboard's revenue panel (issue 11): money paid and refunded, net,
 * purchases and credits sold over `[fromMs, toMs)` (by the time each
 * purchase was paid, US dollars only, as `revenueReport` counts them), and
 * credits charged and refunded by videos from the daily rollup. Reads at
 * most `MAX_SUMMARY_PURCHASES` purchases and one rollup row per day, so it
 * stays within the dashboard's budget (ADR 0027); the full report with its
 * per-model margins is `/admin/revenue`.
 */
export async function revenueSummary(
  ctx: QueryCtx,
  fromMs: number,
  toMs: number,
) {
  const purchases = await ctx.db
    .query("purchases")
    .withIndex("by_paidAt", (q) => q.gte("paidAt", fromMs).lt("paidAt", toMs))
    .take(MAX_SUMMARY_PURCHASES);
  let paidCents = 0;
  let refundedCents = 0;
  let creditsSold = 0;
  let count = 0;
  for (const p of purchases) {
    if (p.currency !== "usd") continue;
    count += 1;
    paidCents += p.priceCents;
    refundedCents += p.refundedCents ?? 0;
    creditsSold += p.credits + p.bonusCredits;
  }
  const days = await ctx.db
    .query("dailyStats")
    .withIndex("by_day", (q) =>
      q.gte("day", utcDay(fromMs)).lte("day", utcDay(toMs - 1)),
    )
    .take(800);
  const creditsCharged = days.reduce((s, d) => s + d.creditsCharged, 0);
  const creditsRefunded = days.reduce((s, d) => s + d.creditsRefunded, 0);
  return {
    fromMs,
    toMs,
    paidCents,
    refundedCents,
    netCents: paidCents - refundedCents,
    purchases: count,
    creditsSold,
    creditsCharged,
    creditsRefunded,
    creditsSpent: creditsCharged - creditsRefunded,
    truncated: purchases.length === MAX_SUMMARY_PURCHASES,
  };
}
