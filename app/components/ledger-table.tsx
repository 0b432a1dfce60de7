/**
 * The credit ledger: one row per entry, newest first, with its signed amount,
 * the balance right after it, and a link to what is behind it: the video
 * for generation and refund entries, the receipt for purchase entries (when
 * the page can show receipts: `purchaseHref`).
 */
import { Link } from "@remix-run/react";
import type { LedgerType } from "~/utils/api";
import { cx, formatCredits, formatSignedCredits } from "~/utils/misc";
import { Badge, type BadgeTone } from "./ui/badge";
import { DateTime } from "./ui/date-time";

/** The ledger fields the table shows (from `credits.getMyTransactions`). */
export type LedgerEntry = {
  _id: string;
  amount: number;
  type: LedgerType;
  videoId?: string;
  reason?: string;
  /** Purchase entries: the Checkout Session id of the purchase. */
  reference?: string;
  balanceAfter: number;
  createdAt: number;
  /** Admin views only: who granted or adjusted. */
  actorEmail?: string;
};

/** Every ledger type, in the order the filter lists them. */
export const LEDGER_TYPES: LedgerType[] = [
  "generation",
  "refund",
  "grant",
  "purchase",
  "unlock",
  "adjustment",
];

/** The human label of a ledger type. */
export function ledgerTypeLabel(type: LedgerType): string {
  return TYPES[type]?.label ?? type;
}

const TYPES: Record<LedgerType, { label: string; tone: BadgeTone }> = {
  grant: { label: "Grant", tone: "green" },
  purchase: { label: "Purchase", tone: "green" },
  generation: { label: "Video", tone: "indigo" },
  refund: { label: "Refund", tone: "blue" },
  adjustment: { label: "Adjustment", tone: "amber" },
  unlock: { label: "Unlock", tone: "indigo" },
};

/** Where a purchase's receipt is shown, from its Checkout Session id. */
export type PurchaseHref = (sessionId: string) => string;

function Details({
  entry,
  purchaseHref,
}: {
  entry: LedgerEntry;
  purchaseHref?: PurchaseHref;
}) {
  const receipt =
    entry.type === "purchase" && entry.reference && purchaseHref
      ? purchaseHref(entry.reference)
      : undefined;
  return (
    <>
      {entry.reason ? (
        <span className="text-slate-800">{entry.reason}</span>
      ) : null}
      {entry.videoId ? (
        <>
          {entry.reason ? " · " : null}
          <Link
            to={`/videos/${entry.videoId}`}
            className="font-medium text-indigo-700 underline-offset-2 hover:underline"
          >
            {entry.type === "refund" ? "Refunded video" : "View video"}
          </Link>
        </>
      ) : null}
      {receipt ? (
        <>
          {entry.reason || entry.videoId ? " · " : null}
          <Link
            to={receipt}
            className="font-medium text-indigo-700 underline-offset-2 hover:underline"
          >
            View receipt
          </Link>
        </>
      ) : null}
      {entry.actorEmail ? (
        <span className="text-slate-600"> · by {entry.actorEmail}</span>
      ) : null}
      {!entry.reason && !entry.videoId && !receipt ? (
        <span className="text-slate-500">—</span>
      ) : null}
    </>
  );
}

export function LedgerTable({
  entries,
  purchaseHref,
}: {
  entries: LedgerEntry[];
  /** Links purchase entries to their receipt (the caller's own ledger). */
  purchaseHref?: PurchaseHref;
}) {
  return (
    <div className="relative overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200">
        <caption className="sr-only">Credit history, newest first</caption>
        <thead className="bg-slate-50">
          <tr>
            <th
              scope="col"
              className="px-3 py-3 text-left text-sm font-semibold text-slate-900"
            >
              Date
            </th>
            <th
              scope="col"
              className="px-3 py-3 text-left text-sm font-semibold text-slate-900"
            >
              Type
            </th>
            <th
              scope="col"
              className="px-3 py-3 text-right text-sm font-semibold text-slate-900"
            >
              Amount
            </th>
            <th
              scope="col"
              className="hidden px-3 py-3 text-right text-sm font-semibold text-slate-900 sm:table-cell"
            >
              Balance after
            </th>
            <th
              scope="col"
              className="hidden px-3 py-3 text-left text-sm font-semibold text-slate-900 md:table-cell"
            >
              Details
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((entry) => (
            <tr key={entry._id} className="align-top">
              <td className="px-3 py-3 text-sm text-slate-700">
                <DateTime value={entry.createdAt} precise />
                {/* Narrow screens: the hidden columns' content moves under the date. */}
                <div className="mt-1 text-xs md:hidden">
                  <Details entry={entry} purchaseHref={purchaseHref} />
                </div>
                <div className="mt-1 text-xs text-slate-600 sm:hidden">
                  Balance after: {formatCredits(entry.balanceAfter)}
                </div>
              </td>
              <td className="px-3 py-3 text-sm">
                <Badge tone={TYPES[entry.type].tone}>
                  {TYPES[entry.type].label}
                </Badge>
              </td>
              <td
                className={cx(
                  "whitespace-nowrap px-3 py-3 text-right text-sm font-semibold tabular-nums",
                  entry.amount < 0 ? "text-red-700" : "text-emerald-700",
                )}
              >
                {formatSignedCredits(entry.amount)}
                <span className="sr-only"> credits</span>
              </td>
              <td className="hidden whitespace-nowrap px-3 py-3 text-right text-sm tabular-nums text-slate-900 sm:table-cell">
                {formatCredits(entry.balanceAfter)}
              </td>
              <td className="hidden px-3 py-3 text-sm md:table-cell">
                <Details entry={entry} purchaseHref={purchaseHref} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
