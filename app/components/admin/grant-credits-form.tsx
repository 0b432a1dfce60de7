/**
 * Grant or deduct credits for one user (`credits.grantCredits`): a whole
 * amount (negative deducts, as an "adjustment") and a reason the user sees
 * in their history. Checked as you go with the action's own zod schema
 * (`GrantSchema`, through conform); a deduction larger than the balance is
 * refused by the backend (INSUFFICIENT_CREDITS) and explained next to the
 * amount.
 */
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ErrorInfo } from "~/utils/errors";
import { formatCredits, formatSignedCredits } from "~/utils/misc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/form-fields";
import { useSchemaForm } from "../use-schema-form";
import { GrantSchema, MAX_REASON_LENGTH } from "./grant-schema";

/** What the action answered to the last grant. */
export type GrantFeedback = {
  ok: boolean;
  message?: string;
  error?: ErrorInfo;
  /** The form's answer: field messages and the submitted values. */
  result?: SubmissionResult<string[]>;
};

/** The grant/adjust form for `email`; posts `intent=grant` to the page action. */
export function GrantCreditsForm({
  email,
  balance,
  feedback,
  submitting,
}: {
  email: string;
  /** Live balance, to explain refused deductions. */
  balance: number;
  feedback?: GrantFeedback;
  submitting: boolean;
}) {
  const failed = feedback && !feedback.ok ? feedback : undefined;
  const [form, fields] = useSchemaForm({
    id: "field",
    schema: GrantSchema,
    lastResult: failed?.result,
  });
  const parsed = GrantSchema.shape.amount.safeParse(fields.amount.value ?? "");
  const amount = parsed.success ? parsed.data : null;
  const refusedForBalance = failed?.error?.code === "INSUFFICIENT_CREDITS";

  return (
    <Form
      method="post"
      {...getFormProps(form)}
      aria-label="Grant or deduct credits"
      className="max-w-xl space-y-4"
    >
      <input type="hidden" name="intent" value="grant" />
      {refusedForBalance ? (
        <Alert tone="error" title="Not enough credits to deduct that much.">
          {email} has {formatCredits(balance)}; a deduction can take the balance
          to 0 at most (−{balance.toLocaleString("en-US")}). Nothing was
          changed.
        </Alert>
      ) : failed?.error && !failed.error.field ? (
        <Alert tone="error" title={failed.error.message}>
          {failed.error.detail}
        </Alert>
      ) : null}
      <TextField
        field={fields.amount}
        label="Amount (credits)"
        hint="Positive to grant, negative to deduct. 1 credit = US$0.01."
        inputMode="numeric"
        autoComplete="off"
      />
      <TextField
        field={fields.reason}
        label="Reason"
        hint={`Shown in the user's credit history. Up to ${MAX_REASON_LENGTH} characters.`}
        autoComplete="off"
        maxLength={MAX_REASON_LENGTH}
      />
      <Button
        type="submit"
        variant={amount !== null && amount < 0 ? "danger" : "primary"}
        disabled={submitting}
        className="w-full sm:w-auto"
      >
        {submitting
          ? "Saving…"
          : amount === null
            ? "Grant credits"
            : amount > 0
              ? `Grant ${formatSignedCredits(amount)} credits`
              : `Deduct ${formatCredits(-amount)}`}
      </Button>
    </Form>
  );
}
