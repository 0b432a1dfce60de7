/**
 * `/admin/revenue`: money for admins (`revenue.getRevenue`, live) over 7,
 * 30 or 90 days or a custom range: paid, refunded and net in US dollars,
 * by day and by package; credits sold against credits spent; per model the
 * credits charged, Replicate's cost (the model's provider price per second
 * × seconds generated) and the margin. CSV exports of the purchases and of
 * the ledger for the same range.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Card } from "~/components/admin/card";
import { DataTable, numberColumn } from "~/components/admin/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { inputClasses } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLiveQuery } from "~/utils/live";
import { cx, formatCredits, formatMoney } from "~/utils/misc";
import { revenueRange } from "~/utils/revenue-range";

export const meta: MetaFunction = () => [
  { title: `Revenue · Admin · ${PRODUCT_NAME}` },
];

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  const range = revenueRange(
    new URL(args.request.url).searchParams,
    Date.now(),
  );
  const report = await loaderQuery(admin.token, api.revenue.getRevenue, {
    fromMs: range.fromMs,
    toMs: range.toMs,
  });
  return { range, report };
}

type Report = ReturnType<typeof useLoaderData<typeof loader>>["report"];
type DayRow = Report["byDay"][number];
type PackageRow = Report["byPackage"][number];
type ModelRow = Report["perModel"][number];

const usd = (dollars: number | null) =>
  dollars === null ? "—" : formatMoney(Math.round(dollars * 100));

function Stat({
  label,
  value,
  hint,
}: {
  label: string;
  value: string;
  hint?: string;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-bold tabular-nums text-slate-900">
        {value}
      </dd>
      {hint ? <dd className="mt-0.5 text-xs text-slate-600">{hint}</dd> : null}
    </div>
  );
}

export default function AdminRevenuePage() {
  const { range, report: initial } = useLoaderData<typeof loader>();
  const report = useLiveQuery(
    api.revenue.getRevenue,
    { fromMs: range.fromMs, toMs: range.toMs },
    initial,
    { requiresAuth: true },
  ) as typeof initial;
  const { totals } = report;
  const maxDay = Math.max(1, ...report.byDay.map((d) => d.paidCents));
  const query = range.days
    ? `days=${range.days}`
    : `from=${range.from}&to=${range.to}`;
  return (
    <>
      <PageHeader
        title="Revenue"
        description={`${range.from} to ${range.to} (UTC). Money counts when Stripe confirmed the payment; credits when they moved.`}
      />
      <nav
        aria-label="Date range"
        className="mb-6 flex flex-wrap items-end gap-2"
      >
        {[7, 30, 90].map((days) => (
          <Link
            key={days}
            to={`?days=${days}`}
            aria-current={range.days === days ? "page" : undefined}
            className={buttonClasses(
              range.days === days ? "primary" : "secondary",
              "sm",
            )}
          >
            {days} days
          </Link>
        ))}
        <Form method="get" className="flex flex-wrap items-end gap-2">
          <label className="text-sm text-slate-900">
            From
            <input
              type="date"
              name="from"
              defaultValue={range.from}
              className={cx("mt-1", inputClasses())}
            />
          </label>
          <label className="text-sm text-slate-900">
            To
            <input
              type="date"
              name="to"
              defaultValue={range.to}
              className={cx("mt-1", inputClasses())}
            />
          </label>
          <Button type="submit" variant="secondary" size="sm">
            Apply
          </Button>
        </Form>
        <span className="ml-auto flex gap-2">
          {(
            [
              ["Purchases CSV", "purchases"],
              ["Ledger CSV", "ledger"],
            ] as const
          ).map(([label, file]) => (
            <a
              key={file}
              href={`/admin/revenue/${file}.csv?${query}`}
              className={buttonClasses("ghost", "sm")}
              download
            >
              {label}
            </a>
          ))}
        </span>
      </nav>
      {report.truncated ? (
        <Alert tone="warning" className="mb-6">
          This range holds more than 10,000 rows of one kind; the figures cover
          the first 10,000. Pick a shorter range.
        </Alert>
      ) : null}
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="Paid"
          value={formatMoney(totals.paidCents)}
          hint={`${totals.purchases} purchases`}
        />
        <Stat
          label="Refunded"
          value={formatMoney(totals.refundedCents)}
          hint={`net ${formatMoney(totals.netCents)}`}
        />
        <Stat
          label="Credits sold"
          value={formatCredits(totals.creditsSold)}
          hint={
            totals.creditsUnrecoverable > 0
              ? `${formatCredits(totals.creditsUnrecoverable)} refunded but not recoverable`
              : `${formatCredits(totals.creditsClawedBack)} taken back after refunds`
          }
        />
        <Stat
          label="Credits spent"
          value={formatCredits(totals.creditsSpent)}
          hint={`${formatCredits(totals.creditsCharged)} charged, ${formatCredits(totals.creditsRefunded)} refunded`}
        />
      </dl>

      <div className="mt-8 grid gap-6 lg:grid-cols-2">
        <Card title="Paid by day" id="by-day">
          <DataTable
            caption="US dollars paid per day"
            rows={report.byDay}
            rowKey={(d) => d.day}
            empty="No payments in this range."
            columns={[
              {
                header: "Day",
                cell: (d) => d.day,
                className: "whitespace-nowrap text-slate-700",
              },
              {
                header: "Paid",
                className: "w-full",
                cell: (d) => (
                  <span className="flex items-center gap-2">
                    <span
                      aria-hidden
                      className="h-3 rounded bg-indigo-500"
                      style={{
                        width: `${Math.max(2, (d.paidCents / maxDay) * 100)}%`,
                      }}
                    />
                    <span className="tabular-nums">
                      {formatMoney(d.paidCents)}
                    </span>
                  </span>
                ),
              },
              numberColumn<DayRow>("Refunded", (d) =>
                formatMoney(d.refundedCents),
              ),
            ]}
          />
        </Card>
        <Card title="By package" id="by-package">
          <DataTable
            caption="Sales per package"
            rows={report.byPackage}
            rowKey={(p) => p.packageId}
            empty="No packages sold in this range."
            columns={[
              { header: "Package", cell: (p) => p.name },
              numberColumn<PackageRow>("Sold", (p) => p.purchases),
              numberColumn<PackageRow>("Paid", (p) => formatMoney(p.paidCents)),
              numberColumn<PackageRow>("Refunded", (p) =>
                formatMoney(p.refundedCents),
              ),
            ]}
          />
        </Card>
      </div>

      <Card
        title="Models: credits charged, Replicate's cost and margin"
        id="per-model"
        className="mt-6"
      >
        <p className="mb-3 text-sm text-slate-600">
          Videos created in the range. Cost = seconds generated by succeeded
          videos × the model&apos;s provider price per second (set it on the
          model&apos;s admin form).
        </p>
        <DataTable
          caption="Per model revenue, cost and margin"
          rows={report.perModel}
          rowKey={(m) => m.modelId}
          empty="No videos in this range."
          columns={[
            { header: "Model", cell: (m) => m.name },
            numberColumn<ModelRow>("Videos", (m) => m.videos),
            numberColumn<ModelRow>("Credits charged", (m) =>
              formatCredits(m.creditsCharged),
            ),
            numberColumn<ModelRow>("Refunded", (m) =>
              formatCredits(m.creditsRefunded),
            ),
            numberColumn<ModelRow>("Revenue", (m) => usd(m.revenueUsd)),
            numberColumn<ModelRow>("Replicate cost", (m) =>
              m.providerCostUsd === null ? (
                <span className="text-slate-500">no provider price</span>
              ) : (
                usd(m.providerCostUsd)
              ),
            ),
            numberColumn<ModelRow>("Margin", (m) => (
              <span
                className={cx(
                  "font-semibold",
                  m.marginUsd !== null && m.marginUsd < 0
                    ? "text-red-700"
                    : "text-slate-900",
                )}
              >
                {usd(m.marginUsd)}
              </span>
            )),
          ]}
        />
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
