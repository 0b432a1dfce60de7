/**
 * `/admin/revenue/ledger.csv`: every credit ledger entry written in the
 * revenue page's range (`revenue.exportLedger`, read page by page), as CSV.
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
      "email",
      "type",
      "amount",
      "balance_after",
      "video_id",
      "reference",
      "reason",
      "actor",
    ]),
  ];
  let cursor: string | null = null;
  for (;;) {
    const page: Awaited<
      ReturnType<typeof loaderQuery<typeof api.revenue.exportLedger>>
    > = await loaderQuery(admin.token, api.revenue.exportLedger, {
      fromMs: range.fromMs,
      toMs: range.toMs,
      paginationOpts: { numItems: 500, cursor },
    });
    for (const e of page.page) {
      lines.push(
        csvLine([
          new Date(e.createdAt).toISOString(),
          e.email,
          e.type,
          e.amount,
          e.balanceAfter,
          e.videoId,
          e.reference,
          e.reason,
          e.actor,
        ]),
      );
    }
    if (page.isDone) break;
    cursor = page.continueCursor;
  }
  return new Response(`${lines.join("\r\n")}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="ledger-${range.from}-${range.to}.csv"`,
      "cache-control": "no-store",
    },
  });
}
