/**
 * Small formatting helpers shared by server and browser. Numbers are
 * formatted with a fixed locale so the server's HTML and the browser's first
 * render agree (no hydration mismatch). Dates and times: `zoned-time.ts`.
 */
import { creditsToUsd } from "./rules";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Joins class names, skipping falsy ones. */
export function cx(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(" ");
}

/** 1 → "1 credit", 1500 → "1,500 credits". */
export function formatCredits(credits: number): string {
  return `${integer.format(credits)} ${Math.abs(credits) === 1 ? "credit" : "credits"}`;
}

/** A signed ledger amount: +100, −90 (with a real minus sign). */
export function formatSignedCredits(credits: number): string {
  if (credits > 0) return `+${integer.format(credits)}`;
  if (credits < 0) return `−${integer.format(-credits)}`;
  return "0";
}

/** Integer credits as US dollars: 90 → "$0.90" (1 credit = US$0.01). */
export const formatUsd = creditsToUsd;

/** US dollars per second as typed by admins: 0.18 → "$0.18/s", 0.1234 → "$0.1234/s". */
export function formatCostPerSecond(usd: number): string {
  const text = usd.toFixed(4).replace(/0{1,2}$/, "");
  return `$${text}/s`;
}

/** Seconds as "5 s". */
export function formatSeconds(seconds: number): string {
  return `${seconds} s`;
}

/** "standard" → "Standard", "high-res" → "High res". */
export function formatQuality(quality: string): string {
  const words = quality.replace(/[-_]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A duration in milliseconds as "1 min 05 s" or "42 s". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes === 0) return `${seconds} s`;
  return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
}

/** An amount in a currency's minor unit: (500, "usd") → "$5.00". */
export function formatMoney(cents: number, currency = "usd"): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
  }).format(cents / 100);
}

/** A price per credit in cents: 1 → "1¢", 0.8182 → "0.82¢". */
export function formatCentsPerCredit(cents: number): string {
  const text = cents >= 1 ? cents.toFixed(2) : cents.toFixed(3);
  return `${text.replace(/\.?0+$/, "")}¢`;
}
