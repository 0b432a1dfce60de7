/**
 * Form parsing with zod (the part of conform's `parseWithZod` we need):
 * FormData → typed values, or per-field messages for a 400 response.
 */
import { z } from "zod";

/** Messages per field name, plus messages about the form as a whole. */
export type FormErrors = {
  fieldErrors: Record<string, string[] | undefined>;
  formErrors: string[];
};

/** The outcome of `parseForm`. */
export type ParsedForm<T> = (
  { success: true; data: T } | ({ success: false } & FormErrors)
) & {
  /** The submitted text values, to refill the form after an error. */
  values: Record<string, string>;
};

/** Parses a form submission with a zod object schema. */
export function parseForm<Schema extends z.ZodType>(
  schema: Schema,
  formData: FormData,
): ParsedForm<z.output<Schema>> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string") values[key] = value;
  }
  const result = schema.safeParse(values);
  if (result.success) return { success: true, data: result.data, values };
  const flat = z.flattenError(result.error);
  return {
    success: false,
    fieldErrors: flat.fieldErrors as Record<string, string[] | undefined>,
    formErrors: flat.formErrors,
    values,
  };
}
