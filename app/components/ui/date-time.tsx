import { useHydrated } from "~/utils/use-hydrated";
import { browserTimeZone, formatInZone } from "~/utils/zoned-time";

/**
 * A timestamp (ms since epoch), always with its time zone named. The server
 * renders it in UTC ("7 Dec 2026, 08:00 UTC": it cannot know the reader's
 * zone), and so does the browser's first render, so hydration matches; then
 * it switches to the reader's zone ("7 Dec 2026, 09:00 CET"). `precise` adds
 * seconds; the exact ISO 8601 time is always in the tooltip.
 */
export function DateTime({
  value,
  className,
  precise = false,
}: {
  value: number;
  className?: string;
  precise?: boolean;
}) {
  const hydrated = useHydrated();
  const iso = new Date(value).toISOString();
  const text = formatInZone(value, hydrated ? browserTimeZone() : "UTC", {
    weekday: false,
    seconds: precise,
  });
  return (
    <time dateTime={iso} title={iso} className={className}>
      {text}
    </time>
  );
}
