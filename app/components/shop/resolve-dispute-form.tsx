/**
 * An open dispute's answer on `/admin/disputes`: a note to the creator and
 * "Approve and refund" / "Reject", on the one form layer (ADR 0015:
 * `ResolveDisputeSchema`, the action's schema; a rejection needs a note).
 */
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { ShopActionResult } from "~/utils/admin-shop.server";
import { ShopLimits } from "~/utils/rules";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextAreaField } from "../ui/form-fields";
import { useSchemaForm } from "../use-schema-form";
import { ResolveDisputeSchema } from "./shop-schemas";

export function ResolveDisputeForm({
  disputeId,
  result,
}: {
  disputeId: string;
  /** The page action's last answer (shown only when it is this form's). */
  result?: ShopActionResult;
}) {
  const mine = result?.key === disputeId ? result : undefined;
  const navigation = useNavigation();
  const busy =
    navigation.state !== "idle" &&
    navigation.formData?.get("disputeId") === disputeId;
  const [form, fields] = useSchemaForm({
    id: `dispute-${disputeId}`,
    schema: ResolveDisputeSchema,
    lastResult: mine?.result as SubmissionResult<string[]> | undefined,
  });
  const formError =
    mine && !mine.ok && mine.error && mine.error.field !== "note"
      ? mine.error
      : undefined;
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-2">
      <input type="hidden" name="disputeId" value={disputeId} />
      <TextAreaField
        field={fields.note}
        label="Note to the creator"
        hint="Required to reject; the creator reads it on the video."
        rows={2}
        maxLength={ShopLimits.MAX_DISPUTE_NOTE_LENGTH}
      />
      {formError ? (
        <Alert tone="error" title={formError.message}>
          {formError.detail}
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="intent" value="approve" disabled={busy}>
          Approve and refund
        </Button>
        <Button
          type="submit"
          name="intent"
          value="reject"
          variant="secondary"
          disabled={busy}
        >
          Reject
        </Button>
      </div>
    </Form>
  );
}
