/**
 * `/credits`: the live balance, the credit packages on sale with a Buy
 * button (Stripe Checkout via `credits.startCheckout`), the state of a
 * checkout that just returned (`?checkout=success&session_id=…`: "Payment
 * received — adding your credits…" until the webhook marks it paid, then
 * the new balance, live), the receipts (`credits.getMyPurchases`) and the
 * ledger (`credits.getMyTransactions`, paginated, newest first, filtered by
 * `?type=`) with exact times, links to the video or purchase behind each
 * entry and a CSV export (`/credits/export.csv`).
 */
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useSubmit,
} from "@remix-run/react";
import { CheckoutStatus } from "~/components/shop/checkout-status";
import {
  PackageGrid,
  type CreditPackage,
} from "~/components/shop/package-grid";
import { PurchaseTable, type Purchase } from "~/components/shop/purchase-table";
import { Alert } from "~/components/ui/alert";
import { convexClient } from "~/utils/convex.server";
import { describeError, type ErrorInfo } from "~/utils/errors";
import { signInUrlFor } from "~/utils/redirect";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LoadMore, OlderPageNotice } from "~/components/load-more";
import {
  LEDGER_TYPES,
  LedgerTable,
  ledgerTypeLabel,
  type LedgerEntry,
} from "~/components/ledger-table";
import { Button } from "~/components/ui/button";
import { useHydrated } from "~/utils/use-hydrated";
import { UsageSummary } from "~/components/usage-summary";
import { PRODUCT_NAME } from "~/components/logo";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { api, type LedgerType } from "~/utils/api";
import { monthOf } from "~/utils/rules";
import { requireUser } from "~/utils/auth.server";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";
import { formatCredits, formatUsd } from "~/utils/misc";
import { formatDateInZone } from "~/utils/zoned-time";
import { EmptyState } from "~/components/ui/empty-state";
import { FilterSelect } from "~/components/ui/filter-select";

/** Ledger entries per page. */
const PAGE_SIZE = 20;

export const meta: MetaFunction = () => [
  { title: `Credits · ${PRODUCT_NAME}` },
];

/** Receipts shown (the newest). */
const PURCHASES_SHOWN = 10;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const params = new URL(args.request.url).searchParams;
  const cursor = params.get("cursor");
  const checkout = params.get("checkout");
  const sessionId = params.get("session_id");
  // `?purchase=<sessionId>`: the receipt a ledger entry links to.
  const receiptId = params.get("purchase");
  const typeParam = params.get("type");
  const type = LEDGER_TYPES.includes(typeParam as LedgerType)
    ? (typeParam as LedgerType)
    : null;
  // The plan query takes the month: queries do not read the clock.
  const month = monthOf(Date.now());
  const [
    { balance },
    page,
    usage,
    packages,
    purchases,
    returned,
    plan,
    receipt,
  ] = await Promise.all([
    loaderQuery(user.token, api.credits.getMyBalance, {}),
    loaderQuery(user.token, api.credits.getMyTransactions, {
      paginationOpts: { numItems: PAGE_SIZE, cursor },
      ...(type ? { type } : {}),
    }),
    loaderQuery(user.token, api.credits.getMyUsage, {}),
    loaderQuery(user.token, api.credits.listCreditPackages, {}),
    loaderQuery(user.token, api.credits.getMyPurchases, {
      paginationOpts: { numItems: PURCHASES_SHOWN, cursor: null },
    }),
    sessionId
      ? loaderQuery(user.token, api.credits.getMyPurchase, { sessionId })
      : Promise.resolve(null),
    loaderQuery(user.token, api.plans.getMyPlan, { month }),
    receiptId
      ? loaderQuery(user.token, api.credits.getMyPurchase, {
          sessionId: receiptId,
        })
      : Promise.resolve(null),
  ]);
  return {
    balance,
    usage,
    plan,
    month,
    cursor,
    type,
    receipt: receiptId ? { sessionId: receiptId, purchase: receipt } : null,
    packages,
    purchases: purchases.page,
    checkout: checkout === "canceled" ? ("canceled" as const) : null,
    sessionId,
    returned,
    page: {
      page: page.page,
      isDone: page.isDone,
      continueCursor: page.continueCursor,
    },
  };
}

/**
 * `intent=buy`, `packageId`: starts Stripe Checkout and redirects to it.
 * PAYMENT_FAILED (Stripe down) and a package gone meanwhile come back as a
 * message on this page; nothing is charged then.
 */
export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const formData = await args.request.formData();
  const packageId = formData.get("packageId");
  if (formData.get("intent") !== "buy" || typeof packageId !== "string") {
    const error: ErrorInfo = { message: "Unknown action." };
    return data({ error }, { status: 400 });
  }
  try {
    const { url } = await convexClient(user.token).action(
      api.credits.startCheckout,
      { packageId },
    );
    return redirect(url);
  } catch (error) {
    const info = describeError(error);
    if (info.code === "UNAUTHENTICATED")
      throw redirect(signInUrlFor(args.request));
    if (!info.code) console.error("startCheckout failed:", error);
    const status = info.code === "PAYMENT_FAILED" ? 502 : info.code ? 409 : 500;
    return data({ error: info }, { status });
  }
}

/** A purchase entry's receipt: this page with `?purchase=`, scrolled to it. */
function receiptHref(sessionId: string): string {
  return `/credits?${new URLSearchParams({ purchase: sessionId })}#receipt`;
}

export default function CreditsPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const packages: CreditPackage[] = useLiveQuery(
    api.credits.listCreditPackages,
    {},
    loaderData.packages,
  );
  const purchases = useLiveQuery(
    api.credits.getMyPurchases,
    { paginationOpts: { numItems: PURCHASES_SHOWN, cursor: null } },
    { page: loaderData.purchases, isDone: true, continueCursor: "" },
    { requiresAuth: true },
  ).page as Purchase[];
  const { balance } = useLiveQuery(
    api.credits.getMyBalance,
    {},
    { balance: loaderData.balance },
    { requiresAuth: true },
  );
  const usage = useLiveQuery(api.credits.getMyUsage, {}, loaderData.usage, {
    requiresAuth: true,
  });
  const myPlan = useLiveQuery(
    api.plans.getMyPlan,
    { month: loaderData.month },
    loaderData.plan,
    {
      requiresAuth: true,
    },
  );
  const paged = loaderData.cursor !== null;
  const type = loaderData.type;
  const submit = useSubmit();
  const hydrated = useHydrated();
  const live = useLivePaginatedQuery(
    api.credits.getMyTransactions,
    type ? { type } : {},
    loaderData.page,
    PAGE_SIZE,
    { snapshot: paged },
  );
  const entries: LedgerEntry[] = live.results;

  return (
    <>
      <PageHeader
        title="Credits"
        description="Every video is paid for in credits. 1 credit = US$0.01."
      />
      {loaderData.sessionId ? (
        <CheckoutStatus
          sessionId={loaderData.sessionId}
          initial={loaderData.returned}
          balance={balance}
        />
      ) : null}
      {loaderData.checkout === "canceled" ? (
        <Alert tone="info" title="Checkout canceled." className="mb-6">
          Nothing was charged.
        </Alert>
      ) : null}
      {actionData?.error ? (
        <Alert tone="error" title={actionData.error.message} className="mb-6">
          {(actionData.error as ErrorInfo).detail}
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-3">
        <section
          aria-labelledby="balance-heading"
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2
            id="balance-heading"
            className="text-sm font-medium text-slate-600"
          >
            Your balance
          </h2>
          <p
            className="mt-2 text-3xl font-bold tabular-nums text-slate-900"
            aria-live="polite"
          >
            {formatCredits(balance)}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            worth {formatUsd(balance)}
          </p>
          {myPlan.plan ? (
            <p className="mt-2 text-sm text-slate-700" data-testid="my-plan">
              Plan: <strong>{myPlan.plan.name}</strong>
              {myPlan.plan.monthlyCredits > 0 ? (
                <>
                  {" "}
                  · {formatCredits(myPlan.plan.monthlyCredits)} every month
                  {myPlan.nextGrantAt !== null && myPlan.grantedThisMonth
                    ? ` · next grant on ${formatDateInZone(myPlan.nextGrantAt)}`
                    : " · this month's grant is on its way"}
                </>
              ) : null}
            </p>
          ) : null}
          <Link to="/create" className={buttonClasses("primary", "md", "mt-4")}>
            Create a video
          </Link>
        </section>
        <section
          aria-labelledby="more-heading"
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm md:col-span-2"
        >
          <h2 id="more-heading" className="font-semibold text-slate-900">
            Need more credits?
          </h2>
          <p className="mt-2 text-sm text-slate-700">
            Buy a package below: you pay on Stripe&apos;s secure page and the
            credits appear here as soon as the payment is confirmed. Admins can
            also grant credits to any account.
          </p>
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>
              A video is charged when it starts, at the price shown on the
              Generate button.
            </li>
            <li>
              A video that fails or is canceled is refunded in full,
              automatically.
            </li>
            <li>Later price changes never change what a video already cost.</li>
          </ul>
        </section>
      </div>

      <section
        id="packages"
        aria-labelledby="packages-heading"
        className="mt-10 scroll-mt-8"
      >
        <h2
          id="packages-heading"
          className="mb-4 text-xl font-bold text-slate-900"
        >
          Buy credits
        </h2>
        <PackageGrid packages={packages} />
      </section>

      {purchases.length > 0 ? (
        <section aria-labelledby="purchases-heading" className="mt-10">
          <h2
            id="purchases-heading"
            className="mb-4 text-xl font-bold text-slate-900"
          >
            Purchases
          </h2>
          <PurchaseTable purchases={purchases} />
        </section>
      ) : null}

      {loaderData.receipt ? (
        <section
          id="receipt"
          aria-labelledby="receipt-heading"
          className="mt-10 scroll-mt-8"
        >
          <h2
            id="receipt-heading"
            className="mb-4 text-xl font-bold text-slate-900"
          >
            Receipt
          </h2>
          {loaderData.receipt.purchase ? (
            <PurchaseTable
              purchases={[loaderData.receipt.purchase as Purchase]}
            />
          ) : (
            <EmptyState>We can&apos;t find this purchase.</EmptyState>
          )}
        </section>
      ) : null}

      <section aria-labelledby="usage-heading" className="mt-10">
        <h2
          id="usage-heading"
          className="mb-4 text-xl font-bold text-slate-900"
        >
          Your usage
        </h2>
        <UsageSummary usage={usage} />
      </section>

      <section aria-labelledby="history-heading" className="mt-10">
        <h2
          id="history-heading"
          className="mb-4 text-xl font-bold text-slate-900"
        >
          History
        </h2>
        <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
          <Form
            method="get"
            replace
            preventScrollReset
            onChange={(event) =>
              submit(event.currentTarget, {
                replace: true,
                preventScrollReset: true,
              })
            }
            className="flex items-end gap-3"
          >
            <FilterSelect
              className="w-48"
              id="history-type"
              name="type"
              label="Type"
              defaultValue={type ?? ""}
            >
              <option value="">All types</option>
              {LEDGER_TYPES.map((t) => (
                <option key={t} value={t}>
                  {ledgerTypeLabel(t)}
                </option>
              ))}
            </FilterSelect>
            {hydrated ? null : (
              <Button type="submit" variant="secondary">
                Show
              </Button>
            )}
          </Form>
          <a
            href={`/credits/export.csv${type ? `?type=${type}` : ""}`}
            download
            className="text-sm font-semibold text-indigo-700 underline-offset-2 hover:underline"
          >
            Download CSV{type ? ` (${ledgerTypeLabel(type)} only)` : ""}
          </a>
        </div>
        {paged ? (
          <OlderPageNotice newestHref="/credits">
            Showing older entries.
          </OlderPageNotice>
        ) : null}
        {entries.length === 0 ? (
          <EmptyState>
            {type ? "No entries of this type." : "No credit activity yet."}
          </EmptyState>
        ) : (
          <LedgerTable entries={entries} purchaseHref={receiptHref} />
        )}
        <LoadMore live={live} continueCursor={loaderData.page.continueCursor} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
