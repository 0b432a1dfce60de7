/**
 * `/credits`: the live balance and the ledger (`credits.getMyTransactions`,
 * paginated, newest first, filtered by `?type=`), exact times, links to the
 * video behind each entry, a CSV export (`/credits/export.csv`), and how to
 * get more credits.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LoadMore } from "~/components/load-more";
import {
  LEDGER_TYPES,
  LedgerTable,
  ledgerTypeLabel,
  type LedgerEntry,
} from "~/components/ledger-table";
import { Button } from "~/components/ui/button";
import { inputClasses } from "~/components/ui/field";
import { useHydrated } from "~/utils/use-hydrated";
import { UsageSummary } from "~/components/usage-summary";
import { PRODUCT_NAME } from "~/components/logo";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { api, type LedgerType } from "~/utils/api";
import { requireUser } from "~/utils/auth.server";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";
import { formatCredits, formatUsd } from "~/utils/misc";

/** Ledger entries per page. */
const PAGE_SIZE = 20;

export const meta: MetaFunction = () => [
  { title: `Credits · ${PRODUCT_NAME}` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const cursor = url.searchParams.get("cursor");
  const typeParam = url.searchParams.get("type");
  const type = LEDGER_TYPES.includes(typeParam as LedgerType)
    ? (typeParam as LedgerType)
    : null;
  const [{ balance }, page, usage] = await Promise.all([
    loaderQuery(user.token, api.credits.getMyBalance, {}),
    loaderQuery(user.token, api.credits.getMyTransactions, {
      paginationOpts: { numItems: PAGE_SIZE, cursor },
      ...(type ? { type } : {}),
    }),
    loaderQuery(user.token, api.credits.getMyUsage, {}),
  ]);
  return {
    balance,
    usage,
    cursor,
    type,
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
            <div className="w-48">
              <label
                htmlFor="history-type"
                className="block text-sm font-medium text-slate-900"
              >
                Type
              </label>
              <select
                id="history-type"
                name="type"
                defaultValue={type ?? ""}
                className={`mt-1.5 ${inputClasses()}`}
              >
                <option value="">All types</option>
                {LEDGER_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {ledgerTypeLabel(t)}
                  </option>
                ))}
              </select>
            </div>
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
            {type ? "No entries of this type." : "No credit activity yet."}
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
