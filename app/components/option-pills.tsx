/**
 * A radio group drawn as pills (durations, qualities): native radios, so it
 * works with the keyboard (arrow keys) and without JavaScript.
 */
import type { ReactNode } from "react";
import { cx } from "~/utils/misc";
import { FieldError, fieldIds } from "./ui/field";

/** One choice of an `OptionPills` group. */
export type PillOption = { value: string; label: ReactNode; hint?: ReactNode };

export function OptionPills({
  name,
  legend,
  options,
  value,
  onChange,
  errors,
  description,
}: {
  name: string;
  legend: ReactNode;
  options: PillOption[];
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  description?: ReactNode;
}) {
  const ids = fieldIds(name);
  return (
    <fieldset
      aria-describedby={
        [description ? ids.hint : null, errors?.length ? ids.error : null]
          .filter(Boolean)
          .join(" ") || undefined
      }
    >
      <legend className="text-sm font-medium text-slate-900">{legend}</legend>
      <div className="mt-2 flex flex-wrap gap-2">
        {options.map((option) => (
          <label
            key={option.value}
            className={cx(
              "relative flex cursor-pointer flex-col rounded-md bg-white px-3.5 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300",
              "hover:bg-slate-50 has-[:checked]:bg-indigo-50 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600",
              "has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600",
            )}
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              className="absolute inset-0 h-full w-full cursor-pointer appearance-none opacity-0"
            />
            <span className="font-semibold text-slate-900">{option.label}</span>
            {option.hint ? (
              <span className="text-xs text-slate-600">{option.hint}</span>
            ) : null}
          </label>
        ))}
      </div>
      {description ? (
        <p id={ids.hint} className="mt-2 text-sm text-slate-600">
          {description}
        </p>
      ) : null}
      <FieldError name={name} errors={errors} />
    </fieldset>
  );
}
