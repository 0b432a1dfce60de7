/**
 * A creator's own usage (seed 003): credits spent per model and per
 * category, net of refunds, from `credits.getMyUsage`.
 */
import type { FunctionReturnType } from "convex/server";
import type { api } from "~/utils/api";
import { formatCredits } from "~/utils/misc";

export type Usage = FunctionReturnType<typeof api.credits.getMyUsage>;

const th = "px-3 py-2 text-left text-sm font-semibold text-slate-900";
const thRight = "px-3 py-2 text-right text-sm font-semibold text-slate-900";
const td = "px-3 py-2 text-sm text-slate-800";
const tdRight = "px-3 py-2 text-right text-sm tabular-nums text-slate-800";

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Totals and the per-model and per-category tables, or a hint when empty. */
export function UsageSummary({ usage }: { usage: Usage }) {
  if (usage.totals.videos === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
        No videos yet: your spending per model appears here.
      </p>
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
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm lg:col-span-2">
          <table className="min-w-full divide-y divide-slate-200">
            <caption className="sr-only">Credits spent per model</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>
                  Model
                </th>
                <th scope="col" className={thRight}>
                  Videos
                </th>
                <th scope="col" className={thRight}>
                  Ready
                </th>
                <th scope="col" className={thRight}>
                  Spent
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {usage.perModel.map((line) => (
                <tr key={line.modelId}>
                  <td className={td}>{line.name}</td>
                  <td className={tdRight}>{line.videos}</td>
                  <td className={tdRight}>{line.succeeded}</td>
                  <td className={tdRight}>
                    {formatCredits(line.creditsSpent)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200">
            <caption className="sr-only">Credits spent per category</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>
                  Category
                </th>
                <th scope="col" className={thRight}>
                  Videos
                </th>
                <th scope="col" className={thRight}>
                  Spent
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {usage.perCategory.map((line) => (
                <tr key={line.category}>
                  <td className={td}>{capitalise(line.category)}</td>
                  <td className={tdRight}>{line.videos}</td>
                  <td className={tdRight}>
                    {formatCredits(line.creditsSpent)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
