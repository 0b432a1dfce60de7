import { useHydrated } from "~/utils/use-hydrated";

const utcFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const utcPreciseFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

/**
 * A timestamp (ms since epoch). The server renders it in UTC (it cannot know
 * the reader's time zone); after hydration it switches to local time.
 * `precise` adds seconds; the exact ISO 8601 time is always in the tooltip.
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
  const date = new Date(value);
  const text = hydrated
    ? new Intl.DateTimeFormat(undefined, {
        dateStyle: "medium",
        timeStyle: precise ? "medium" : "short",
      }).format(date)
    : `${(precise ? utcPreciseFormat : utcFormat).format(date)} UTC`;
  return (
    <time
      dateTime={date.toISOString()}
      title={date.toISOString()}
      className={className}
    >
      {text}
    </time>
  );
}
