/**
 * The few icons of the admin console, inline (no icon package). Decorative:
 * every icon sits next to a text label, so they are hidden from assistive tech.
 */
import type { ReactNode } from "react";
import { cx } from "~/utils/misc";

type IconProps = { className?: string };

function Svg({ className, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 20 20"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
      className={cx("h-3.5 w-3.5 shrink-0", className)}
    >
      {children}
    </svg>
  );
}

/** Premium. */
export function CrownIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2.5 6.5l4 3 3.5-5.5 3.5 5.5 4-3-1.5 8.5h-12L2.5 6.5zM4 16.5h12V18H4v-1.5z" />
    </Svg>
  );
}

/** Default model. */
export function StarIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M10 1.8l2.5 5.3 5.8.7-4.3 4 1.1 5.7L10 14.7l-5.1 2.8L6 11.8l-4.3-4 5.8-.7L10 1.8z" />
    </Svg>
  );
}

/** Deprecated. */
export function AlertIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path
        fillRule="evenodd"
        d="M8.3 2.9a2 2 0 013.4 0l6.3 11a2 2 0 01-1.7 3H3.7a2 2 0 01-1.7-3l6.3-11zM10 7a1 1 0 00-1 1v3a1 1 0 102 0V8a1 1 0 00-1-1zm0 8a1.1 1.1 0 100-2.2A1.1 1.1 0 0010 15z"
        clipRule="evenodd"
      />
    </Svg>
  );
}

/** Inactive. */
export function PauseIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path
        fillRule="evenodd"
        d="M10 18a8 8 0 100-16 8 8 0 000 16zM7.5 6.5A.75.75 0 006.75 7.25v5.5a.75.75 0 001.5 0v-5.5a.75.75 0 00-.75-.75zm5 0a.75.75 0 00-.75.75v5.5a.75.75 0 001.5 0v-5.5a.75.75 0 00-.75-.75z"
        clipRule="evenodd"
      />
    </Svg>
  );
}

/** Deleted. */
export function TrashIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path
        fillRule="evenodd"
        d="M8 2a1 1 0 00-1 1v1H3.75a.75.75 0 000 1.5h.3l.8 10.4A2 2 0 006.85 18h6.3a2 2 0 002-1.85l.8-10.4h.3a.75.75 0 000-1.5H13V3a1 1 0 00-1-1H8zm3.5 2V3.5h-3V4h3z"
        clipRule="evenodd"
      />
    </Svg>
  );
}
