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
    header: [
      "created_at",
      "email",
      "type",
      "amount",
      "balance_after",
      "video_id",
      "reference",
      "reason",
      "actor",
    ],
    fetchPage: (paginationOpts) =>
      loaderQuery(admin.token, api.revenue.exportLedger, {
        fromMs: range.fromMs,
        toMs: range.toMs,
        paginationOpts,
      }),
    toRow: (e) => [
      isoTime(e.createdAt),
      e.email,
      e.type,
      e.amount,
      e.balanceAfter,
      e.videoId,
      e.reference,
      e.reason,
      e.actor,
    ],
  });
}
