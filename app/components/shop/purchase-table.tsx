/**
 * Purchases, one row per checkout: the caller's receipts on /credits
 * (`credits.getMyPurchases`) and every purchase on /admin/purchases
 * (`purchases.listPurchases`), which adds the buyer, the Stripe session and
 * the flags. One table, so a status reads and a refund shows the same in both.
 */
import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { DateTime } from "~/components/ui/date-time";
import { formatCredits, formatMoney } from "~/utils/misc";

export type Purchase = {
  _id: string;
  sessionId?: string;
  packageName: string;
  credits: number;
  bonusCredits: number;
  priceCents: number;
  currency: string;
  status: "pending" | "paid" | "failed" | "expired" | "refunded";
  refundedCents: number;
  createdAt: number;
};

const STATUS: Record<Purchase["status"], { label: string; tone: BadgeTone }> = {
  pending: { label: "Pending", tone: "amber" },
  paid: { label: "Paid", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  expired: { label: "Expired", tone: "gray" },
  refunded: { label: "Refunded", tone: "blue" },
};

const th = "px-4 py-2 font-semibold";
const td = "px-4 py-2";

export function PurchaseTable<P extends Purchase>({
  purchases,
  caption = "Your purchases, newest first",
  buyer,
  packageDetail,
  flags,
  highlight,
}: {
  purchases: P[];
  caption?: string;
  /** A Buyer column after the date (admins). */
  buyer?: (purchase: P) => ReactNode;
  /** A line under the package's name (admins: the Stripe session). */
  packageDetail?: (purchase: P) => ReactNode;
  /** A Flags column at the end (admins: disputes, credits not taken back). */
  flags?: (purchase: P) => ReactNode;
  /** Rows to tint (admins: flagged purchases). */
  highlight?: (purchase: P) => boolean;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr>
            <th scope="col" className={th}>
              Date
            </th>
            {buyer ? (
              <th scope="col" className={th}>
                Buyer
              </th>
            ) : null}
            <th scope="col" className={th}>
              Package
            </th>
            <th scope="col" className={`${th} text-right`}>
              Paid
            </th>
            <th scope="col" className={`${th} text-right`}>
              Credits
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            {flags ? (
              <th scope="col" className={th}>
                Flags
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {purchases.map((p) => (
            <tr
              key={p._id}
              className={highlight?.(p) ? "bg-amber-50/60" : undefined}
            >
              <td className={`${td} whitespace-nowrap text-slate-700`}>
                <DateTime value={p.createdAt} />
              </td>
              {buyer ? <td className={td}>{buyer(p)}</td> : null}
              <td className={`${td} text-slate-900`}>
                {p.packageName}
                {packageDetail?.(p)}
              </td>
              <td className={`${td} text-right tabular-nums text-slate-900`}>
                {formatMoney(p.priceCents, p.currency)}
                {p.refundedCents > 0 ? (
                  <span className="block text-xs text-slate-600">
                    {formatMoney(p.refundedCents, p.currency)} refunded
                  </span>
                ) : null}
              </td>
              <td className={`${td} text-right tabular-nums text-slate-900`}>
                {formatCredits(p.credits + p.bonusCredits)}
              </td>
              <td className={td}>
                <Badge tone={STATUS[p.status].tone}>
                  {STATUS[p.status].label}
                </Badge>
              </td>
              {flags ? (
                <td className={`${td} text-slate-800`}>{flags(p)}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
