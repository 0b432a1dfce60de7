/**
 * Tables of the admin console: each sits in its own horizontally scrolling
 * box (never the page), which is a focusable, labelled region so keyboard
 * users can scroll it too.
 */
import type { ReactNode } from "react";
import { cx } from "~/utils/misc";

/** A table in a scrolling box; `caption` labels both (visually hidden). */
export function ScrollTable({
  caption,
  children,
  className,
  fit = false,
}: {
  caption: string;
  children: ReactNode;
  className?: string;
  /** Only as wide as its content (small tables), instead of full width. */
  fit?: boolean;
}) {
  return (
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={cx(
        "overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm",
        fit && "w-fit max-w-full",
        "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
        className,
      )}
    >
      <table className="min-w-full divide-y divide-slate-200">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** A column header cell. */
export function Th({
  children,
  align = "left",
  className,
}: {
  children?: ReactNode;
  align?: "left" | "right";
  className?: string;
}) {
  return (
    <th
      scope="col"
      className={cx(
        "whitespace-nowrap px-3 py-2.5 text-sm font-semibold text-slate-900",
        align === "right" ? "text-right" : "text-left",
        className,
      )}
    >
      {children}
    </th>
  );
}

/** A body cell. */
export function Td({
  children,
  align = "left",
  className,
}: {
  children?: ReactNode;
  align?: "left" | "right";
  className?: string;
}) {
  return (
    <td
      className={cx(
        "px-3 py-2.5 text-sm text-slate-900",
        align === "right" ? "text-right tabular-nums" : "text-left",
        className,
      )}
    >
      {children}
    </td>
  );
}
