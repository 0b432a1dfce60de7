/**
 * A creator's own usage (seed 003): credits spent per model and per
 * category, net of refunds, from `credits.getMyUsage`.
 */
import type { FunctionReturnType } from "convex/server";
import type { api } from "~/utils/api";
import { formatCredits } from "~/utils/misc";
import { EmptyState } from "~/components/ui/empty-state";

export type Usage = FunctionReturnType<typeof api.credits.getMyUsage>;

/** A small table whose first column is text and the others right-aligned numbers. */
function UsageTable({
  caption,
  columns,
  rows,
  className = "",
}: {
  caption: string;
  columns: string[];
  rows: { key: string; cells: (string | number)[] }[];
  className?: string;
}) {
  const align = (i: number) =>
    i === 0 ? "text-left" : "text-right tabular-nums";
  return (
    <div
      className={`overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm ${className}`}
    >
      <table className="min-w-full divide-y divide-slate-200">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((column, i) => (
              <th
                key={column}
                scope="col"
                className={`px-3 py-2 text-sm font-semibold text-slate-900 ${align(i)}`}
              >
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) => (
                <td
                  key={columns[i]}
                  className={`px-3 py-2 text-sm text-slate-800 ${align(i)}`}
                >
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Totals and the per-model and per-category tables, or a hint when empty. */
export function UsageSummary({ usage }: { usage: Usage }) {
  if (usage.totals.videos === 0) {
    return (
      <EmptyState>
        No videos yet: your spending per model appears here.
      </EmptyState>
    );
  }
  const { totals } = usage;
  return (
    <div className="space-y-4">
      <p className="text-slate-700">
        {totals.videos} {totals.videos === 1 ? "video" : "videos"} ·{" "}
        {totals.succeeded} ready · {totals.failed + totals.canceled} refunded ·{" "}
        <strong className="text-slate-900">
          {formatCredits(totals.creditsSpent)} spent
        </strong>{" "}
        after refunds
      </p>
      <div className="grid gap-4 lg:grid-cols-3">
        <UsageTable
          className="lg:col-span-2"
          caption="Credits spent per model"
          columns={["Model", "Videos", "Ready", "Spent"]}
          rows={usage.perModel.map((line) => ({
            key: line.modelId,
            cells: [
              line.name,
              line.videos,
              line.succeeded,
              formatCredits(line.creditsSpent),
            ],
          }))}
        />
        <UsageTable
          caption="Credits spent per category"
          columns={["Category", "Videos", "Spent"]}
          rows={usage.perCategory.map((line) => ({
            key: line.category,
            cells: [
              capitalise(line.category),
              line.videos,
              formatCredits(line.creditsSpent),
            ],
          }))}
        />
      </div>
    </div>
  );
}
