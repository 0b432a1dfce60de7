import { cx } from "~/utils/misc";

/** Shared look of text inputs, selects and textareas, with a visible focus ring. */
export const inputClasses = (invalid?: boolean) =>
  cx(
    "block w-full rounded-md border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-500",
    "focus:outline-none focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:text-sm",
    invalid ? "ring-red-500" : "ring-slate-300",
  );

/** Ids for a field's label, hint and error, so inputs can point at them. */
export function fieldIds(name: string) {
  return {
    input: `field-${name}`,
    hint: `field-${name}-hint`,
    error: `field-${name}-error`,
  };
}

/** `aria-describedby` for a field with an optional hint and error. */
export function describedBy(
  name: string,
  { hint, error }: { hint?: boolean; error?: boolean },
) {
  const ids = fieldIds(name);
  return (
    [hint ? ids.hint : null, error ? ids.error : null]
      .filter(Boolean)
      .join(" ") || undefined
  );
}

/** A field's error message, announced when it appears. */
export function FieldError({
  name,
  id,
  errors,
}: {
  /** The field's name, for the default id (`fieldIds`). */
  name?: string;
  /** The message's id, when the form names its own (conform's `errorId`). */
  id?: string;
  errors?: string[] | null;
}) {
  if (!errors?.length) return null;
  return (
    <p
      id={id ?? fieldIds(name ?? "").error}
      className="mt-1.5 text-sm text-red-700"
      role="alert"
    >
      {errors.join(" ")}
    </p>
  );
}
