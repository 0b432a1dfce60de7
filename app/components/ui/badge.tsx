import type { ReactNode } from "react";
import { cx } from "~/utils/misc";

export type BadgeTone =
  "gray" | "indigo" | "amber" | "green" | "red" | "blue" | "violet";

// Dark text on a light tint keeps every tone above WCAG AA contrast.
const TONES: Record<BadgeTone, string> = {
  gray: "bg-slate-100 text-slate-700 ring-slate-500/20",
  indigo: "bg-indigo-50 text-indigo-800 ring-indigo-600/20",
  amber: "bg-amber-50 text-amber-900 ring-amber-600/30",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  red: "bg-red-50 text-red-800 ring-red-600/20",
  blue: "bg-sky-50 text-sky-800 ring-sky-600/20",
  violet: "bg-violet-50 text-violet-800 ring-violet-600/20",
};

/** A small rounded label. */
export function Badge({
  tone = "gray",
  children,
  className,
  title,
  testId,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  className?: string;
  title?: string;
  testId?: string;
}) {
  return (
    <span
      title={title}
      data-testid={testId}
      className={cx(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
