/**
 * The revenue page's date range: `?days=7|30|90` (default 30) or a custom
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD` (UTC days, both included).
 */
const DAY_MS = 24 * 60 * 60 * 1000;

export type RevenueRange = {
  fromMs: number;
  toMs: number;
  days: number | null;
  from: string;
  to: string;
};

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function revenueRange(
  params: URLSearchParams,
  nowMs: number,
): RevenueRange {
  const from = params.get("from");
  const to = params.get("to");
  if (
    from &&
    to &&
    /^\d{4}-\d{2}-\d{2}$/.test(from) &&
    /^\d{4}-\d{2}-\d{2}$/.test(to)
  ) {
    const fromMs = Date.parse(`${from}T00:00:00Z`);
    const toMs = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
    if (fromMs < toMs) return { fromMs, toMs, days: null, from, to };
  }
  const days = [7, 30, 90].includes(Number(params.get("days")))
    ? Number(params.get("days"))
    : 30;
  const todayStart = Date.parse(`${isoDay(nowMs)}T00:00:00Z`);
  const toMs = todayStart + DAY_MS;
  const fromMs = toMs - days * DAY_MS;
  return {
    fromMs,
    toMs,
    days,
    from: isoDay(fromMs),
    to: isoDay(toMs - DAY_MS),
  };
}
