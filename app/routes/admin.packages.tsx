/**
 * `/admin/packages`: the credit packages sold on the credits page
 * (`credits.listAllCreditPackages`, live), a form to add one and one to
 * edit each (`createCreditPackage`, `updateCreditPackage`), with each
 * package's audit trail. Deactivating hides a package from the shop;
 * checkouts already started keep their price.
 */
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Card } from "~/components/admin/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Badge } from "~/components/ui/badge";
import { DateTime } from "~/components/ui/date-time";
import { PackageForm } from "~/components/shop/package-form";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { handlePackageAction } from "~/utils/admin-shop.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLiveQuery } from "~/utils/live";
import { formatCentsPerCredit, formatCredits, formatMoney } from "~/utils/misc";
import { EmptyState } from "~/components/ui/empty-state";

export const meta: MetaFunction = () => [
  { title: `Credit packages · Admin · ${PRODUCT_NAME}` },
];

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  return {
    packages: await loaderQuery(
      admin.token,
      api.credits.listAllCreditPackages,
      {},
    ),
  };
}

export async function action(args: ActionFunctionArgs) {
  return handlePackageAction(args);
}

type Pkg = Awaited<ReturnType<typeof loader>>["packages"][number];

/** A package's audit entries, folded. */
function PackageHistory({ audit }: { audit: Pkg["audit"] }) {
  if (audit.length === 0) return null;
  return (
    <details className="mt-4 text-sm">
      <summary className="cursor-pointer font-medium text-slate-800">
        History ({audit.length})
      </summary>
      <ul className="mt-2 space-y-1 break-words text-slate-700">
        {audit.map((entry) => (
          <li key={entry._id}>
            <DateTime value={entry.createdAt} /> · {entry.actor} ·{" "}
            {entry.action}:{" "}
            {entry.changes
              .map(
                (c) =>
                  `${c.field} ${JSON.stringify(c.oldValue)} → ${JSON.stringify(c.newValue)}`,
              )
              .join(", ")}
          </li>
        ))}
      </ul>
    </details>
  );
}

export default function AdminPackagesPage() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const packages = useLiveQuery(
    api.credits.listAllCreditPackages,
    {},
    loaderData.packages,
    {
      requiresAuth: true,
    },
  ) as Pkg[];
  return (
    <>
      <PageHeader
        title="Credit packages"
        description="What creators can buy on the credits page, through Stripe Checkout. Every change is recorded."
      />
      <Card title="Add a package" id="new-package" className="mb-8">
        <PackageForm result={result} />
      </Card>
      {packages.length === 0 ? (
        <EmptyState>No packages yet: creators cannot buy credits.</EmptyState>
      ) : (
        <ul className="space-y-6">
          {packages.map((pkg) => (
            <li key={pkg.packageId}>
              <Card title={pkg.name} id={`pkg-${pkg.packageId}`}>
                <p className="mb-3 flex flex-wrap items-center gap-2 text-sm text-slate-700">
                  <Badge tone={pkg.isActive ? "green" : "gray"}>
                    {pkg.isActive ? "On sale" : "Hidden"}
                  </Badge>
                  {pkg.badge ? <Badge tone="violet">{pkg.badge}</Badge> : null}
                  <span>
                    {formatMoney(pkg.priceCents, pkg.currency)} for{" "}
                    {formatCredits(pkg.credits + pkg.bonusCredits)} ·{" "}
                    {formatCentsPerCredit(pkg.centsPerCredit)} per credit
                  </span>
                  <code className="text-xs text-slate-500">
                    {pkg.packageId}
                  </code>
                </p>
                <PackageForm pkg={pkg} result={result} />
                <PackageHistory audit={pkg.audit} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
