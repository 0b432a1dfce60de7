/**
 * The action side of the form layer: parse a post with the form's zod
 * schema (`parseWithZod`, the same call the browser makes in
 * `useSchemaForm`), and turn a backend refusal into the form's answer.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import type { Submission, SubmissionResult } from "@conform-to/react";
import { redirect } from "@remix-run/node";
import { describeError, errorStatus, type ErrorInfo } from "./errors";
import { signInUrlFor } from "./redirect";

export { parseWithZod };

/** A backend refusal, described, with the HTTP status from `ERRORS`. */
export type Refusal = ErrorInfo & { status: number };

/**
 * What an action does with a thrown error: UNAUTHENTICATED sends the
 * visitor to sign in (thrown redirect); an unexpected error is logged;
 * anything else is described with its status (app/utils/errors.ts).
 */
export function refusalOf(
  request: Request,
  error: unknown,
  what: string,
): Refusal {
  const info = describeError(error);
  if (info.code === "UNAUTHENTICATED") throw redirect(signInUrlFor(request));
  if (!info.code) console.error(`${what} failed:`, error);
  return { ...info, status: errorStatus(info.code) };
}

/**
 * The form's answer to a refusal: next to its field when the form has that
 * field, else as a message about the whole form. The submitted values stay.
 */
export function replyWithRefusal(
  submission: Submission<unknown, string[], unknown>,
  refusal: ErrorInfo,
  fields: readonly string[],
): SubmissionResult<string[]> {
  if (refusal.field && fields.includes(refusal.field)) {
    return submission.reply({
      fieldErrors: { [refusal.field]: [refusal.detail ?? refusal.message] },
    });
  }
  return submission.reply({
    formErrors: [
      refusal.detail ? `${refusal.message} ${refusal.detail}` : refusal.message,
    ],
  });
}
