/**
 * The video page's dispute box (`disputes.getVideoDispute`, live): "Dispute
 * this charge" with a reason for an eligible video (succeeded, within 14
 * days, not disputed yet), and the dispute's status and outcome afterwards.
 */
import { Form, useNavigation } from "@remix-run/react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { inputClasses } from "~/components/ui/field";
import { api } from "~/utils/api";
import type { ErrorInfo } from "~/utils/errors";
import { useLiveQuery } from "~/utils/live";
import { formatCredits } from "~/utils/misc";

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
  error,
}: {
  videoId: string;
  initial: DisputeState;
  error?: ErrorInfo;
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
  if (state === null) return null;
  const { dispute } = state;
  if (dispute) {
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
  // The 14-day window ends at `disputeUntil`; the query leaves the clock to
  // the browser (queries must not read it), and openDispute re-checks.
  if (
    !state.canDispute ||
    (state.disputeUntil !== undefined && Date.now() > state.disputeUntil)
  )
    return null;
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
      <summary className="cursor-pointer font-semibold text-slate-900">
        Dispute this charge
      </summary>
      <Form method="post" className="mt-3 space-y-2">
        <label
          htmlFor="dispute-reason"
          className="block font-medium text-slate-900"
        >
          What went wrong?
        </label>
        <textarea
          id="dispute-reason"
          name="reason"
          rows={3}
          required
          maxLength={1000}
          className={inputClasses(error?.field === "reason")}
        />
        {state.disputeUntil ? (
          <p className="text-slate-600">
            You can dispute until <DateTime value={state.disputeUntil} />.
          </p>
        ) : null}
        {error ? (
          <Alert tone="error" title={error.message}>
            {error.detail}
          </Alert>
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
