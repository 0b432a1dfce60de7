/**
 * `/admin/users`: find a user by the start of their email
 * (`users.searchByEmail`, `?q=`; live as you type) and browse the newest
 * users (`users.listUsers`, paginated). Each row opens the user's page with
 * their balance, ledger, videos, grants and role.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  useLoaderData,
  useSearchParams,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { LoadMore, OlderPageNotice } from "~/components/load-more";
import { useFilterSubmit } from "~/components/admin/use-filter-submit";
import { UserTable, type UserSummary } from "~/components/admin/user-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Button } from "~/components/ui/button";
import { inputClasses } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";
import { useHydrated } from "~/utils/use-hydrated";
import { EmptyState } from "~/components/ui/empty-state";

/** Users per page. */
const PAGE_SIZE = 20;

export const meta: MetaFunction = () => [
  { title: `Users & credits · Admin · ${PRODUCT_NAME}` },
];

/** Search results for `?q=` and a page of the newest users (`?cursor=`). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireAdminUser(args);
  const params = new URL(args.request.url).searchParams;
  const q = params.get("q")?.trim() ?? "";
  const cursor = params.get("cursor");
  const [results, recent] = await Promise.all([
    q
      ? loaderQuery(user.token, api.users.searchByEmail, { prefix: q })
      : Promise.resolve([]),
    loaderQuery(user.token, api.users.listUsers, {
      paginationOpts: { numItems: PAGE_SIZE, cursor },
    }),
  ]);
  return {
    q,
    results,
    cursor,
    recent: {
      page: recent.page,
      isDone: recent.isDone,
      continueCursor: recent.continueCursor,
    },
  };
}

/** With JavaScript the search runs live in the page: no loader round trip. */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}) =>
  currentUrl.pathname === nextUrl.pathname &&
  currentUrl.searchParams.get("cursor") === nextUrl.searchParams.get("cursor")
    ? false
    : defaultShouldRevalidate;

export default function UsersPage() {
  const loaderData = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const onFilterChange = useFilterSubmit();
  const hydrated = useHydrated();
  const q = searchParams.get("q")?.trim() ?? "";
  const results = useLiveQuery(
    api.users.searchByEmail,
    { prefix: q },
    q === loaderData.q ? (loaderData.results as UserSummary[] | null) : null,
    { requiresAuth: true },
  );
  const paged = loaderData.cursor !== null;
  const live = useLivePaginatedQuery(
    api.users.listUsers,
    {},
    loaderData.recent,
    PAGE_SIZE,
    { snapshot: paged },
  );
  const recent: UserSummary[] = live.results;

  return (
    <>
      <PageHeader
        title="Users & credits"
        description="Find a user to see their balance, history and videos, grant or deduct credits, or change their role."
      />
      <Form
        method="get"
        role="search"
        replace
        onChange={onFilterChange}
        className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:flex-row sm:items-end"
      >
        <div className="w-full sm:max-w-md">
          <label
            htmlFor="user-search"
            className="block text-sm font-medium text-slate-900"
          >
            Email starts with
          </label>
          <input
            id="user-search"
            name="q"
            type="search"
            defaultValue={loaderData.q}
            placeholder="e.g. alex@ or alex"
            autoComplete="off"
            spellCheck={false}
            className={`mt-1.5 ${inputClasses()}`}
          />
        </div>
        {hydrated ? null : (
          <Button type="submit" variant="secondary">
            Search
          </Button>
        )}
      </Form>

      {q ? (
        <section aria-labelledby="results-heading" className="mt-8">
          <h2
            id="results-heading"
            className="mb-3 text-xl font-bold text-slate-900"
          >
            Matches for “{q}”
          </h2>
          <div aria-live="polite">
            {results === null ? (
              <p className="text-sm text-slate-600">Searching…</p>
            ) : results.length === 0 ? (
              <EmptyState>No user&apos;s email starts with “{q}”.</EmptyState>
            ) : (
              <>
                <p className="mb-2 text-sm text-slate-600">
                  {results.length === 20
                    ? "The first 20 matches; type more to narrow down."
                    : `${results.length} match${results.length === 1 ? "" : "es"}.`}
                </p>
                <UserTable users={results} caption={`Users matching ${q}`} />
              </>
            )}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="recent-heading" className="mt-10">
        <h2
          id="recent-heading"
          className="mb-3 text-xl font-bold text-slate-900"
        >
          Newest users
        </h2>
        {paged ? (
          <OlderPageNotice newestHref="/admin/users">
            Showing older users.
          </OlderPageNotice>
        ) : null}
        {recent.length === 0 ? (
          <EmptyState>No users yet.</EmptyState>
        ) : (
          <UserTable users={recent} caption="Users, newest first" />
        )}
        <LoadMore
          live={live}
          continueCursor={loaderData.recent.continueCursor}
          label="Older users"
        />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
