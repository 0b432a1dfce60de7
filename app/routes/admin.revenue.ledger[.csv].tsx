/**
 * `/admin/revenue/ledger.csv`: every credit ledger entry written in the
 * revenue page's range (`revenue.exportLedger`, read page by page), as CSV
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
    filename: `ledger-${range.from}-${range.to}.csv`,
    fetchPage: (paginationOpts) =>
      loaderQuery(admin.token, api.revenue.exportLedger, {
        fromMs: range.fromMs,
        toMs: range.toMs,
        paginationOpts,
      }),
    columns: {
      created_at: (e) => isoTime(e.createdAt),
      email: (e) => e.email,
      type: (e) => e.type,
      amount: (e) => e.amount,
      balance_after: (e) => e.balanceAfter,
      video_id: (e) => e.videoId,
      reference: (e) => e.reference,
      reason: (e) => e.reason,
      actor: (e) => e.actor,
    },
  });
}
