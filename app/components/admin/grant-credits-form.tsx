/**
 * Grant or deduct credits for one user (`credits.grantCredits`): a whole
 * amount (negative deducts, as an "adjustment") and a reason the user sees
 * in their history. Checked as you go with the action's own zod schema; a
 * deduction larger than the balance is refused by the backend
 * (INSUFFICIENT_CREDITS) and explained next to the amount.
 */
import { Form } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import type { ErrorInfo } from "~/utils/errors";
import { formatCredits, formatSignedCredits } from "~/utils/misc";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { describedBy, Field, fieldIds, inputClasses } from "../ui/field";
import { GrantSchema, grantErrors, MAX_REASON_LENGTH } from "./grant-schema";

/** What the action answered to the last grant. */
export type GrantFeedback = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  error?: ErrorInfo;
  values?: Record<string, string>;
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
  const [values, setValues] = useState({
    amount: failed?.values?.amount ?? "",
    reason: failed?.values?.reason ?? "",
  });
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const [serverErrors, setServerErrors] = useState(failed?.fieldErrors ?? {});
  const errors = grantErrors(values);
  const errorsFor = (name: "amount" | "reason") =>
    serverErrors[name] ?? (shown.has(name) ? errors[name] : undefined);

  const parsed = GrantSchema.safeParse(values);
  const amount = parsed.success ? parsed.data.amount : null;
  const refusedForBalance = failed?.error?.code === "INSUFFICIENT_CREDITS";

  // The form is re-created for each answer: after a refusal, focus the
  // field it is about, so the message is read and can be fixed at once.
  useEffect(() => {
    if (!failed) return;
    const field = failed.fieldErrors?.reason ? "reason" : "amount";
    document.getElementById(fieldIds(field).input)?.focus();
  }, [failed]);

  function set(name: "amount" | "reason", value: string) {
    setValues((v) => ({ ...v, [name]: value }));
    setServerErrors((s) => ({ ...s, [name]: undefined }));
  }
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (!parsed.success) {
      event.preventDefault();
      setShown(new Set(["amount", "reason"]));
      const first = errors.amount ? "amount" : "reason";
      document.getElementById(fieldIds(first).input)?.focus();
    }
  }

  const amountErrors = errorsFor("amount");
  const reasonErrors = errorsFor("reason");
  return (
    <Form
      method="post"
      noValidate
      onSubmit={onSubmit}
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
      <Field
        name="amount"
        label="Amount (credits)"
        hint="Positive to grant, negative to deduct. 1 credit = US$0.01."
        errors={amountErrors}
      >
        <input
          id={fieldIds("amount").input}
          name="amount"
          inputMode="numeric"
          autoComplete="off"
          value={values.amount}
          onChange={(e) => set("amount", e.target.value)}
          onBlur={() => setShown((s) => new Set(s).add("amount"))}
          aria-invalid={amountErrors?.length ? true : undefined}
          aria-describedby={describedBy("amount", {
            hint: true,
            error: !!amountErrors?.length,
          })}
          className={inputClasses(!!amountErrors?.length)}
        />
      </Field>
      <Field
        name="reason"
        label="Reason"
        hint={`Shown in the user's credit history. Up to ${MAX_REASON_LENGTH} characters.`}
        errors={reasonErrors}
      >
        <input
          id={fieldIds("reason").input}
          name="reason"
          autoComplete="off"
          maxLength={MAX_REASON_LENGTH}
          value={values.reason}
          onChange={(e) => set("reason", e.target.value)}
          onBlur={() => setShown((s) => new Set(s).add("reason"))}
          aria-invalid={reasonErrors?.length ? true : undefined}
          aria-describedby={describedBy("reason", {
            hint: true,
            error: !!reasonErrors?.length,
          })}
          className={inputClasses(!!reasonErrors?.length)}
        />
      </Field>
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
