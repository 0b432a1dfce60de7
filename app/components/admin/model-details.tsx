/**
 * The read-only parts of a model's detail page: usage statistics, the price
 * of every allowed duration × quality, and every stored field.
 */
import type { ModelDoc } from "~/utils/api";
import { allowedDurations, creditCostFor } from "~/utils/model-rules";
import { formatCredits, formatQuality } from "~/utils/misc";
import {
  fieldLabel,
  FIELD_LABELS,
  formatAvgSeconds,
  formatCount,
  formatFieldValue,
  formatRate,
} from "./format";
import { ScrollTable, Th } from "./table";

/** A `models.getModelStats` row. */
export type ModelStatsRow = {
  createdGenerations: number;
  totalGenerations: number;
  successfulGenerations: number;
  failedGenerations: number;
  canceledGenerations: number;
  successRate: number;
  averageGenerationTime: number;
  creditsCharged: number;
  creditsRefunded: number;
};

/** Usage numbers as a grid of small cards. */
export function UsageStats({ stats }: { stats: ModelStatsRow }) {
  const items = [
    ["Videos created", formatCount(stats.createdGenerations)],
    [
      "In progress",
      formatCount(stats.createdGenerations - stats.totalGenerations),
    ],
    ["Succeeded", formatCount(stats.successfulGenerations)],
    ["Failed", formatCount(stats.failedGenerations)],
    ["Canceled", formatCount(stats.canceledGenerations)],
    ["Success rate", formatRate(stats.successRate, stats)],
    ["Avg generation time", formatAvgSeconds(stats.averageGenerationTime)],
    ["Credits charged", formatCredits(stats.creditsCharged)],
    ["Credits refunded", formatCredits(stats.creditsRefunded)],
  ] as const;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {items.map(([label, value]) => (
        <div
          key={label}
          className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
        >
          <dt className="text-xs font-medium text-slate-600">{label}</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums text-slate-900">
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Credits for every allowed duration (rows) and quality (columns). */
export function PricingMatrix({ model }: { model: ModelDoc }) {
  const durations = allowedDurations(model);
  const qualities = model.supportedQualities;
  return (
    <ScrollTable
      caption={`Credit cost of each video ${model.name} can make`}
      fit
    >
      <thead className="bg-slate-50">
        <tr>
          <Th className="pr-8">Duration</Th>
          {qualities.map((q) => (
            <Th key={q} align="right">
              {formatQuality(q)}
              {model.qualityMultipliers?.[q] !== undefined
                ? ` (×${model.qualityMultipliers[q]})`
                : ""}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {durations.map((d) => (
          <tr key={d}>
            <th
              scope="row"
              className="whitespace-nowrap px-3 py-2 text-left text-sm font-medium text-slate-900"
            >
              {d} s
            </th>
            {qualities.map((q) => (
              <td
                key={q}
                className="whitespace-nowrap px-3 py-2 text-right text-sm tabular-nums text-slate-900"
              >
                {formatCredits(creditCostFor(model, d, q))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

/** Every stored field of the model, labelled, in the catalogue's order. */
export function FieldList({ model }: { model: ModelDoc }) {
  const record = model as unknown as Record<string, unknown>;
  const known = Object.keys(FIELD_LABELS);
  const extra = Object.keys(record).filter(
    (k) => !known.includes(k) && !k.startsWith("_") && k !== "updatedAt",
  );
  const fields = [...known, "updatedAt", ...extra];
  return (
    <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white px-4 shadow-sm">
      {fields.map((field) => (
        <div
          key={field}
          className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-3 py-2.5 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4"
        >
          <dt className="text-sm text-slate-600">
            {field === "updatedAt" ? "Last changed" : fieldLabel(field)}
          </dt>
          <dd className="break-words text-sm text-slate-900">
            {formatFieldValue(
              field === "updatedAt" ? "createdAt" : field,
              record[field],
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
