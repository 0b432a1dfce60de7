/** The caller's receipts (`credits.getMyPurchases`): one row per checkout. */
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { DateTime } from "~/components/ui/date-time";
import { formatCredits, formatMoney } from "~/utils/misc";

export type Purchase = {
  _id: string;
  sessionId: string;
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

export function PurchaseTable({ purchases }: { purchases: Purchase[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Your purchases, newest first</caption>
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-4 py-2 font-semibold">
              Date
            </th>
            <th scope="col" className="px-4 py-2 font-semibold">
              Package
            </th>
            <th scope="col" className="px-4 py-2 text-right font-semibold">
              Paid
            </th>
            <th scope="col" className="px-4 py-2 text-right font-semibold">
              Credits
            </th>
            <th scope="col" className="px-4 py-2 font-semibold">
              Status
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {purchases.map((p) => (
            <tr key={p._id}>
              <td className="whitespace-nowrap px-4 py-2 text-slate-700">
                <DateTime value={p.createdAt} />
              </td>
              <td className="px-4 py-2 text-slate-900">{p.packageName}</td>
              <td className="px-4 py-2 text-right tabular-nums text-slate-900">
                {formatMoney(p.priceCents, p.currency)}
                {p.refundedCents > 0 ? (
                  <span className="block text-xs text-slate-600">
                    {formatMoney(p.refundedCents, p.currency)} refunded
                  </span>
                ) : null}
              </td>
              <td className="px-4 py-2 text-right tabular-nums text-slate-900">
                {formatCredits(p.credits + p.bonusCredits)}
              </td>
              <td className="px-4 py-2">
                <Badge tone={STATUS[p.status].tone}>
                  {STATUS[p.status].label}
                </Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
