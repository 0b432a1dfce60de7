/**
 * The coarse times pages pass to queries, which never read the clock (ADR
 * 0017, 0019): today's UTC day and the current minute, moving on while the
 * page stays open so a live subscription follows the calendar.
 */
import { useEffect, useState } from "react";
import { utcDay } from "./rules";

const MINUTE_MS = 60_000;

/**
 * Today's UTC day `YYYY-MM-DD`, re-checked every minute so it moves on at
 * midnight. `initial` (a loader's day) keeps the server's HTML and the first
 * browser render in agreement.
 */
export function useUtcDay(initial: string = utcDay(Date.now())): string {
  const [day, setDay] = useState(initial);
  useEffect(() => {
    const timer = setInterval(() => setDay(utcDay(Date.now())), MINUTE_MS);
    return () => clearInterval(timer);
  }, []);
  return day;
}

/** The current time (ms) rounded down to the minute, ticking every minute. */
export function useMinute(): number {
  const now = () => Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  const [minute, setMinute] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setMinute(now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  return minute;
}
