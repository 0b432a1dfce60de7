/**
 * Times for people and wall-clock times in a named time zone: the one place
 * the app formats a date (ADR 0055). Every date reads the same way, en-GB
 * day-month-year with a 24-hour clock and the zone named: "7 Dec 2026, 09:00
 * UTC" (`formatInZone`, `formatUtc`), "7 Dec 2026" for a day
 * (`formatDateInZone`, `formatDayKey`). The locale and the zone are always
 * explicit, so the server's HTML and the browser's first render agree;
 * `<DateTime>` then switches to the reader's zone.
 *
 * The admin forms that set a date (scheduled prices, sunsets) read what an
 * admin types, "2026-12-07 09:00", in the zone they pick; the backend takes
 * ms since epoch. Built on `Intl` only (no time-zone library in the bundle),
 * so the browser and the action convert the same way.
 */

/** "YYYY-MM-DDTHH:mm" (what `<input type="datetime-local">` posts, seconds optional). */
const LOCAL_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Whether `timeZone` is an IANA zone this runtime knows ("UTC" always is). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `ms` in `timeZone`. */
function partsIn(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(ms);
  const get = (type: string) =>
    Number(parts.find((p) => p.type === type)?.value ?? "0");
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** How far `timeZone` is ahead of UTC at the instant `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = partsIn(ms, timeZone);
  const asUtc = Date.UTC(
    p.year,
    p.month - 1,
    p.day,
    p.hour,
    p.minute,
    p.second,
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant (ms since epoch) of wall-clock time `local` ("2026-12-07T09:00")
 * in `timeZone`, or `null` when `local` is not such a time or the zone is
 * unknown. A time skipped by a daylight-saving jump resolves to the instant
 * one offset later (02:30 on a spring-forward night → 03:30).
 */
export function zonedTimeToUtc(local: string, timeZone: string): number | null {
  const match = LOCAL_PATTERN.exec(local.trim());
  if (!match || !isKnownTimeZone(timeZone)) return null;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => Number(part ?? "0"));
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  // Two passes settle the offset even next to a daylight-saving change.
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}

/** `ms` as "YYYY-MM-DDTHH:mm" in `timeZone` (a datetime-local input's value). */
export function toLocalInput(ms: number, timeZone = "UTC"): string {
  const p = partsIn(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/**
 * `ms` for people, with its zone spelled out: "Mon, 7 Dec 2026, 09:00 UTC",
 * "Mon, 7 Dec 2026, 10:00 CET" (the zone's short name where it has one, else
 * its offset, "GMT+1"). `weekday: false` drops the day's name, `seconds: true`
 * adds seconds ("7 Dec 2026, 09:00:05 UTC").
 */
export function formatInZone(
  ms: number,
  timeZone = "UTC",
  {
    weekday = true,
    seconds = false,
  }: { weekday?: boolean; seconds?: boolean } = {},
): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: weekday ? "short" : undefined,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: seconds ? "2-digit" : undefined,
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(ms);
}

/** `ms` in UTC, named, without the day's name: "7 Dec 2026, 09:00 UTC". */
export function formatUtc(ms: number): string {
  return formatInZone(ms, "UTC", { weekday: false });
}

/**
 * The day of `ms` in `timeZone`: "7 Dec 2026"; `year: false` → "7 Dec"
 * (chart axes, where the year is the same all along).
 */
export function formatDateInZone(
  ms: number,
  timeZone = "UTC",
  { year = true }: { year?: boolean } = {},
): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: year ? "numeric" : undefined,
  }).format(ms);
}

/**
 * A UTC day key as the rollups store it ("2025-01-31") for people:
 * "31 Jan 2025"; `year: false` → "31 Jan". A key that is not such a day
 * comes back as it is.
 */
export function formatDayKey(
  day: string,
  options: { year?: boolean } = {},
): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const [y, m, d] = match.slice(1).map(Number);
  return formatDateInZone(Date.UTC(y, m - 1, d), "UTC", options);
}

/** The browser's own zone, or "UTC" where it cannot tell (and on the server). */
export function browserTimeZone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && isKnownTimeZone(zone) ? zone : "UTC";
  } catch {
    return "UTC";
  }
}
