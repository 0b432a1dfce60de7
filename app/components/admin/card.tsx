/**
 * A titled white box of the admin user page (balance, role, grant form).
 */
import type { ReactNode } from "react";
import { cx } from "~/utils/misc";

/** A section with its heading; `id` names the heading for `aria-labelledby`. */
export function Card({
  title,
  id,
  children,
  className,
}: {
  title: string;
  id: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      aria-labelledby={id}
      className={cx(
        "rounded-lg border border-slate-200 bg-white p-5 shadow-sm",
        className,
      )}
    >
      <h2 id={id} className="mb-3 font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}
