/**
 * The credit packages on sale (`credits.listCreditPackages`), each with its
 * price per credit and a Buy button that posts `intent=buy` to the credits
 * route, which starts Stripe Checkout and redirects there.
 */
import { Form, useNavigation } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { formatCentsPerCredit, formatCredits, formatMoney } from "~/utils/misc";
import { EmptyState } from "~/components/ui/empty-state";

export type CreditPackage = {
  packageId: string;
  name: string;
  credits: number;
  bonusCredits: number;
  priceCents: number;
  currency: string;
  badge?: string;
  centsPerCredit: number;
};

export function PackageGrid({ packages }: { packages: CreditPackage[] }) {
  const navigation = useNavigation();
  const buying =
    navigation.state !== "idle" && navigation.formData?.get("intent") === "buy"
      ? navigation.formData.get("packageId")
      : null;
  if (packages.length === 0) {
    return (
      <EmptyState>
        No credit packages are on sale right now. An admin can still grant you
        credits.
      </EmptyState>
    );
  }
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {packages.map((pkg) => (
        <li
          key={pkg.packageId}
          className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <div className="flex items-start justify-between gap-2">
            <h3 className="font-semibold text-slate-900">{pkg.name}</h3>
            {pkg.badge ? <Badge tone="green">{pkg.badge}</Badge> : null}
          </div>
          <p className="mt-2 text-3xl font-bold tabular-nums text-slate-900">
            {formatMoney(pkg.priceCents, pkg.currency)}
          </p>
          <p className="mt-1 text-sm text-slate-700">
            {formatCredits(pkg.credits)}
            {pkg.bonusCredits > 0 ? (
              <span className="font-semibold text-emerald-700">
                {" "}
                + {formatCredits(pkg.bonusCredits)} bonus
              </span>
            ) : null}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {formatCentsPerCredit(pkg.centsPerCredit)} per credit
          </p>
          <Form method="post" className="mt-4">
            <input type="hidden" name="packageId" value={pkg.packageId} />
            <Button
              type="submit"
              name="intent"
              value="buy"
              className="w-full"
              disabled={buying !== null}
              aria-label={`Buy ${pkg.name} for ${formatMoney(pkg.priceCents, pkg.currency)}`}
            >
              {buying === pkg.packageId ? "Opening checkout…" : "Buy"}
            </Button>
          </Form>
        </li>
      ))}
    </ul>
  );
}
