/**
 * `/admin/revenue/purchases.csv`: every purchase started in the revenue
 * page's range (`revenue.exportPurchases`, read page by page), as CSV.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { csvLine, revenueRange } from "~/utils/revenue-range";

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  const range = revenueRange(
    new URL(args.request.url).searchParams,
    Date.now(),
  );
  const lines = [
    csvLine([
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
    ]),
  ];
  let cursor: string | null = null;
  for (;;) {
    const page: Awaited<
      ReturnType<typeof loaderQuery<typeof api.revenue.exportPurchases>>
    > = await loaderQuery(admin.token, api.revenue.exportPurchases, {
      fromMs: range.fromMs,
      toMs: range.toMs,
      paginationOpts: { numItems: 500, cursor },
    });
    for (const p of page.page) {
      lines.push(
        csvLine([
          new Date(p.createdAt).toISOString(),
          p.paidAt === null ? null : new Date(p.paidAt).toISOString(),
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
        ]),
      );
    }
    if (page.isDone) break;
    cursor = page.continueCursor;
  }
  return new Response(`${lines.join("\r\n")}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="purchases-${range.from}-${range.to}.csv"`,
      "cache-control": "no-store",
    },
  });
}
