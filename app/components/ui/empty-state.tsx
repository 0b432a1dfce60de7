import type { ReactNode } from "react";
import { cx } from "~/utils/misc";

/** What a list shows when it has nothing to show: one sentence in a dashed box. */
export function EmptyState({
  children,
  className,
}: {
  children: ReactNode;
  className?: string;
}) {
  return (
    <p
      className={cx(
        "rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600",
        className,
      )}
    >
      {children}
    </p>
  );
}
