/**
 * The price box under the create form: the exact cost, the live balance,
 * what is left after this video, and — when the balance is short — why the
 * button is disabled and where to get credits. `children` is the submit button.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatCredits, formatUsd } from "~/utils/misc";
import { Alert } from "./ui/alert";

/** Id of the "not enough credits" message, for the button's aria-describedby. */
export const INSUFFICIENT_CREDITS_ID = "insufficient-credits";

export function CostSummary({
  cost,
  balance,
  children,
}: {
  /** Credits this video costs; null when no valid choice is made. */
  cost: number | null;
  /** Live balance in credits; null while unknown. */
  balance: number | null;
  children: ReactNode;
}) {
  const short = cost !== null && balance !== null && balance < cost;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600">Cost</dt>
          <dd
            className="font-semibold tabular-nums text-slate-900"
            aria-live="polite"
          >
            {cost === null
              ? "—"
              : `${formatCredits(cost)} (${formatUsd(cost)})`}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Your balance</dt>
          <dd className="font-semibold tabular-nums text-slate-900">
            {balance === null ? "…" : formatCredits(balance)}
          </dd>
        </div>
        {cost !== null && balance !== null ? (
          <div>
            <dt className="text-slate-600">After this video</dt>
            <dd
              className={
                short
                  ? "font-semibold text-red-700"
                  : "font-semibold tabular-nums text-slate-900"
              }
            >
              {short ? "Not enough credits" : formatCredits(balance - cost)}
            </dd>
          </div>
        ) : null}
      </dl>
      {short ? (
        <Alert tone="warning" className="mt-4" id={INSUFFICIENT_CREDITS_ID}>
          This video costs {formatCredits(cost)} but you have{" "}
          {formatCredits(balance)} — you need {formatCredits(cost - balance)}{" "}
          more.{" "}
          <Link to="/credits#packages" className="font-semibold underline">
            Buy credits
          </Link>
        </Alert>
      ) : null}
      {children}
      <p className="mt-2 text-center text-xs text-slate-600">
        Charged when the video starts. Failed or canceled videos are refunded.
      </p>
    </div>
  );
}
