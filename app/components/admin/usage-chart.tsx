/**
 * The dashboard's "videos per day by model" chart (last 30 UTC days): a
 * stacked recharts BarChart in a responsive container, drawn after
 * hydration (it needs the browser's layout), with an accessible name and
 * description, and the same numbers as a data table for screen readers and
 * for pages without JavaScript.
 */
import { useId } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useHydrated } from "~/utils/use-hydrated";
import { formatCount, formatDay } from "./format";
import { ScrollTable, Td, Th } from "./table";

/** One `dashboard.getOverview` daily row. */
export type DailyRow = {
  day: string;
  modelId: string;
  name: string;
  created: number;
};

// Distinct hues, each at least 3:1 against white (WCAG non-text contrast).
const COLORS = [
  "#4f46e5",
  "#059669",
  "#d97706",
  "#0284c7",
  "#e11d48",
  "#7c3aed",
  "#4d7c0f",
  "#475569",
];

type Series = { key: string; modelId: string; name: string; total: number };

/** Series (one per model, most videos first) and one row per day. */
export function chartData(days: string[], daily: DailyRow[]) {
  const totals = new Map<string, Series>();
  for (const row of daily) {
    const s = totals.get(row.modelId) ?? {
      key: "",
      modelId: row.modelId,
      name: row.name,
      total: 0,
    };
    s.total += row.created;
    totals.set(row.modelId, s);
  }
  // Keys are indexes: modelIds may hold dots, which chart libraries read as paths.
  const series = [...totals.values()]
    .filter((s) => s.total > 0)
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name))
    .map((s, i) => ({ ...s, key: `m${i}` }));
  const keyOf = new Map(series.map((s) => [s.modelId, s.key]));
  const rows = days.map((day) => {
    const row: Record<string, number | string> = { day, label: formatDay(day) };
    for (const s of series) row[s.key] = 0;
    return row;
  });
  const index = new Map(days.map((d, i) => [d, i]));
  for (const d of daily) {
    const key = keyOf.get(d.modelId);
    const i = index.get(d.day);
    if (key && i !== undefined) {
      const target = rows[i];
      target[key] = Number(target[key]) + d.created;
    }
  }
  return { series, rows };
}

/** The chart, its text summary and its data table (see the module comment). */
export function UsageChart({
  days,
  daily,
}: {
  days: string[];
  daily: DailyRow[];
}) {
  const hydrated = useHydrated();
  const id = useId();
  const { series, rows } = chartData(days, daily);
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
      : `${formatCount(total)} videos in the last 30 days across ${series.length} model${series.length === 1 ? "" : "s"}; busiest day ${formatDay(busiest.day)} with ${formatCount(busiest.n)}. ` +
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
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={rows}
              margin={{ top: 4, right: 8, bottom: 4, left: -16 }}
              title="Videos per day by model, last 30 days"
              desc={description}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="label"
                tick={{ fontSize: 12, fill: "#475569" }}
                interval="preserveStartEnd"
                minTickGap={16}
              />
              <YAxis
                allowDecimals={false}
                tick={{ fontSize: 12, fill: "#475569" }}
              />
              <Tooltip cursor={{ fill: "#f1f5f9" }} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {series.map((s, i) => (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.name}
                  stackId="videos"
                  fill={COLORS[i % COLORS.length]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
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
