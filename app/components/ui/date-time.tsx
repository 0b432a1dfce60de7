import { useHydrated } from "~/utils/use-hydrated";

const utcFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * A timestamp (ms since epoch). The server renders it in UTC (it cannot know
 * the reader's time zone); after hydration it switches to local time.
 */
export function DateTime({
  value,
  className,
}: {
  value: number;
  className?: string;
}) {
  const hydrated = useHydrated();
  const date = new Date(value);
  const text = hydrated
    ? new Intl.DateTimeFormat(undefined, {
        dateStyle: "medium",
        timeStyle: "short",
      }).format(date)
    : `${utcFormat.format(date)} UTC`;
  return (
    <time dateTime={date.toISOString()} className={className}>
      {text}
    </time>
  );
}
