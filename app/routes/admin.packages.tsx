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
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { Card } from "~/components/admin/card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { inputClasses } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import {
  handlePackageAction,
  type ShopActionResult,
} from "~/utils/admin-shop.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLiveQuery } from "~/utils/live";
import { formatCentsPerCredit, formatCredits, formatMoney } from "~/utils/misc";

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

function Input({
  form,
  name,
  label,
  defaultValue,
  error,
  ...rest
}: {
  form: string;
  name: string;
  label: string;
  defaultValue?: string | number;
  error?: boolean;
} & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = `${form}-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <input
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error || undefined}
        className={`mt-1 ${inputClasses(error)}`}
        {...rest}
      />
    </div>
  );
}

function PackageForm({
  pkg,
  result,
}: {
  pkg?: Pkg;
  result?: ShopActionResult;
}) {
  const key = pkg?.packageId ?? "new";
  const navigation = useNavigation();
  const busy =
    navigation.state !== "idle" &&
    (navigation.formData?.get("packageId") ?? "new") ===
      (pkg?.packageId ?? "new");
  const mine = result?.key === key ? result : undefined;
  const field = mine?.error?.field;
  return (
    <Form
      method="post"
      className="space-y-3"
      aria-label={pkg ? `Edit ${pkg.name}` : "New package"}
    >
      {pkg ? (
        <input type="hidden" name="packageId" value={pkg.packageId} />
      ) : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Input
          form={key}
          name="name"
          label="Name"
          defaultValue={pkg?.name}
          required
          error={field === "name"}
        />
        <Input
          form={key}
          name="credits"
          label="Credits"
          inputMode="numeric"
          defaultValue={pkg?.credits}
          required
          error={field === "credits"}
        />
        <Input
          form={key}
          name="bonusCredits"
          label="Bonus credits"
          inputMode="numeric"
          defaultValue={pkg?.bonusCredits ?? 0}
          error={field === "bonusCredits"}
        />
        <Input
          form={key}
          name="price"
          label="Price (US$)"
          inputMode="decimal"
          defaultValue={pkg ? (pkg.priceCents / 100).toFixed(2) : ""}
          required
          error={field === "price" || field === "priceCents"}
        />
        <Input
          form={key}
          name="sortOrder"
          label="Order"
          inputMode="numeric"
          defaultValue={pkg?.sortOrder ?? 0}
          error={field === "sortOrder"}
        />
        <Input
          form={key}
          name="badge"
          label="Badge (optional)"
          defaultValue={pkg?.badge ?? ""}
          placeholder="Best value"
          error={field === "badge"}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-2 text-sm text-slate-900">
          <input
            type="checkbox"
            name="isActive"
            defaultChecked={pkg?.isActive ?? true}
            className="h-4 w-4 rounded border-slate-300"
          />
          On sale
        </label>
        <Button
          type="submit"
          name="intent"
          value={pkg ? "update-package" : "create-package"}
          disabled={busy}
        >
          {busy ? "Saving…" : pkg ? "Save changes" : "Add package"}
        </Button>
      </div>
      {mine?.error ? (
        <Alert tone="error" title={mine.error.message}>
          {mine.error.detail}
        </Alert>
      ) : mine?.ok ? (
        <Alert tone="success">Saved.</Alert>
      ) : null}
    </Form>
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
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No packages yet: creators cannot buy credits.
        </p>
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
                {pkg.audit.length > 0 ? (
                  <details className="mt-4 text-sm">
                    <summary className="cursor-pointer font-medium text-slate-800">
                      History ({pkg.audit.length})
                    </summary>
                    <ul className="mt-2 space-y-1 text-slate-700">
                      {pkg.audit.map((entry) => (
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
                ) : null}
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
