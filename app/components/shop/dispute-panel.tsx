/**
 * The video page's dispute box (`disputes.getVideoDispute`, live): "Dispute
 * this charge" with a reason for an eligible video (succeeded, within 14
 * days, not disputed yet), and the dispute's status and outcome afterwards.
 * The form is on the one form layer (ADR 0015, 0054): `OpenDisputeSchema`
 * checks the reason here and in the page's action; a backend refusal comes
 * back as the action's `submission.reply()`.
 */
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { TextAreaField } from "~/components/ui/form-fields";
import { useSchemaForm } from "~/components/use-schema-form";
import { api } from "~/utils/api";
import { useLiveQuery } from "~/utils/live";
import { formatCredits } from "~/utils/misc";
import { ShopLimits } from "~/utils/rules";
import { OpenDisputeSchema } from "./shop-schemas";

type DisputeState = {
  dispute: {
    status: "open" | "approved" | "rejected";
    reason: string;
    credits: number;
    note?: string;
    createdAt: number;
  } | null;
  canDispute: boolean;
  disputeUntil?: number;
} | null;

export function DisputePanel({
  videoId,
  initial,
  lastResult,
}: {
  videoId: string;
  initial: DisputeState;
  /** The page action's answer to the last dispute post (a refused one). */
  lastResult?: SubmissionResult<string[]>;
}) {
  const state = useLiveQuery(
    api.disputes.getVideoDispute,
    { videoId },
    initial,
    {
      requiresAuth: true,
    },
  ) as DisputeState;
  const navigation = useNavigation();
  const sending =
    navigation.state !== "idle" &&
    navigation.formData?.get("intent") === "dispute";
  const [form, fields] = useSchemaForm({
    id: "dispute",
    schema: OpenDisputeSchema,
    lastResult,
  });
  // A refusal about the whole form (a dispute opened meanwhile in another
  // tab, the 14 days just ended) is said even once the form is gone, so a
  // post is never dropped in silence.
  const refusal = lastResult?.error?.[""]?.join(" ");
  if (state === null) return null;
  const { dispute } = state;
  if (dispute) {
    return (
      <div className="space-y-3">
        {refusal ? <Alert tone="error" title={refusal} /> : null}
        <DisputeStatus dispute={dispute} />
      </div>
    );
  }
  // The 14-day window ends at `disputeUntil`; the query leaves the clock to
  // the browser (queries must not read it), and openDispute re-checks.
  if (
    !state.canDispute ||
    (state.disputeUntil !== undefined && Date.now() > state.disputeUntil)
  )
    return refusal ? <Alert tone="error" title={refusal} /> : null;
  return (
    <details
      // Open again when the action sends the form back with its messages.
      open={lastResult?.error ? true : undefined}
      className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
    >
      <summary className="cursor-pointer font-semibold text-slate-900">
        Dispute this charge
      </summary>
      <Form method="post" {...getFormProps(form)} className="mt-3 space-y-3">
        <TextAreaField
          field={fields.reason}
          label="What went wrong?"
          hint={
            state.disputeUntil ? (
              <>
                You can dispute until <DateTime value={state.disputeUntil} />.
              </>
            ) : undefined
          }
          rows={3}
          maxLength={ShopLimits.MAX_DISPUTE_REASON_LENGTH}
        />
        {form.errors?.length ? (
          <Alert tone="error" id={form.errorId} title={form.errors.join(" ")} />
        ) : null}
        <Button
          type="submit"
          name="intent"
          value="dispute"
          variant="secondary"
          disabled={sending}
        >
          {sending ? "Sending…" : "Send dispute"}
        </Button>
      </Form>
    </details>
  );
}

/** An open, approved or rejected dispute, as the creator reads it. */
function DisputeStatus({
  dispute,
}: {
  dispute: NonNullable<NonNullable<DisputeState>["dispute"]>;
}) {
  if (dispute.status === "open") {
    return (
      <Alert tone="info" title="Dispute under review">
        You disputed this charge on <DateTime value={dispute.createdAt} />. An
        admin will look at it; the outcome appears here.
      </Alert>
    );
  }
  return dispute.status === "approved" ? (
    <Alert tone="success" title="Dispute approved">
      {formatCredits(dispute.credits)} went back to your balance.
      {dispute.note ? <p className="mt-1">“{dispute.note}”</p> : null}
    </Alert>
  ) : (
    <Alert tone="warning" title="Dispute rejected">
      {dispute.note ? <p>“{dispute.note}”</p> : null}
    </Alert>
  );
}
