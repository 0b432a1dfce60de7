import type { ReactNode } from "react";
import { cx } from "~/utils/misc";

type Tone = "info" | "warning" | "error" | "success";

const TONES: Record<Tone, string> = {
  info: "border-sky-200 bg-sky-50 text-sky-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  error: "border-red-200 bg-red-50 text-red-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
};

/** A boxed message; errors and warnings are announced to screen readers. */
export function Alert({
  tone = "info",
  title,
  children,
  className,
  id,
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  id?: string;
}) {
  const urgent = tone === "error" || tone === "warning";
  return (
    <div
      id={id}
      role={urgent ? "alert" : "status"}
      className={cx(
        "rounded-md border px-4 py-3 text-sm",
        TONES[tone],
        className,
      )}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? (
        <div className={title ? "mt-1" : undefined}>{children}</div>
      ) : null}
    </div>
  );
}
