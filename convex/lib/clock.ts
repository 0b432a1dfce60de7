/**
 * Queries never read the clock (issue 9; Convex's guidance): Convex caches
 * a query's result and re-runs it only when a document it read changes, so
 * a result computed from `Date.now()` silently goes stale as time passes
 * (a price shown as "from 09:00" after 09:00, an expired override still
 * applied). Time-dependent state is instead written at its time by
 * scheduled functions (`scheduler.runAt`: a scheduled price is applied, a
 * sunset retires the model, an expired override is deleted), with a cron as
 * safety net, so what is stored is current.
 *
 * Where a rule takes `now`, a query passes `AS_STORED`: nothing counts as
 * due or expired, so the rule shows the stored state. Mutations pass the
 * real time (`Date.now()`), so a quote checked at the moment of charging
 * (`createVideo`) uses the announced price even if its job runs a moment
 * later. A query that needs a coarse time (this month) takes it as an
 * argument from the caller.
 */
export const AS_STORED = Number.NEGATIVE_INFINITY;

/** `YYYY-MM`, a calendar month in UTC. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The calendar month (UTC, `YYYY-MM`) containing `ms`. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The start (ms, UTC) of the calendar month after `month` (`YYYY-MM`). */
export function startOfNextMonth(month: string): number {
  const [year, m] = month.split("-").map(Number);
  return Date.UTC(year, m, 1);
}

/** The UTC day `YYYY-MM-DD` of a timestamp (ms). */
export function utcDay(timestampMs: number): string {
  return new Date(timestampMs).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD`, a calendar day in UTC. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Noon (ms, UTC) of the calendar day `day` (`YYYY-MM-DD`), or null when
 * `day` is not one (wrong shape, or a date like `2026-02-31`). Queries that
 * take "today" from their caller validate it with this.
 */
export function noonOfUtcDay(day: string): number | null {
  if (!DAY_PATTERN.test(day)) return null;
  const noon = Date.parse(`${day}T12:00:00Z`);
  if (!Number.isFinite(noon)) return null;
  return new Date(noon).toISOString().slice(0, 10) === day ? noon : null;
}
