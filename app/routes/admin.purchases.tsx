/**
 * `/admin/purchases`: every purchase, newest first (`purchases.listPurchases`,
 * live, paginated), searchable by the buyer's email (`?email=`, a prefix)
 * or narrowed to flagged ones (`?flagged=1`: disputed at Stripe, or credits
 * a refund could not take back), and the Stripe events about sessions this
 * deployment did not start (`purchases.listUnmatchedStripeEvents`).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LoadMore } from "~/components/load-more";
import { PRODUCT_NAME } from "~/components/logo";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { inputClasses } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { PurchaseTable } from "~/components/shop/purchase-table";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery } from "~/utils/live";
import { formatCredits, formatMoney } from "~/utils/misc";
import { EmptyState } from "~/components/ui/empty-state";

const PAGE_SIZE = 25;

export const meta: MetaFunction = () => [
  { title: `Purchases · Admin · ${PRODUCT_NAME}` },
];

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  const params = new URL(args.request.url).searchParams;
  const email = params.get("email")?.trim() ?? "";
  const flaggedOnly = params.get("flagged") === "1";
  const cursor = params.get("cursor");
  const [purchases, unmatched] = await Promise.all([
    loaderQuery(admin.token, api.purchases.listPurchases, {
      paginationOpts: { numItems: PAGE_SIZE, cursor },
      email: email || undefined,
      flaggedOnly,
    }),
    loaderQuery(admin.token, api.purchases.listUnmatchedStripeEvents, {
      paginationOpts: { numItems: 10, cursor: null },
    }),
  ]);
  return {
    email,
    flaggedOnly,
    cursor,
    purchases: {
      page: purchases.page,
      isDone: purchases.isDone,
      continueCursor: purchases.continueCursor,
    },
    unmatched: unmatched.page,
  };
}

/** Why an admin should look at a purchase: a Stripe dispute, credits a refund could not take back, a failure. */
function PurchaseFlags({
  purchase: p,
}: {
  purchase: {
    stripeDisputeId?: string;
    stripeDisputeReason?: string;
    unrecoverableCredits: number;
    clawedBackCredits: number;
    failureReason?: string;
  };
}) {
  return (
    <>
      {p.stripeDisputeId ? (
        <span className="block">
          <Badge tone="red">Disputed at Stripe</Badge>{" "}
          {p.stripeDisputeReason ?? ""}
        </span>
      ) : null}
      {p.unrecoverableCredits > 0 ? (
        <span className="block">
          <Badge tone="amber">Unrecoverable</Badge>{" "}
          {formatCredits(p.unrecoverableCredits)} not taken back (took back{" "}
          {formatCredits(p.clawedBackCredits)})
        </span>
      ) : p.clawedBackCredits > 0 ? (
        <span className="block text-slate-600">
          Took back {formatCredits(p.clawedBackCredits)}
        </span>
      ) : null}
      {p.failureReason ? (
        <span className="block text-slate-600">{p.failureReason}</span>
      ) : null}
    </>
  );
}

export default function AdminPurchasesPage() {
  const loaderData = useLoaderData<typeof loader>();
  const live = useLivePaginatedQuery(
    api.purchases.listPurchases,
    {
      email: loaderData.email || undefined,
      flaggedOnly: loaderData.flaggedOnly,
    },
    loaderData.purchases,
    PAGE_SIZE,
    { snapshot: loaderData.cursor !== null },
  );
  return (
    <>
      <PageHeader
        title="Purchases"
        description="Credit packages bought through Stripe Checkout. Credits are granted when Stripe's webhook confirms the payment."
      />
      <Form
        method="get"
        className="mb-6 flex flex-wrap items-end gap-3"
        role="search"
      >
        <div className="min-w-64 flex-1">
          <label
            htmlFor="purchase-email"
            className="block text-sm font-medium text-slate-900"
          >
            Buyer email
          </label>
          <input
            id="purchase-email"
            name="email"
            type="search"
            defaultValue={loaderData.email}
            placeholder="name@example.com"
            className={`mt-1 ${inputClasses()}`}
          />
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm text-slate-900">
          <input
            type="checkbox"
            name="flagged"
            value="1"
            defaultChecked={loaderData.flaggedOnly}
            className="h-4 w-4 rounded border-slate-300"
          />
          Flagged only
        </label>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </Form>
      {live.results.length === 0 ? (
        <EmptyState>
          No purchases{loaderData.email ? ` by ${loaderData.email}…` : ""}.
        </EmptyState>
      ) : (
        <PurchaseTable
          purchases={live.results}
          caption="Purchases, newest first"
          highlight={(p) => p.flagged}
          buyer={(p) =>
            p.userEmail ? (
              <Link
                to={`/admin/users/${encodeURIComponent(p.userEmail)}`}
                className="font-medium text-indigo-700 underline-offset-2 hover:underline"
              >
                {p.userEmail}
              </Link>
            ) : (
              "—"
            )
          }
          packageDetail={(p) =>
            p.sessionId ? (
              <code className="block text-xs text-slate-500">
                {p.sessionId.slice(0, 24)}…
              </code>
            ) : null
          }
          flags={(p) => <PurchaseFlags purchase={p} />}
        />
      )}
      <LoadMore
        live={live}
        continueCursor={loaderData.purchases.continueCursor}
      />

      <section aria-labelledby="unmatched-heading" className="mt-10">
        <h2
          id="unmatched-heading"
          className="mb-2 text-xl font-bold text-slate-900"
        >
          Stripe events we did not start
        </h2>
        <p className="mb-4 text-sm text-slate-600">
          Paid sessions, refunds or disputes Stripe sent about checkouts this
          deployment has no record of. Nothing was credited; check them in the
          Stripe dashboard.
        </p>
        {loaderData.unmatched.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <ul className="space-y-1 text-sm text-slate-800">
            {loaderData.unmatched.map((e) => (
              <li key={e._id}>
                <DateTime value={e.receivedAt} /> · {e.type} ·{" "}
                <code>{e.objectId}</code>
                {e.amountCents !== undefined
                  ? ` · ${formatMoney(e.amountCents)}`
                  : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
