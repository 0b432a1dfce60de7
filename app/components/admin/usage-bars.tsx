/**
 * The recharts drawing of the dashboard's daily chart: a stacked BarChart in
 * a responsive container. Loaded lazily by `usage-chart.tsx` after
 * hydration, so recharts stays out of the `/admin` route's first download.
 */
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
import type { Series } from "./usage-chart";

// Distinct hues, each at least 3:1 against white (WCAG non-text contrast).
const COLORS = [
  "#4f46e5",
  "#059669",
  "#d97706",
  "#0284c7",
  "#e11d48",
  "#7c3aed",
  "#475569",
];

export default function UsageBars({
  rows,
  series,
  description,
}: {
  rows: Record<string, number | string>[];
  series: Series[];
  description: string;
}) {
  return (
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
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} />
        <Tooltip cursor={{ fill: "#f1f5f9" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stackId="videos"
            fill={s.key === "other" ? "#64748b" : COLORS[i % COLORS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
