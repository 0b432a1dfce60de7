/**
 * What a creator is told about a model's dated changes and their access to
 * it (issue 12): an upcoming price ("from <date>: N credits"), a sunset with
 * its successor ("try <successor>"), and a lock (not in the plan, or an
 * unlock price). Dates are shown in UTC, named.
 */
import { Link } from "@remix-run/react";
import { formatCredits } from "~/utils/misc";
import { formatUtc } from "~/utils/zoned-time";
import { Alert } from "./ui/alert";

/** "From 1 Dec 2026, 09:00 UTC: 100 credits", one line per change. */
export function UpcomingPrices({
  changes,
  className,
}: {
  changes: { effectiveAt: number; credits: number | null }[];
  className?: string;
}) {
  const shown = changes.filter((c) => c.credits !== null);
  if (shown.length === 0) return null;
  return (
    <ul className={className} aria-label="Scheduled price changes">
      {shown.map((change) => (
        <li
          key={change.effectiveAt}
          className="text-xs font-medium text-amber-800"
        >
          From {formatUtc(change.effectiveAt)}: {formatCredits(change.credits!)}
        </li>
      ))}
    </ul>
  );
}

/** The warning for a model with a sunset date, linking to its successor. */
export function SunsetNotice({
  name,
  sunsetAt,
  successor,
  action = "Try",
}: {
  name: string;
  sunsetAt: number;
  successor?: { modelId: string; name: string } | null;
  /** "Try" on the form and compare page, "Re-create with" on a video. */
  action?: string;
}) {
  const past = sunsetAt <= Date.now();
  return (
    <Alert
      tone="warning"
      title={
        past
          ? `${name} was retired on ${formatUtc(sunsetAt)}.`
          : `${name} retires on ${formatUtc(sunsetAt)}.`
      }
    >
      {successor ? (
        <Link
          to={`/create?${new URLSearchParams({ model: successor.modelId })}`}
          className="font-semibold underline"
        >
          {action} {successor.name}
        </Link>
      ) : (
        <span>Pick another model for new videos.</span>
      )}
    </Alert>
  );
}

/** Short text for a model the caller cannot use as is. */
export function accessLabel(access: {
  allowed: boolean;
  locked: boolean;
  unlockCredits?: number;
}): string | null {
  if (!access.allowed) return "Not in your plan";
  if (access.locked)
    return `Locked · unlock for ${formatCredits(access.unlockCredits ?? 0)}`;
  return null;
}
