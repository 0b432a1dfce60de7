/**
 * Labelled form controls bound to a conform field (`useForm`'s metadata):
 * the id, name, default value, `aria-invalid` and `aria-describedby` come
 * from conform, so the label, hint and error stay wired for assistive tech
 * and the messages are the schema's. Used by every conform form.
 */
import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
} from "@conform-to/react";
import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";
import { cx } from "~/utils/misc";
import { FieldError, inputClasses } from "./field";

// Any field of any form: these controls only read its ids, name and errors.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = FieldMetadata<any, any, string[]>;

type Labelled = {
  field: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
};

function Shell({
  field,
  label,
  hint,
  className,
  children,
}: Labelled & { children: ReactNode }) {
  return (
    <div className={className}>
      <label
        htmlFor={field.id}
        className="block text-sm font-medium text-slate-900"
      >
        {label}
      </label>
      <div className="mt-1.5">{children}</div>
      {hint ? (
        <p id={field.descriptionId} className="mt-1.5 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldError id={field.errorId} errors={field.errors} />
    </div>
  );
}

const described = (field: AnyField, hint: ReactNode) =>
  hint ? field.descriptionId : undefined;

/** A text input with its label, hint and error. */
export function TextField({
  field,
  label,
  hint,
  className,
  type = "text",
  ...input
}: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  const { key, ...props } = getInputProps(field, {
    type: type as "text",
    ariaDescribedBy: described(field, hint),
  });
  return (
    <Shell field={field} label={label} hint={hint} className={className}>
      <input
        key={key}
        {...props}
        className={inputClasses(!!field.errors?.length)}
        {...input}
      />
    </Shell>
  );
}

/** A textarea with its label, hint and error. */
export function TextAreaField({
  field,
  label,
  hint,
  className,
  inputClassName,
  ...textarea
}: Labelled & {
  /** Extra classes of the textarea itself (e.g. `font-mono`). */
  inputClassName?: string;
} & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { key, ...props } = getTextareaProps(field, {
    ariaDescribedBy: described(field, hint),
  });
  return (
    <Shell field={field} label={label} hint={hint} className={className}>
      <textarea
        key={key}
        {...props}
        {...textarea}
        className={cx(inputClasses(!!field.errors?.length), inputClassName)}
      />
    </Shell>
  );
}

/** A select with its label, hint and error; `options` as value → label. */
export function SelectField({
  field,
  label,
  hint,
  className,
  options,
  ...select
}: Labelled & {
  options: readonly { value: string; label: string }[];
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const { key, ...props } = getSelectProps(field, {
    ariaDescribedBy: described(field, hint),
  });
  return (
    <Shell field={field} label={label} hint={hint} className={className}>
      <select
        key={key}
        {...props}
        {...select}
        className={inputClasses(!!field.errors?.length)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/**
 * The time zone of a wall-clock date and time (a scheduled price, an
 * override's expiry): a select the page controls, since the chosen zone
 * also words the hint beside the date (`useTimeZones` gives `zones`,
 * `zone` and its setter). Offers "UTC" and "<zone> (your time)".
 */
export function TimeZoneField({
  field,
  label,
  className,
  zones,
  zone,
  onZone,
}: Omit<Labelled, "hint"> & {
  zones: readonly string[];
  zone: string;
  onZone: (zone: string) => void;
}) {
  // Controlled: conform's `defaultValue` would fight `value`.
  const {
    key: _key,
    defaultValue: _defaultValue,
    ...props
  } = getSelectProps(field);
  return (
    <Shell field={field} label={label} className={className}>
      <select
        {...props}
        value={zone}
        onChange={(event) => onZone(event.target.value)}
        className={inputClasses(!!field.errors?.length)}
      >
        {zones.map((z) => (
          <option key={z} value={z}>
            {z === "UTC" ? "UTC" : `${z} (your time)`}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/** A checkbox with its label, hint and error (posts "on" when checked). */
export function CheckboxField({ field, label, hint, className }: Labelled) {
  const { key, ...props } = getInputProps(field, {
    type: "checkbox",
    ariaDescribedBy: described(field, hint),
  });
  return (
    <div className={className}>
      <div className="flex items-start gap-2">
        <input
          key={key}
          {...props}
          className={cx(
            "mt-0.5 h-4 w-4 rounded border-slate-400 text-indigo-600",
            "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
          )}
        />
        <label
          htmlFor={field.id}
          className="text-sm font-medium text-slate-900"
        >
          {label}
        </label>
      </div>
      {hint ? (
        <p
          id={field.descriptionId}
          className="ml-6 mt-1 text-sm text-slate-600"
        >
          {hint}
        </p>
      ) : null}
      <div className="ml-6">
        <FieldError id={field.errorId} errors={field.errors} />
      </div>
    </div>
  );
}
