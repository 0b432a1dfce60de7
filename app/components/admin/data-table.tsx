/**
 * A compact table of rows for the admin report cards (revenue): columns as
 * data (header, alignment, cell), a caption for assistive tech, and the
 * sentence shown instead when there are no rows. Numbers align right in
 * tabular figures.
 */
import type { ReactNode } from "react";
import { cx } from "~/utils/misc";

export type Column<Row> = {
  header: string;
  cell: (row: Row) => ReactNode;
  align?: "left" | "right";
  /** Extra classes of this column's cells. */
  className?: string;
};

/** A column of numbers: right-aligned, in tabular figures. */
export function numberColumn<Row>(
  header: string,
  cell: (row: Row) => ReactNode,
): Column<Row> {
  return { header, align: "right", cell };
}

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows. */
  empty: string;
}) {
  if (rows.length === 0)
    return <p className="text-sm text-slate-600">{empty}</p>;
  const align = (column: Column<Row>) =>
    column.align === "right" ? "text-right tabular-nums" : "text-left";
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-slate-700">
          <tr>
            {columns.map((column) => (
              <th
                key={column.header}
                scope="col"
                className={cx(
                  "whitespace-nowrap py-1 pr-2 font-semibold last:pr-0",
                  column.align === "right" ? "text-right" : "text-left",
                )}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td
                  key={column.header}
                  className={cx(
                    "py-1 pr-2 last:pr-0",
                    align(column),
                    column.className,
                  )}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
