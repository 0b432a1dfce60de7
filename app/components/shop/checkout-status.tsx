/**
 * What the credits page says after Stripe Checkout returns: "Payment
 * received — adding your credits…" while the purchase is pending (the
 * webhook has not landed yet), then the credits added and the new balance,
 * live (`credits.getMyPurchase`). Returning from Checkout proves nothing by
 * itself, so the balance only changes when the webhook grants it.
 */
import { Alert } from "~/components/ui/alert";
import { api } from "~/utils/api";
import { useLiveQuery } from "~/utils/live";
import { formatCredits } from "~/utils/misc";
import type { Purchase } from "./purchase-table";

export function CheckoutStatus({
  sessionId,
  initial,
  balance,
}: {
  sessionId: string;
  initial: Purchase | null;
  balance: number;
}) {
  const purchase = useLiveQuery(
    api.credits.getMyPurchase,
    { sessionId },
    initial,
    { requiresAuth: true },
  ) as Purchase | null;
  if (purchase === null) {
    return (
      <Alert
        tone="warning"
        title="We can't find this checkout."
        className="mb-6"
      >
        If you paid, your credits will appear once the payment is confirmed.
      </Alert>
    );
  }
  const credits = purchase.credits + purchase.bonusCredits;
  if (purchase.status === "paid" || purchase.status === "refunded") {
    return (
      <Alert tone="success" title="Payment received." className="mb-6">
        {formatCredits(credits)} added. Your balance is now{" "}
        <strong>{formatCredits(balance)}</strong>.
      </Alert>
    );
  }
  if (purchase.status === "pending") {
    return (
      <Alert
        tone="info"
        title="Payment received — adding your credits…"
        className="mb-6"
      >
        This takes a few seconds; the page updates by itself.
      </Alert>
    );
  }
  return (
    <Alert
      tone="warning"
      title="The payment did not go through."
      className="mb-6"
    >
      Nothing was charged and no credits were added.
    </Alert>
  );
}
