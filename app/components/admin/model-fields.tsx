/**
 * Labelled inputs for the model forms (inline edit and "New model"): a text
 * field and a checkbox wired to their hint and error for assistive tech.
 * `prefix` keeps ids unique when several forms share a page.
 */
import type { InputHTMLAttributes, ReactNode } from "react";
import { cx } from "~/utils/misc";
import {
  describedBy,
  Field,
  FieldError,
  fieldIds,
  inputClasses,
} from "../ui/field";

type TextProps = {
  prefix?: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  className?: string;
} & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  "inputMode" | "placeholder" | "autoComplete" | "spellCheck" | "required"
>;

/** A text input with its label, hint and field error. */
export function TextField({
  prefix = "",
  name,
  label,
  hint,
  errors,
  value,
  onChange,
  onBlur,
  className,
  ...input
}: TextProps) {
  const key = `${prefix}${name}`;
  const invalid = !!errors?.length;
  return (
    <Field
      name={key}
      label={label}
      hint={hint}
      errors={errors}
      className={className}
    >
      <input
        id={fieldIds(key).input}
        name={name}
        type="text"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(key, { hint: !!hint, error: invalid })}
        className={inputClasses(invalid)}
        {...input}
      />
    </Field>
  );
}

/** A checkbox with its label (posts "on" when checked). */
export function CheckboxField({
  prefix = "",
  name,
  label,
  hint,
  errors,
  checked,
  onChange,
}: {
  prefix?: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const key = `${prefix}${name}`;
  const ids = fieldIds(key);
  const invalid = !!errors?.length;
  return (
    <div>
      <div className="flex items-start gap-2">
        <input
          id={ids.input}
          name={name}
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(key, { hint: !!hint, error: invalid })}
          className={cx(
            "mt-0.5 h-4 w-4 rounded border-slate-400 text-indigo-600",
            "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
          )}
        />
        <label
          htmlFor={ids.input}
          className="text-sm font-medium text-slate-900"
        >
          {label}
        </label>
      </div>
      {hint ? (
        <p id={ids.hint} className="ml-6 mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="ml-6">
        <FieldError name={key} errors={errors} />
      </div>
    </div>
  );
}
