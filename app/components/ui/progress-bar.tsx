import { cx } from "~/utils/misc";

/**
 * A progress bar: determinate when `value` (0..100) is known, else an
 * animated "working" bar. Announced as a progressbar to assistive tech.
 */
export function ProgressBar({
  value,
  label,
  className,
}: {
  value?: number;
  label: string;
  className?: string;
}) {
  const known = typeof value === "number" && Number.isFinite(value);
  const clamped = known
    ? Math.min(100, Math.max(0, Math.round(value)))
    : undefined;
  return (
    <div className={cx("w-full", className)}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={clamped}
        aria-valuetext={clamped === undefined ? "Working…" : `${clamped}%`}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        {clamped === undefined ? (
          <div className="h-full w-1/3 rounded-full bg-indigo-500 motion-safe:animate-[progress-slide_1.4s_ease-in-out_infinite]" />
        ) : (
          <div
            className="h-full rounded-full bg-indigo-600 transition-[width] duration-500"
            style={{ width: `${clamped}%` }}
          />
        )}
      </div>
    </div>
  );
}
