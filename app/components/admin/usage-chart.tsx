/**
 * The dashboard's "videos per day by model" chart (last 30 UTC days, from
 * `dashboard.getDailySeries`): the most used models stacked, all others as
 * one series, drawn after hydration by a recharts module loaded only then
 * (`usage-bars.tsx`, its own chunk), with an accessible name and
 * description, and the same numbers as a data table for screen readers and
 * for pages without JavaScript.
 */
import { lazy, Suspense, useId } from "react";
import { useHydrated } from "~/utils/use-hydrated";
import { formatDayKey } from "~/utils/zoned-time";
import { formatCount } from "./format";
import { ScrollTable, Td, Th } from "./table";

// recharts is most of the dashboard's JavaScript: fetch it only to draw.
const UsageBars = lazy(() => import("./usage-bars"));

/** What `dashboard.getDailySeries` returns. */
export type DailySeries = {
  days: string[];
  series: { modelId: string; name: string; created: number[] }[];
  other: number[];
};

export type Series = { key: string; name: string; total: number };

/** Series (one per top model, then "Other models") and one row per day. */
export function chartData({ days, series: top, other }: DailySeries) {
  // Keys are indexes: modelIds may hold dots, which chart libraries read as paths.
  const all = [
    ...top.map((s, i) => ({ key: `m${i}`, name: s.name, counts: s.created })),
    { key: "other", name: "Other models", counts: other },
  ]
    .map((s) => ({ ...s, total: s.counts.reduce((a, b) => a + b, 0) }))
    .filter((s) => s.total > 0);
  const series: Series[] = all.map(({ key, name, total }) => ({
    key,
    name,
    total,
  }));
  const rows = days.map((day, i) => {
    const row: Record<string, number | string> = {
      day,
      label: formatDayKey(day, { year: false }),
    };
    for (const s of all) row[s.key] = s.counts[i] ?? 0;
    return row;
  });
  return { series, rows };
}

/** The chart, its text summary and its data table (see the module comment). */
export function UsageChart({ data }: { data: DailySeries }) {
  const hydrated = useHydrated();
  const id = useId();
  const { series, rows } = chartData(data);
  const total = series.reduce((sum, s) => sum + s.total, 0);
  const busiest = rows.reduce<{ day: string; n: number }>(
    (best, r) => {
      const n = series.reduce((sum, s) => sum + Number(r[s.key]), 0);
      return n > best.n ? { day: String(r.day), n } : best;
    },
    { day: "", n: 0 },
  );
  const description =
    total === 0
      ? "No videos were created in the last 30 days."
      : `${formatCount(total)} videos in the last 30 days; busiest day ${formatDayKey(busiest.day)} with ${formatCount(busiest.n)}. ` +
        series.map((s) => `${s.name}: ${formatCount(s.total)}`).join(", ") +
        ".";
  const activeDays = rows.filter((r) =>
    series.some((s) => Number(r[s.key]) > 0),
  );

  return (
    <figure
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <figcaption>
        <h3 id={`${id}-title`} className="font-semibold text-slate-900">
          Videos per day by model
        </h3>
        <p id={`${id}-desc`} className="mt-1 text-sm text-slate-600">
          {description}
        </p>
      </figcaption>
      <div
        className={total === 0 ? "mt-4 h-24" : "mt-4 h-72"}
        aria-hidden={total === 0 || !hydrated}
      >
        {total === 0 ? (
          <div className="flex h-full items-center justify-center rounded-md bg-slate-50 text-sm text-slate-600">
            Nothing to chart yet.
          </div>
        ) : hydrated ? (
          <Suspense fallback={null}>
            <UsageBars rows={rows} series={series} description={description} />
          </Suspense>
        ) : (
          <div className="flex h-full items-center justify-center rounded-md bg-slate-50 px-4 text-center text-sm text-slate-600">
            The chart appears once the page has loaded; the numbers are in the
            table below.
          </div>
        )}
      </div>
      {activeDays.length > 0 ? (
        <details className="mt-4" open={!hydrated}>
          <summary className="cursor-pointer rounded text-sm font-medium text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
            Show the numbers as a table
          </summary>
          <ScrollTable
            caption="Videos created per day and model, last 30 days (days without videos omitted)"
            className="mt-3"
          >
            <thead className="bg-slate-50">
              <tr>
                <Th>Day</Th>
                {series.map((s) => (
                  <Th key={s.key} align="right">
                    {s.name}
                  </Th>
                ))}
                <Th align="right">Total</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {activeDays.map((r) => (
                <tr key={String(r.day)}>
                  <Td className="whitespace-nowrap">{String(r.label)}</Td>
                  {series.map((s) => (
                    <Td key={s.key} align="right">
                      {formatCount(Number(r[s.key]))}
                    </Td>
                  ))}
                  <Td align="right" className="font-semibold">
                    {formatCount(
                      series.reduce((sum, s) => sum + Number(r[s.key]), 0),
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </details>
      ) : null}
    </figure>
  );
}
