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
    header: [
      "created_at",
      "paid_at",
      "email",
      "package_id",
      "package",
      "credits",
      "bonus_credits",
      "price_cents",
      "currency",
      "status",
      "session_id",
      "refunded_cents",
      "clawed_back_credits",
      "unrecoverable_credits",
      "flagged",
    ],
    fetchPage: (paginationOpts) =>
      loaderQuery(admin.token, api.revenue.exportPurchases, {
        fromMs: range.fromMs,
        toMs: range.toMs,
        paginationOpts,
      }),
    toRow: (p) => [
      isoTime(p.createdAt),
      isoTime(p.paidAt),
      p.email,
      p.packageId,
      p.packageName,
      p.credits,
      p.bonusCredits,
      p.priceCents,
      p.currency,
      p.status,
      p.sessionId,
      p.refundedCents,
      p.clawedBackCredits,
      p.unrecoverableCredits,
      p.flagged,
    ],
  });
}
