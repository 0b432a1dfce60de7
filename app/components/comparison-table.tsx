/**
 * The model comparison table (seed 004): one row per active model priced at
 * the chosen duration and quality, capabilities side by side, "—" where a
 * model can't make that combination. Column headers are sort links, so
 * sorting works without JavaScript and is shareable by URL.
 */
import { Link, useLocation } from "@remix-run/react";
import { type ComparisonRow } from "~/utils/api";
import { allowedDurations } from "~/utils/model-rules";
import { sortRows, type SortDir, type SortKey } from "~/utils/compare";
import {
  cx,
  formatCostPerSecond,
  formatCredits,
  formatQuality,
  formatUsd,
} from "~/utils/misc";
import type { InsightRow } from "~/utils/insights";
import { ModelBadges } from "./model-badges";
import { accessLabel, SunsetNotice, UpcomingPrices } from "./model-notices";

function SortHeader({
  label,
  sortKey,
  current,
  dir,
  className,
}: {
  label: string;
  sortKey: SortKey;
  current: SortKey;
  dir: SortDir;
  className?: string;
}) {
  const location = useLocation();
  const active = current === sortKey;
  const nextDir: SortDir = active && dir === "asc" ? "desc" : "asc";
  const params = new URLSearchParams(location.search);
  params.set("sort", sortKey);
  params.set("dir", nextDir);
  return (
    <th
      scope="col"
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}
      className={cx(
        "px-3 py-3 text-left text-sm font-semibold text-slate-900",
        className,
      )}
    >
      <Link
        to={`?${params}`}
        preventScrollReset
        replace
        className="inline-flex items-center gap-1 rounded hover:text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        {label}
        <span
          aria-hidden="true"
          className={cx(
            "text-xs",
            active ? "text-indigo-700" : "text-slate-400",
          )}
        >
          {active ? (dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
        <span className="sr-only">
          {active
            ? `, sorted ${dir === "asc" ? "ascending" : "descending"}`
            : ", sort"}
        </span>
      </Link>
    </th>
  );
}

function Dash({ why }: { why: string }) {
  return (
    <span title={why}>
      <span aria-hidden="true">—</span>
      <span className="sr-only">{why}</span>
    </span>
  );
}

/** "~45 s" typical time, or a dash that says why. */
function Speed({ insight }: { insight?: InsightRow }) {
  if (insight?.typicalSeconds == null)
    return <Dash why="Not measured yet: no finished videos" />;
  return (
    <span className="tabular-nums">
      ~{Math.max(1, Math.round(insight.typicalSeconds))} s
    </span>
  );
}

/** "98%" of the last 30 days' finished videos, with how many. */
function Success({ insight }: { insight?: InsightRow }) {
  if (insight?.successRate == null)
    return <Dash why="No finished videos in the last 30 days" />;
  return (
    <>
      <span className="font-semibold tabular-nums">
        {Math.round(insight.successRate * 100)}%
      </span>
      <div className="text-xs text-slate-600">
        of {insight.judged} {insight.judged === 1 ? "video" : "videos"}
      </div>
    </>
  );
}

/** The admin-featured sample video, played on demand. */
function Sample({ insight, name }: { insight?: InsightRow; name: string }) {
  if (!insight?.sample) return <Dash why="No sample yet" />;
  return (
    <details>
      <summary className="cursor-pointer font-medium text-indigo-700">
        Watch<span className="sr-only"> a sample by {name}</span>
      </summary>
      <video
        src={insight.sample.outputUrl}
        controls
        muted
        playsInline
        preload="none"
        className="mt-2 aspect-video w-56 rounded bg-black"
        aria-label={`Sample by ${name}`}
        aria-describedby={`sample-${insight.sample.videoId}`}
      />
      <p
        id={`sample-${insight.sample.videoId}`}
        className="mt-1 w-56 text-xs text-slate-600"
      >
        Silent clip made from the prompt “{insight.sample.prompt}”.
      </p>
    </details>
  );
}

export function ComparisonTable({
  rows,
  sort,
  dir,
  insights,
}: {
  rows: ComparisonRow[];
  sort: SortKey;
  dir: SortDir;
  /** Speed, success and sample per modelId (ADR 0048). */
  insights: Map<string, InsightRow>;
}) {
  const sorted = sortRows(rows, sort, dir);
  const sunsets = rows.filter((r) => r.sunsetAt !== undefined);
  return (
    <>
      {sunsets.map((row) => {
        const successor = rows.find((r) => r.modelId === row.successorModelId);
        return (
          <div key={row.modelId} className="mb-3">
            <SunsetNotice
              name={row.name}
              sunsetAt={row.sunsetAt!}
              successor={successor}
            />
          </div>
        );
      })}
      <div
        className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
        role="region"
        aria-label="Model comparison (scrolls sideways)"
        tabIndex={0}
      >
        <table className="min-w-full divide-y divide-slate-200">
          <thead className="bg-slate-50">
            <tr>
              {/* The model column stays put while the table scrolls sideways. */}
              <SortHeader
                label="Model"
                sortKey="name"
                current={sort}
                dir={dir}
                className="sticky left-0 z-10 bg-slate-50"
              />
              <SortHeader
                label="Cost"
                sortKey="cost"
                current={sort}
                dir={dir}
              />
              <SortHeader
                label="Price per second"
                sortKey="cps"
                current={sort}
                dir={dir}
              />
              <th
                scope="col"
                className="px-3 py-3 text-left text-sm font-semibold text-slate-900"
              >
                Typical speed
              </th>
              <th
                scope="col"
                className="px-3 py-3 text-left text-sm font-semibold text-slate-900"
              >
                Success (30 days)
              </th>
              <th
                scope="col"
                className="px-3 py-3 text-left text-sm font-semibold text-slate-900"
              >
                Sample
              </th>
              <th
                scope="col"
                className="px-3 py-3 text-left text-sm font-semibold text-slate-900"
              >
                Durations
              </th>
              <th
                scope="col"
                className="px-3 py-3 text-left text-sm font-semibold text-slate-900"
              >
                Qualities
              </th>
              <th
                scope="col"
                className="px-3 py-3 text-left text-sm font-semibold text-slate-900"
              >
                Fixed length
              </th>
              <th
                scope="col"
                className="px-3 py-3 text-left text-sm font-semibold text-slate-900"
              >
                Flags
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sorted.map((row) => (
              <tr key={row.modelId} className="align-top">
                <th
                  scope="row"
                  className="sticky left-0 z-10 min-w-[9rem] bg-white px-3 py-3 text-left shadow-[1px_0_0_theme(colors.slate.100)]"
                >
                  <Link
                    to={`/create?${new URLSearchParams({ model: row.modelId })}`}
                    className="font-semibold text-indigo-700 hover:underline"
                  >
                    {row.name}
                  </Link>
                  <div className="text-xs font-normal text-slate-600">
                    {row.provider}
                  </div>
                </th>
                <td className="whitespace-nowrap px-3 py-3 text-sm">
                  {row.creditCost === null ? (
                    <Dash
                      why={
                        row.outputs > 1
                          ? `Can't make ${row.outputs} videos of ${row.duration} s at ${formatQuality(row.quality)}`
                          : `Can't make ${row.duration} s at ${formatQuality(row.quality)}`
                      }
                    />
                  ) : (
                    <>
                      <span className="font-semibold tabular-nums text-slate-900">
                        {formatCredits(row.creditCost)}
                      </span>
                      <span className="text-slate-600">
                        {" "}
                        ({formatUsd(row.creditCost)})
                      </span>
                      <div className="text-xs text-slate-600">
                        {row.duration} s · {formatQuality(row.quality)}
                        {row.outputs > 1 ? ` · ${row.outputs} videos` : ""}
                        {Object.entries(row.inputs).map(([name, value]) => (
                          <span key={name}>
                            {" "}
                            · {name}{" "}
                            {typeof value === "boolean"
                              ? value
                                ? "yes"
                                : "no"
                              : String(value)}
                          </span>
                        ))}
                      </div>
                      <UpcomingPrices
                        changes={row.upcoming.map((u) => ({
                          effectiveAt: u.effectiveAt,
                          credits: u.creditCost,
                        }))}
                      />
                    </>
                  )}
                  {accessLabel(row.access) ? (
                    <div className="mt-1 text-xs font-semibold text-slate-800">
                      🔒 {accessLabel(row.access)}
                    </div>
                  ) : null}
                </td>
                <td className="whitespace-nowrap px-3 py-3 text-sm tabular-nums text-slate-900">
                  {formatCostPerSecond(row.costPerSecond)}
                </td>
                <td
                  className="whitespace-nowrap px-3 py-3 text-sm text-slate-900"
                  data-testid="speed"
                >
                  <Speed insight={insights.get(row.modelId)} />
                </td>
                <td
                  className="whitespace-nowrap px-3 py-3 text-sm text-slate-900"
                  data-testid="success"
                >
                  <Success insight={insights.get(row.modelId)} />
                </td>
                <td className="px-3 py-3 text-sm">
                  <Sample insight={insights.get(row.modelId)} name={row.name} />
                </td>
                <td className="whitespace-nowrap px-3 py-3 text-sm text-slate-900">
                  {allowedDurations(row)
                    .map((d) => `${d} s`)
                    .join(", ")}
                </td>
                <td className="px-3 py-3 text-sm text-slate-900">
                  {row.supportedQualities.map(formatQuality).join(", ")}
                </td>
                <td className="whitespace-nowrap px-3 py-3 text-sm text-slate-900">
                  {row.fixedDuration !== undefined ? (
                    `${row.fixedDuration} s`
                  ) : (
                    <Dash why="Not fixed" />
                  )}
                </td>
                <td className="px-3 py-3 text-sm">
                  {row.isDefault ||
                  row.isPremium ||
                  row.isDeprecated ||
                  row.category === "budget" ||
                  row.category === "experimental" ? (
                    <ModelBadges model={row} />
                  ) : (
                    <Dash why="None" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
