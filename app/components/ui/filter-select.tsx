import type { ReactNode } from "react";
import { inputClasses } from "./field";

/**
 * A labelled select of a GET filter form (compare, my videos, credit
 * history): the filters are URL parameters, so it is a plain select, not a
 * conform field. `children` are its options.
 */
export function FilterSelect({
  id,
  name,
  label,
  defaultValue,
  className,
  children,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string | number;
  /** The width of the label and select together. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        className={`mt-1.5 ${inputClasses()}`}
      >
        {children}
      </select>
    </div>
  );
}
