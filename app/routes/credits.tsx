/**
 * `/credits`: the live balance and the ledger (`credits.getMyTransactions`,
 * paginated, newest first), and how to get more credits.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LoadMore } from "~/components/load-more";
import { LedgerTable, type LedgerEntry } from "~/components/ledger-table";
import { UsageSummary } from "~/components/usage-summary";
import { PRODUCT_NAME } from "~/components/logo";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { api } from "~/utils/api";
import { requireUser } from "~/utils/auth.server";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";
import { formatCredits, formatDateUtc, formatUsd } from "~/utils/misc";

/** Ledger entries per page. */
const PAGE_SIZE = 20;

export const meta: MetaFunction = () => [
  { title: `Credits · ${PRODUCT_NAME}` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const [{ balance }, page, usage, plan] = await Promise.all([
    loaderQuery(user.token, api.credits.getMyBalance, {}),
    loaderQuery(user.token, api.credits.getMyTransactions, {
      paginationOpts: { numItems: PAGE_SIZE, cursor },
    }),
    loaderQuery(user.token, api.credits.getMyUsage, {}),
    loaderQuery(user.token, api.plans.getMyPlan, {}),
  ]);
  return {
    balance,
    usage,
    plan,
    cursor,
    page: {
      page: page.page,
      isDone: page.isDone,
      continueCursor: page.continueCursor,
    },
  };
}

export default function CreditsPage() {
  const loaderData = useLoaderData<typeof loader>();
  const { balance } = useLiveQuery(
    api.credits.getMyBalance,
    {},
    { balance: loaderData.balance },
    { requiresAuth: true },
  );
  const usage = useLiveQuery(api.credits.getMyUsage, {}, loaderData.usage, {
    requiresAuth: true,
  });
  const myPlan = useLiveQuery(api.plans.getMyPlan, {}, loaderData.plan, {
    requiresAuth: true,
  });
  const paged = loaderData.cursor !== null;
  const live = useLivePaginatedQuery(
    api.credits.getMyTransactions,
    {},
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
                    ? ` · next grant on ${formatDateUtc(myPlan.nextGrantAt)}`
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
            Ask an admin of your workspace: admins can grant credits to any
            account, and the grant appears here straight away. Buying credits is
            not part of {PRODUCT_NAME} yet.
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
        {paged ? (
          <p className="mb-4 text-sm text-slate-600">
            Showing older entries.{" "}
            <Link
              to="/credits"
              className="font-semibold text-indigo-700 underline"
            >
              Back to the newest
            </Link>
          </p>
        ) : null}
        {entries.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            No credit activity yet.
          </p>
        ) : (
          <LedgerTable entries={entries} />
        )}
        <LoadMore live={live} continueCursor={loaderData.page.continueCursor} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
