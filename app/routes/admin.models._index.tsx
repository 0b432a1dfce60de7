/**
 * `/admin/models`: the ModelManager (issue 13) for a catalogue of any size:
 * a dense table of one page of models (50) under the URL's search,
 * filters (status incl. deprecated and paused, provider, category) and
 * sort, read page by page from the backend (`modelManager.listModels`, ADR
 * 0059), live. Rows can be selected across pages for one bulk action
 * (activate, deactivate, deprecate) behind one confirmation. Each model
 * opens the one model form (`/admin/models/<modelId>`).
 */
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import {
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useSearchParams,
} from "@remix-run/react";
import { useCallback, useState } from "react";
import type { ModelActionData } from "~/components/admin/model-actions";
import {
  BulkBar,
  ServerConfirm,
} from "~/components/admin/model-manager/bulk-bar";
import { ListFilters } from "~/components/admin/model-manager/list-filters";
import {
  listArgs,
  listHref,
  nextPage,
  PAGE_SIZE,
  previousPage,
  readListParams,
} from "~/components/admin/model-manager/list-params";
import { ModelTable } from "~/components/admin/model-manager/model-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import {
  handleBulkAction,
  type BulkActionData,
} from "~/utils/admin-bulk.server";
import { requireAdminUser } from "~/utils/admin.server";
import { handleModelAction } from "~/utils/admin-models.server";
import { api, type ModelListRow } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLiveQuery } from "~/utils/live";
import { useHydrated } from "~/utils/use-hydrated";

export const meta: MetaFunction = () => [
  { title: `Models · Admin · ${PRODUCT_NAME}` },
];

/** One page of models under the URL's filters, and the filter choices. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireAdminUser(args);
  const params = readListParams(new URL(args.request.url).searchParams);
  const [list, filters] = await Promise.all([
    loaderQuery(user.token, api.modelManager.listModels, listArgs(params)),
    loaderQuery(user.token, api.modelManager.listModelFilters, {}),
  ]);
  return { list, filters };
}

/**
 * `intent=bulk`: the bulk action (`handleBulkAction`); anything else (the
 * empty catalogue's "Add the default models") the shared model action.
 */
export async function action(args: ActionFunctionArgs) {
  const formData = await args.request.clone().formData();
  if (formData.get("intent") === "bulk") {
    const user = await requireAdminUser(args);
    return handleBulkAction(args.request, formData, user.token);
  }
  return handleModelAction(args);
}

function EmptyCatalogue() {
  const fetcher = useFetcher<ModelActionData>();
  const seeding = fetcher.state !== "idle";
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <h2 className="text-lg font-semibold text-slate-900">No models yet</h2>
      <p className="mt-2 text-slate-600">
        Creators can&apos;t make videos until a model is active. Add the three
        default models, or create one.
      </p>
      {fetcher.data && !fetcher.data.ok ? (
        <Alert tone="error" className="mx-auto mt-4 max-w-md">
          {fetcher.data.error?.message ?? "That didn't work."}
        </Alert>
      ) : null}
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <fetcher.Form method="post">
          <Button
            type="submit"
            name="intent"
            value="seed-defaults"
            disabled={seeding}
          >
            {seeding ? "Adding…" : "Add the default models"}
          </Button>
        </fetcher.Form>
        <Link to="/admin/models/new" className={buttonClasses("secondary")}>
          New model
        </Link>
      </div>
    </div>
  );
}

/** Selected model ids → names (names for the confirmation). */
type Selection = ReadonlyMap<string, string>;

export default function ModelManagerPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const params = readListParams(searchParams);
  const hydrated = useHydrated();
  const list = useLiveQuery(
    api.modelManager.listModels,
    listArgs(params),
    loaderData.list,
    { requiresAuth: true },
  );
  const filters = useLiveQuery(
    api.modelManager.listModelFilters,
    {},
    loaderData.filters,
    { requiresAuth: true },
  );
  const [selected, setSelected] = useState<Selection>(new Map());
  const toggle = useCallback((row: ModelListRow, select: boolean) => {
    setSelected((current) => {
      const next = new Map(current);
      if (select) next.set(row.modelId, row.name);
      else next.delete(row.modelId);
      return next;
    });
  }, []);
  const toggleAll = (select: boolean) => {
    setSelected((current) => {
      const next = new Map(current);
      for (const row of list.page) {
        if (select) next.set(row.modelId, row.name);
        else next.delete(row.modelId);
      }
      return next;
    });
  };

  const total = filters.statuses.find((s) => s.value === "all")?.count ?? 0;
  const catalogueEmpty =
    total === 0 &&
    params.status === "all" &&
    !params.provider &&
    !params.category &&
    !params.q;
  const first = params.prev.length * PAGE_SIZE + 1;
  const last = first + list.page.length - 1;
  const previous = previousPage(params);
  const confirm =
    actionData?.intent === "bulk"
      ? (actionData as BulkActionData).confirm
      : undefined;

  return (
    <>
      <PageHeader
        title="Models"
        description="The catalogue creators choose from. Every change here reaches their create form at once."
        actions={
          <>
            <Link
              to="/admin/models/import"
              className={buttonClasses("secondary")}
            >
              Import from Replicate
            </Link>
            <Link to="/admin/models/new" className={buttonClasses("primary")}>
              New model
            </Link>
          </>
        }
      />
      {catalogueEmpty ? (
        <EmptyCatalogue />
      ) : (
        <>
          <ListFilters
            params={params}
            providers={filters.providers}
            categories={filters.categories}
            statuses={filters.statuses}
          />
          <p
            className="mb-2 mt-4 text-sm text-slate-700"
            aria-live="polite"
            aria-atomic="true"
          >
            {list.page.length === 0
              ? "No model matches these filters."
              : params.q
                ? `Showing ${first}–${last} of the matches, most relevant first.`
                : `Showing ${first}–${last} of ${list.total.toLocaleString("en-US")} models.`}{" "}
            {hydrated ? "Numbers are live." : null}
          </p>
          {confirm ? <ServerConfirm confirm={confirm} /> : null}
          {hydrated ? (
            <BulkBar
              selected={selected}
              onClear={() => setSelected(new Map())}
            />
          ) : null}
          <h2 className="sr-only">Models in the catalogue</h2>
          {list.page.length > 0 ? (
            <ModelTable
              rows={list.page}
              params={params}
              selected={selected}
              onToggle={toggle}
              onToggleAll={toggleAll}
              selectable={hydrated}
            />
          ) : null}
          <nav
            aria-label="Pages"
            className="mt-3 flex items-center justify-between gap-2"
          >
            {previous ? (
              <Link
                to={listHref(previous)}
                preventScrollReset
                className={buttonClasses("secondary", "sm")}
              >
                ← Previous page
              </Link>
            ) : (
              <span />
            )}
            {!list.isDone && list.page.length > 0 ? (
              <Link
                to={listHref(nextPage(params, list.continueCursor))}
                preventScrollReset
                className={buttonClasses("secondary", "sm")}
              >
                Next page →
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
