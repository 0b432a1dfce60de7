/**
 * `/credits/export.csv[?type=]`: the caller's whole credit history as CSV
 * (seed 003's export; ADR 0049), newest first, one row per ledger entry with
 * its exact UTC time. Pages through `credits.exportMyTransactions`.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvLine } from "../../convex/lib/csv";
import { api, type LedgerType } from "~/utils/api";
import { requireUser } from "~/utils/auth.server";
import { loaderQuery } from "~/utils/convex.server";
import { LEDGER_TYPES } from "~/components/ledger-table";

/** Entries fetched per call. */
const PAGE = 500;
/** Safety stop: 200 pages = 100,000 entries. */
const MAX_PAGES = 200;

const HEADER = [
  "date_utc",
  "type",
  "amount_credits",
  "balance_after_credits",
  "description",
  "video_id",
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const typeParam = new URL(args.request.url).searchParams.get("type");
  const type = LEDGER_TYPES.includes(typeParam as LedgerType)
    ? (typeParam as LedgerType)
    : undefined;
  let body = csvLine(HEADER);
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result: {
      rows: (string | number)[][];
      isDone: boolean;
      continueCursor: string;
    } = await loaderQuery(user.token, api.credits.exportMyTransactions, {
      paginationOpts: { numItems: PAGE, cursor },
      ...(type ? { type } : {}),
    });
    for (const row of result.rows) body += csvLine(row);
    if (result.isDone) break;
    cursor = result.continueCursor;
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="credit-history-${type ?? "all"}-${day}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
