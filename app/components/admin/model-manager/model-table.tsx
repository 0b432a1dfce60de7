/**
 * The ModelManager's dense table: one row per model with a selection
 * checkbox, name and id (linking to the one model form), provider,
 * category, price, status (active/inactive, deprecated, paused by the
 * circuit breaker with its reason, deleted, default, premium), usage
 * (videos, success rate, p50 and mean generation time) and when it last
 * changed.
 * Sortable columns are links in their headers (`aria-sort` says which).
 * Below 640 px the row folds to checkbox + name, with the price, provider
 * and usage under the name, so the table never scrolls sideways on a phone.
 */
import { Link } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { ModelListRow } from "~/utils/api";
import { cx, formatCostPerSecond } from "~/utils/misc";
import { formatDateInZone, formatUtc } from "~/utils/zoned-time";
import { Badge } from "../../ui/badge";
import { formatAvgSeconds, formatCount } from "../format";
import { AlertIcon, CrownIcon, PauseIcon, StarIcon, TrashIcon } from "../icons";
import { modelHref } from "../model-card";
import { sortHref, type ListParams, type SortKey } from "./list-params";

/** "30 Nov 2026" (UTC), with the full time in a tooltip. */
function Updated({ ms }: { ms: number }) {
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatUtc(ms)}>
      {formatDateInZone(ms)}
    </time>
  );
}

/** A success rate as "92.5%", "—" before any video finished. */
function rate(row: ModelListRow): string {
  if (row.videos === 0) return "—";
  return `${Math.round(row.successRate * 1000) / 10}%`;
}

/** The row's status badges; every icon has its text. */
export function RowStatus({ row }: { row: ModelListRow }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {row.deletedAt !== undefined ? (
        <Badge tone="red" title="Soft-deleted: hidden from creators">
          <TrashIcon />
          Deleted
        </Badge>
      ) : row.isActive ? (
        <Badge tone="green" title="Creators can choose it">
          Active
        </Badge>
      ) : (
        <Badge tone="gray" title="Hidden from creators until activated">
          Inactive
        </Badge>
      )}
      {row.pausedAt !== undefined ? (
        <Badge
          tone="amber"
          title={row.pauseReason ?? "Paused by the circuit breaker"}
        >
          <PauseIcon />
          Paused
        </Badge>
      ) : null}
      {row.isDeprecated ? (
        <Badge tone="red" title="Still usable, marked for retirement">
          <AlertIcon />
          Deprecated
        </Badge>
      ) : null}
      {row.isDefault ? (
        <Badge tone="indigo" title="Preselected on the create form">
          <StarIcon />
          Default
        </Badge>
      ) : null}
      {row.isPremium ? (
        <Badge tone="violet" title="Premium model">
          <CrownIcon />
          Premium
        </Badge>
      ) : null}
    </span>
  );
}

function SortHeader({
  params,
  sort,
  children,
  className,
  align = "left",
}: {
  params: ListParams;
  sort: SortKey;
  children: ReactNode;
  className?: string;
  align?: "left" | "right";
}) {
  const searching = params.q !== "";
  const active = !searching && params.sort === sort;
  const direction = params.order === "asc" ? "ascending" : "descending";
  return (
    <th
      scope="col"
      aria-sort={active ? direction : undefined}
      className={cx(
        "whitespace-nowrap px-2 py-2 text-xs font-semibold uppercase tracking-wide text-slate-700",
        align === "right" ? "text-right" : "text-left",
        className,
      )}
    >
      {searching ? (
        children
      ) : (
        <Link
          to={sortHref(params, sort)}
          preventScrollReset
          className="inline-flex items-center gap-1 rounded hover:text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {children}
          <span aria-hidden="true" className="w-3 text-indigo-700">
            {active ? (params.order === "asc" ? "▲" : "▼") : ""}
          </span>
          <span className="sr-only">
            {active
              ? `, sorted ${direction}; activate to reverse`
              : ", activate to sort"}
          </span>
        </Link>
      )}
    </th>
  );
}

function Th({
  children,
  className,
  align = "left",
}: {
  children: ReactNode;
  className?: string;
  align?: "left" | "right";
}) {
  return (
    <th
      scope="col"
      className={cx(
        "whitespace-nowrap px-2 py-2 text-xs font-semibold uppercase tracking-wide text-slate-700",
        align === "right" ? "text-right" : "text-left",
        className,
      )}
    >
      {children}
    </th>
  );
}

const CHECKBOX =
  "h-4 w-4 rounded border-slate-400 text-indigo-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

function SelectAll({
  rows,
  selected,
  onToggleAll,
}: {
  rows: ModelListRow[];
  selected: ReadonlyMap<string, string>;
  onToggleAll: (select: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const chosen = rows.filter((r) => selected.has(r.modelId)).length;
  const all = rows.length > 0 && chosen === rows.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = chosen > 0 && !all;
  }, [chosen, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={CHECKBOX}
      aria-label="Select every model on this page"
      checked={all}
      disabled={rows.length === 0}
      onChange={(event) => onToggleAll(event.currentTarget.checked)}
    />
  );
}

/** The table (see the module comment). */
export function ModelTable({
  rows,
  params,
  selected,
  onToggle,
  onToggleAll,
  selectable,
}: {
  rows: ModelListRow[];
  params: ListParams;
  /** Selected model ids → names. */
  selected: ReadonlyMap<string, string>;
  onToggle: (row: ModelListRow, select: boolean) => void;
  onToggleAll: (select: boolean) => void;
  /** False before hydration: selection needs JavaScript. */
  selectable: boolean;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm sm:overflow-x-auto">
      <table className="w-full table-fixed divide-y divide-slate-200 text-sm sm:table-auto">
        <caption className="sr-only">
          Models, {params.q ? "by relevance" : `sorted by ${params.sort}`}
        </caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="w-9 px-2 py-2">
              {selectable ? (
                <SelectAll
                  rows={rows}
                  selected={selected}
                  onToggleAll={onToggleAll}
                />
              ) : (
                <span className="sr-only">Select</span>
              )}
            </th>
            <SortHeader params={params} sort="name">
              Name
            </SortHeader>
            <Th className="hidden lg:table-cell">Provider</Th>
            <Th className="hidden 2xl:table-cell">Category</Th>
            <SortHeader
              params={params}
              sort="price"
              align="right"
              className="hidden sm:table-cell"
            >
              Price
            </SortHeader>
            <Th className="hidden sm:table-cell">Status</Th>
            <SortHeader
              params={params}
              sort="videos"
              align="right"
              className="hidden md:table-cell"
            >
              Videos
            </SortHeader>
            <SortHeader
              params={params}
              sort="success"
              align="right"
              className="hidden md:table-cell"
            >
              Success
            </SortHeader>
            <SortHeader
              params={params}
              sort="p50"
              align="right"
              className="hidden xl:table-cell"
            >
              p50
            </SortHeader>
            <Th className="hidden 2xl:table-cell" align="right">
              Avg time
            </Th>
            <SortHeader
              params={params}
              sort="updated"
              className="hidden lg:table-cell"
            >
              Updated
            </SortHeader>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const checked = selected.has(row.modelId);
            return (
              <tr
                key={row.modelId}
                className={cx(checked ? "bg-indigo-50" : "hover:bg-slate-50")}
              >
                <td className="px-2 py-1.5 align-top">
                  {selectable ? (
                    <input
                      type="checkbox"
                      className={cx(CHECKBOX, "mt-0.5")}
                      aria-label={`Select ${row.name}`}
                      checked={checked}
                      onChange={(event) =>
                        onToggle(row, event.currentTarget.checked)
                      }
                    />
                  ) : null}
                </td>
                <th
                  scope="row"
                  className="min-w-0 px-2 py-1.5 text-left align-top font-normal sm:max-w-[14rem] lg:max-w-[18rem] xl:max-w-[22rem]"
                >
                  <Link
                    to={modelHref(row.modelId)}
                    className="block truncate font-medium text-slate-900 underline-offset-2 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                  >
                    {row.name}
                  </Link>
                  <span className="block truncate font-mono text-xs text-slate-600">
                    {row.modelId}
                  </span>
                  {/* Phone: the columns hidden at this width, folded in. */}
                  <span className="mt-1 block text-xs text-slate-700 sm:hidden">
                    {formatCostPerSecond(row.costPerSecond)} · {row.provider}
                    {row.videos > 0
                      ? ` · ${formatCount(row.videos)} videos, ${rate(row)}`
                      : ""}
                  </span>
                  <span className="mt-1 block sm:hidden">
                    <RowStatus row={row} />
                  </span>
                  {row.pausedAt !== undefined && row.pauseReason ? (
                    <span className="mt-1 block text-xs text-amber-900">
                      Paused: {row.pauseReason}
                    </span>
                  ) : null}
                </th>
                <td className="hidden px-2 py-1.5 align-top text-slate-700 lg:table-cell">
                  {row.provider}
                </td>
                <td className="hidden px-2 py-1.5 align-top text-slate-700 2xl:table-cell">
                  {row.category ?? "—"}
                </td>
                <td className="hidden whitespace-nowrap px-2 py-1.5 text-right align-top tabular-nums sm:table-cell">
                  {formatCostPerSecond(row.costPerSecond)}
                </td>
                <td className="hidden px-2 py-1.5 align-top sm:table-cell sm:min-w-[9rem] lg:min-w-[12rem]">
                  <RowStatus row={row} />
                </td>
                <td className="hidden px-2 py-1.5 text-right align-top tabular-nums md:table-cell">
                  {formatCount(row.videos)}
                </td>
                <td className="hidden px-2 py-1.5 text-right align-top tabular-nums md:table-cell">
                  {rate(row)}
                </td>
                <td className="hidden px-2 py-1.5 text-right align-top tabular-nums xl:table-cell">
                  {formatAvgSeconds(row.p50GenerationTime ?? 0)}
                </td>
                <td className="hidden px-2 py-1.5 text-right align-top tabular-nums 2xl:table-cell">
                  {formatAvgSeconds(row.averageGenerationTime)}
                </td>
                <td className="hidden whitespace-nowrap px-2 py-1.5 align-top text-slate-700 lg:table-cell">
                  <Updated ms={row.updatedAt} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
