/**
 * The one way a form is checked in the browser: conform's `useForm` with
 * the form's zod schema, the same schema its action parses with
 * `parseWithZod` (app/utils/forms.server.ts). A field's messages appear
 * once it has been left, update as it is typed in after that, and every
 * message shows on a refused submit (with focus on the first invalid field).
 */
import { useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

export function useSchemaForm<
  Schema extends z.ZodType<unknown, Record<string, unknown>>,
>({
  id,
  schema,
  lastResult,
  defaultValue,
}: {
  /** The form's id; each field's id is `<id>-<name>`. */
  id: string;
  schema: Schema;
  /** The action's `submission.reply()` for this form's last post. */
  lastResult?: SubmissionResult<string[]> | null;
  /** The starting text of each field, by name. */
  defaultValue?: Record<string, unknown>;
}) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id,
    lastResult,
    defaultValue: defaultValue as never,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
