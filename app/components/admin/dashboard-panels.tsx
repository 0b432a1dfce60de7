/**
 * The dashboard's numbers (seed 002 "Analytics Dashboard"): the totals as
 * cards, and the most-used models with their success rate and generation
 * time (average, median and 95th percentile).
 */
import { Link } from "@remix-run/react";
import { cx, formatCredits, formatMoney, formatUsd } from "~/utils/misc";
import { formatAvgSeconds, formatCount, formatRate } from "./format";
import { modelHref } from "./model-card";
import { ScrollTable, Td, Th } from "./table";
import { EmptyState } from "~/components/ui/empty-state";

/** `dashboard.getOverview().totals`. */
export type Totals = {
  users: number;
  videos: number;
  inProgress: number;
  succeeded: number;
  failed: number;
  canceled: number;
  creditsCharged: number;
  creditsRefunded: number;
};

/** A `dashboard.listModelUsage` row. */
export type ModelUsageRow = {
  modelId: string;
  name: string;
  createdGenerations: number;
  totalGenerations: number;
  successfulGenerations: number;
  failedGenerations: number;
  canceledGenerations: number;
  successRate: number;
  averageGenerationTime: number;
  creditsCharged: number;
  creditsRefunded: number;
  /** Seconds; null when no video of the model was timed. */
  p50GenerationTime: number | null;
  p95GenerationTime: number | null;
};

function Card({
  label,
  value,
  note,
  tone = "default",
}: {
  label: string;
  value: string;
  note?: string;
  tone?: "default" | "good" | "bad";
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd
        className={cx(
          "mt-1 text-2xl font-bold tabular-nums",
          tone === "good"
            ? "text-emerald-800"
            : tone === "bad"
              ? "text-red-700"
              : "text-slate-900",
        )}
      >
        {value}
      </dd>
      {note ? <dd className="mt-0.5 text-xs text-slate-600">{note}</dd> : null}
    </div>
  );
}

/** Users, videos by status, credits charged / refunded / net. */
export function TotalsCards({ totals }: { totals: Totals }) {
  const net = totals.creditsCharged - totals.creditsRefunded;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      <Card label="Users" value={formatCount(totals.users)} />
      <Card label="Videos" value={formatCount(totals.videos)} note="all time" />
      <Card label="In progress" value={formatCount(totals.inProgress)} />
      <Card
        label="Succeeded"
        value={formatCount(totals.succeeded)}
        tone="good"
      />
      <Card label="Failed" value={formatCount(totals.failed)} tone="bad" />
      <Card label="Canceled" value={formatCount(totals.canceled)} />
      <Card
        label="Credits charged"
        value={formatCount(totals.creditsCharged)}
        note={formatUsd(totals.creditsCharged)}
      />
      <Card
        label="Credits refunded"
        value={formatCount(totals.creditsRefunded)}
        note={formatUsd(totals.creditsRefunded)}
      />
      <Card
        label="Net credits"
        value={formatCount(net)}
        note={`${formatUsd(net)} earned`}
        tone="good"
      />
    </dl>
  );
}

/** Models by videos created, with outcomes, success rate and speed. */
export function ModelUsageTable({ rows }: { rows: ModelUsageRow[] }) {
  if (rows.length === 0) {
    return (
      <EmptyState>
        No videos yet: usage appears here as soon as creators generate.
      </EmptyState>
    );
  }
  return (
    <ScrollTable caption="Most-used models, by videos created">
      <thead className="bg-slate-50">
        <tr>
          <Th>Model</Th>
          <Th align="right">Videos</Th>
          <Th align="right">Succeeded</Th>
          <Th align="right">Failed</Th>
          <Th align="right">Canceled</Th>
          <Th align="right">Success rate</Th>
          <Th align="right">Avg time</Th>
          <Th align="right">p50 / p95</Th>
          <Th align="right">Net credits</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={row.modelId}>
            <Td className="min-w-[10rem]">
              <Link
                to={modelHref(row.modelId)}
                className="font-medium text-indigo-700 underline-offset-2 hover:underline"
              >
                {row.name}
              </Link>
              <span className="block break-all font-mono text-xs text-slate-600">
                {row.modelId}
              </span>
            </Td>
            <Td align="right">{formatCount(row.createdGenerations)}</Td>
            <Td align="right">{formatCount(row.successfulGenerations)}</Td>
            <Td align="right">{formatCount(row.failedGenerations)}</Td>
            <Td align="right">{formatCount(row.canceledGenerations)}</Td>
            <Td align="right">{formatRate(row.successRate, row)}</Td>
            <Td align="right" className="whitespace-nowrap">
              {formatAvgSeconds(row.averageGenerationTime)}
            </Td>
            <Td align="right" className="whitespace-nowrap">
              {row.p50GenerationTime === null
                ? "—"
                : `${formatAvgSeconds(row.p50GenerationTime)} / ${formatAvgSeconds(row.p95GenerationTime ?? row.p50GenerationTime)}`}
            </Td>
            <Td align="right" className="whitespace-nowrap">
              {formatCredits(row.creditsCharged - row.creditsRefunded)}
            </Td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

/** `revenue.getRevenueSummary` (cents in US$, credits). */
export type RevenueSummary = {
  paidCents: number;
  refundedCents: number;
  netCents: number;
  purchases: number;
  creditsSold: number;
  creditsCharged: number;
  creditsRefunded: number;
  creditsSpent: number;
  truncated: boolean;
};

/** Money paid, refunded and net, purchases, credits sold against spent. */
export function RevenueCards({ revenue }: { revenue: RevenueSummary }) {
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Card label="Paid" value={formatMoney(revenue.paidCents)} />
        <Card
          label="Refunded"
          value={formatMoney(revenue.refundedCents)}
          tone={revenue.refundedCents > 0 ? "bad" : "default"}
        />
        <Card label="Net" value={formatMoney(revenue.netCents)} tone="good" />
        <Card label="Purchases" value={formatCount(revenue.purchases)} />
        <Card label="Credits sold" value={formatCredits(revenue.creditsSold)} />
        <Card
          label="Credits spent"
          value={formatCredits(revenue.creditsSpent)}
          note="charged − refunded"
        />
      </dl>
      {revenue.truncated ? (
        <p className="mt-2 text-sm text-amber-800">
          More than 1,000 purchases: the full report has every one.
        </p>
      ) : null}
    </>
  );
}
