/**
 * Exact money arithmetic for credit prices. No binary floating-point value
 * ever takes part in a price: dollars and multipliers are parsed from their
 * shortest decimal representation into scaled integers (BigInt) first.
 *
 * Rule (API-CONTRACT "Units and rules", "Model inputs and price
 * modifiers"): credits = ceil(costPerSecond × duration × qualityMultiplier ×
 * every applying modifier multiplier × outputs × 100), 1 credit = US$0.01,
 * costPerSecond with up to 4 decimals, multipliers with up to 2.
 */

/** Decimal places an admin may give for `costPerSecond` (US$ per second). */
export const COST_PER_SECOND_DECIMALS = 4;
/** Decimal places an admin may give for a quality multiplier. */
export const MULTIPLIER_DECIMALS = 2;
/** Upper bounds that keep every price far inside the safe-integer range. */
export const MAX_COST_PER_SECOND_USD = 1000;
export const MAX_QUALITY_MULTIPLIER = 100;
export const MAX_DURATION_SECONDS = 3600;
/**
 * Largest single ledger amount, in credits (US$10,000,000): the ledger
 * refuses bigger entries, and catalogue validation refuses any price whose
 * dearest video would need one (`maxCreditCost`).
 */
export const MAX_LEDGER_AMOUNT = 1_000_000_000;

const TEN = BigInt(10);

/**
 * Parses a non-negative number into an integer scaled by 10^decimals, using
 * its shortest round-trip decimal form (`String(0.18)` is `"0.18"`), so
 * `toScaledInteger(0.18, 4)` is exactly `1800n`.
 *
 * @returns the scaled integer, or `null` when the value is negative, not
 *   finite, or has more than `decimals` decimal places.
 */
export function toScaledInteger(
  value: number,
  decimals: number,
): bigint | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const text = String(value);
  // Exponent notation appears only below 1e-6 or at/above 1e21: neither is a
  // price with ≤ 4 decimals that we accept (0 itself prints as "0").
  if (/e/i.test(text)) return null;
  const [whole, fraction = ""] = text.split(".");
  if (fraction.length > decimals) return null;
  return (
    BigInt(whole) * TEN ** BigInt(decimals) +
    BigInt(fraction.padEnd(decimals, "0") || "0")
  );
}

/** True when `value` is a valid `costPerSecond`: 0 ≤ x ≤ 1000, ≤ 4 decimals. */
export function isValidCostPerSecond(value: number): boolean {
  return (
    toScaledInteger(value, COST_PER_SECOND_DECIMALS) !== null &&
    value <= MAX_COST_PER_SECOND_USD
  );
}

/** True when `value` is a valid quality multiplier: 0 < x ≤ 100, ≤ 2 decimals. */
export function isValidQualityMultiplier(value: number): boolean {
  const scaled = toScaledInteger(value, MULTIPLIER_DECIMALS);
  return (
    scaled !== null && scaled > BigInt(0) && value <= MAX_QUALITY_MULTIPLIER
  );
}

/**
 * Credit cost of a video, exactly: ceil(costPerSecond × duration × every
 * multiplier × 100). The multipliers are the quality multiplier, then any
 * extra ones (price modifiers, the number of outputs, a plan's multiplier),
 * each with ≤ 2 decimals. Examples from the contract: (0.18, 5, 1) → 90;
 * (0.07, 3, 1) → 21; (0.75, 8, 1) → 600; (0.75, 8, 1, [0.5, 2]) → 600.
 *
 * @param costPerSecondUsd US dollars per second, ≤ 4 decimals.
 * @param durationSeconds whole seconds.
 * @param qualityMultiplier ≤ 2 decimals (1 when the quality has none).
 * @param extraMultipliers more factors, each ≤ 2 decimals (integers too).
 * @returns integer credits.
 * @throws Error if an argument breaks those rules (callers validate first).
 */
export function computeCreditCost(
  costPerSecondUsd: number,
  durationSeconds: number,
  qualityMultiplier: number,
  extraMultipliers: readonly number[] = [],
): number {
  const cost = toScaledInteger(costPerSecondUsd, COST_PER_SECOND_DECIMALS);
  if (cost === null)
    throw new Error(`Invalid costPerSecond: ${costPerSecondUsd}`);
  if (!Number.isSafeInteger(durationSeconds) || durationSeconds < 0) {
    throw new Error(`Invalid duration: ${durationSeconds}`);
  }
  // cost is in 1e-4 USD, each multiplier in 1e-2; credits are 1e-2 USD:
  // credits = cost/1e4 × d × Π(m/1e2) × 1e2 = cost × d × Πm / (1e2 × 1e2^k).
  let numerator = cost * BigInt(durationSeconds);
  let denominator = TEN ** BigInt(COST_PER_SECOND_DECIMALS - 2);
  for (const m of [qualityMultiplier, ...extraMultipliers]) {
    const scaled = toScaledInteger(m, MULTIPLIER_DECIMALS);
    if (scaled === null) throw new Error(`Invalid multiplier: ${m}`);
    numerator *= scaled;
    denominator *= TEN ** BigInt(MULTIPLIER_DECIMALS);
  }
  const credits = (numerator + denominator - BigInt(1)) / denominator;
  return Number(credits);
}

/** The largest price multiplier a plan may set (API-CONTRACT "Plans"). */
export const MAX_PRICE_MULTIPLIER = MAX_QUALITY_MULTIPLIER;

/** True when `value` is a valid price multiplier: 0 < x ≤ 100, ≤ 2 decimals. */
export function isValidPriceMultiplier(value: number): boolean {
  return isValidQualityMultiplier(value);
}

/** Formats integer credits as US dollars, e.g. 90 → "$0.90". */
export function creditsToUsd(credits: number): string {
  const sign = credits < 0 ? "-" : "";
  const abs = Math.abs(credits);
  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
