/**
 * `/admin/revenue/purchases.csv`: every purchase started in the revenue
 * page's range (`revenue.exportPurchases`, read page by page), as CSV
 * (`csvDownload`).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { csvDownload, isoTime } from "~/utils/csv.server";
import { revenueRange } from "~/utils/revenue-range";

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  const range = revenueRange(
    new URL(args.request.url).searchParams,
    Date.now(),
  );
  return csvDownload({
    filename: `purchases-${range.from}-${range.to}.csv`,
    fetchPage: (paginationOpts) =>
      loaderQuery(admin.token, api.revenue.exportPurchases, {
        fromMs: range.fromMs,
        toMs: range.toMs,
        paginationOpts,
      }),
    columns: {
      created_at: (p) => isoTime(p.createdAt),
      paid_at: (p) => isoTime(p.paidAt),
      email: (p) => p.email,
      package_id: (p) => p.packageId,
      package: (p) => p.packageName,
      credits: (p) => p.credits,
      bonus_credits: (p) => p.bonusCredits,
      price_cents: (p) => p.priceCents,
      currency: (p) => p.currency,
      status: (p) => p.status,
      session_id: (p) => p.sessionId,
      refunded_cents: (p) => p.refundedCents,
      clawed_back_credits: (p) => p.clawedBackCredits,
      unrecoverable_credits: (p) => p.unrecoverableCredits,
      flagged: (p) => p.flagged,
    },
  });
}
