/**
 * Formatting for the admin console: rates, generation times, and the audit
 * trail's raw values (numbers, flags, lists, records, timestamps, null).
 * Dates go through `~/utils/zoned-time` like everywhere else.
 * Fixed locale, so the server's HTML and the first browser render agree.
 */
import { formatCostPerSecond } from "~/utils/misc";
import { formatUtc } from "~/utils/zoned-time";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 1234 → "1,234". */
export function formatCount(n: number): string {
  return integer.format(n);
}

/**
 * A success rate (0..1, succeeded / (succeeded + failed)) as "92%"; "—"
 * while no video has succeeded or failed (cancellations don't count).
 */
export function formatRate(
  rate: number,
  counts: { successfulGenerations: number; failedGenerations: number },
): string {
  if (counts.successfulGenerations + counts.failedGenerations === 0) return "—";
  return `${Math.round(rate * 1000) / 10}%`;
}

/** Seconds as "41.2 s" ("—" for 0, i.e. not measured yet). */
export function formatAvgSeconds(seconds: number): string {
  if (!seconds) return "—";
  return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}

/** Human names of model fields, for the audit trail and the detail page. */
export const FIELD_LABELS: Record<string, string> = {
  modelId: "Model ID",
  name: "Name",
  description: "Description",
  version: "Version",
  costPerSecond: "Price per second",
  supportedDurations: "Durations",
  supportedQualities: "Qualities",
  qualityMultipliers: "Quality multipliers",
  maxDuration: "Maximum duration",
  fixedDuration: "Fixed duration",
  isPremium: "Premium",
  isActive: "Active",
  isDefault: "Default",
  isDeprecated: "Deprecated",
  provider: "Provider",
  category: "Category",
  tags: "Tags",
  replicateModelId: "Replicate model",
  modelParameters: "Model parameters",
  requirements: "Requirements",
  providerCostPerSecond: "Provider's price per second",
  inputs: "Creator inputs",
  priceModifiers: "Price modifiers",
  maxOutputs: "Most outputs per request",
  unlockCredits: "Unlock price (credits)",
  sunsetAt: "Sunset",
  successorModelId: "Successor",
  effectiveAt: "Takes effect",
  createdAt: "Created",
  deprecatedAt: "Deprecated at",
  deletedAt: "Deleted at",
};

const TIMESTAMP_FIELDS = new Set([
  "createdAt",
  "deprecatedAt",
  "deletedAt",
  "sunsetAt",
  "effectiveAt",
  "expiresAt",
]);
const PRICE_FIELDS = new Set(["costPerSecond", "providerCostPerSecond"]);
const SECONDS_FIELDS = new Set(["maxDuration", "fixedDuration"]);

/** A field's label, or the field name itself when unknown. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/**
 * One audit value for people: null/undefined → "none", booleans → yes/no,
 * prices as "$0.18/s", durations as "5 s", lists joined, records as
 * "high ×1.5", timestamps in UTC ("7 Dec 2026, 09:00 UTC"), other objects
 * as JSON.
 */
export function formatFieldValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") {
    if (TIMESTAMP_FIELDS.has(field)) return formatUtc(value);
    if (PRICE_FIELDS.has(field)) return formatCostPerSecond(value);
    if (SECONDS_FIELDS.has(field)) return `${value} s`;
    return String(value);
  }
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  if (Array.isArray(value)) {
    if (value.length === 0) return "(empty list)";
    if (field === "supportedDurations")
      return value.map((d) => `${String(d)} s`).join(", ");
    return value
      .map((v) => (typeof v === "string" ? v : JSON.stringify(v)))
      .join(", ");
  }
  if (field === "qualityMultipliers" && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "none";
    return entries.map(([q, m]) => `${q} ×${String(m)}`).join(", ");
  }
  return JSON.stringify(value);
}
