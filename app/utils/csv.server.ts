/**
 * CSV downloads of the admin console (the revenue page's purchases and
 * ledger exports): a header, then rows fetched page by page from a
 * paginated Convex query, returned as one `text/csv` attachment. Quoting
 * (RFC 4180) and formula defusing (OWASP "CSV injection") are the one
 * rule in `convex/lib/csv.ts`.
 */
import { csvLine, type CsvValue } from "../../convex/lib/csv";

/** Rows fetched per call. */
const PAGE_SIZE = 500;
/** Safety stop: 200 pages = 100,000 rows. */
const MAX_PAGES = 200;

/** One page of a paginated export query. */
export type ExportPage<Item> = {
  page: Item[];
  isDone: boolean;
  continueCursor: string;
};

/** A cell: booleans are written `true` / `false`. */
export type CsvCell = CsvValue | boolean;

/**
 * A CSV attachment named `filename`: a header line of the `columns`' names,
 * then a line per item `fetchPage` returns (following its cursor to the
 * end), each cell from its column's function. One entry per column, so a
 * header and its cells cannot drift apart.
 */
export async function csvDownload<Item>({
  filename,
  columns,
  fetchPage,
}: {
  filename: string;
  /**
   * Column name → its cell of an item, in column order (write it after
   * `fetchPage`, which gives the item its type).
   */
  columns: Record<string, (item: Item) => CsvCell>;
  fetchPage: (paginationOpts: {
    numItems: number;
    cursor: string | null;
  }) => Promise<ExportPage<Item>>;
}): Promise<Response> {
  const cells = Object.values(columns);
  const toRow = (item: Item) => cells.map((cell) => cell(item));
  let body = csvLine(Object.keys(columns));
  let cursor: string | null = null;
  for (let n = 0; n < MAX_PAGES; n++) {
    const result: ExportPage<Item> = await fetchPage({
      numItems: PAGE_SIZE,
      cursor,
    });
    for (const item of result.page)
      body += csvLine(
        toRow(item).map((cell) =>
          typeof cell === "boolean" ? String(cell) : cell,
        ),
      );
    if (result.isDone) break;
    cursor = result.continueCursor;
  }
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store",
    },
  });
}

/** A timestamp (ms) as ISO 8601 UTC; empty when absent. */
export function isoTime(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
