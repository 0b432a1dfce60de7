/**
 * `/admin/models`: the ModelManager (seed 000). Every model — inactive,
 * deprecated and, with "show deleted", soft-deleted ones — with its
 * indicators, price, the credit cost of each allowed duration, and usage
 * statistics, live (`models.listModelsForAdmin`, `models.listModelStats`).
 * Filters (category, search, show deleted) and the open inline editor
 * (`?edit=<modelId>`) live in the URL. Changes post to the shared model
 * action (`handleModelAction`) through one fetcher per model, and reach
 * creators at once.
 */
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import {
  Link,
  useFetcher,
  useLoaderData,
  useSearchParams,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { ModelCard } from "~/components/admin/model-card";
import {
  filterModels,
  ModelFilters,
  readModelFilters,
} from "~/components/admin/model-filters";
import type { ModelActionData } from "~/components/admin/model-actions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { handleModelAction } from "~/utils/admin-models.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLiveQuery } from "~/utils/live";

export const meta: MetaFunction = () => [
  { title: `Models · Admin · ${PRODUCT_NAME}` },
];

/** Every model (deleted ones with `?deleted=1`) and every model's statistics. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireAdminUser(args);
  const { deleted } = readModelFilters(new URL(args.request.url).searchParams);
  const [models, stats] = await Promise.all([
    loaderQuery(user.token, api.models.listModelsForAdmin, {
      includeDeleted: deleted,
    }),
    loaderQuery(user.token, api.models.listModelStats, {}),
  ]);
  return { models, stats, includeDeleted: deleted };
}

/** The shared model action (`handleModelAction`). */
export async function action(args: ActionFunctionArgs) {
  return handleModelAction(args);
}

/**
 * Category, search and the open editor are applied in the page: only "show
 * deleted" changes what the loader fetches.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  defaultShouldRevalidate,
}) => {
  if (formMethod && formMethod.toUpperCase() !== "GET")
    return defaultShouldRevalidate;
  if (
    currentUrl.pathname === nextUrl.pathname &&
    currentUrl.searchParams.get("deleted") ===
      nextUrl.searchParams.get("deleted")
  ) {
    return false;
  }
  return defaultShouldRevalidate;
};

function withParam(params: URLSearchParams, key: string, value?: string) {
  const next = new URLSearchParams(params);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  const search = next.toString();
  return search ? `?${search}` : "?";
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

export default function ModelManagerPage() {
  const loaderData = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const filters = readModelFilters(searchParams);
  const includeDeleted = filters.deleted;
  const models = useLiveQuery(
    api.models.listModelsForAdmin,
    { includeDeleted },
    loaderData.includeDeleted === includeDeleted ? loaderData.models : [],
    { requiresAuth: true },
  );
  const stats = useLiveQuery(api.models.listModelStats, {}, loaderData.stats, {
    requiresAuth: true,
  });
  const usage = new Map(stats.map((row) => [row.modelId, row]));
  const shown = filterModels(models, filters);
  const editing = searchParams.get("edit");
  const closeHref = withParam(searchParams, "edit");

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
      {models.length === 0 && !includeDeleted ? (
        <EmptyCatalogue />
      ) : (
        <>
          <ModelFilters filters={filters} />
          <p
            className="mb-3 mt-6 text-sm text-slate-600"
            aria-live="polite"
            aria-atomic="true"
          >
            Showing {shown.length} of {models.length} models
            {includeDeleted ? " (deleted included)" : ""}. Numbers are live.
          </p>
          {shown.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
              No model matches these filters.
            </p>
          ) : (
            <>
              {/* The cards' h3 names need an h2 above them (no h1 → h3 jump). */}
              <h2 className="sr-only">Models in the catalogue</h2>
              <ul className="space-y-4" aria-label="Models">
                {shown.map((model) => (
                  <ModelCard
                    key={model._id}
                    model={model}
                    usage={usage.get(model.modelId)}
                    editing={editing === model.modelId}
                    editHref={withParam(searchParams, "edit", model.modelId)}
                    closeHref={closeHref}
                  />
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
