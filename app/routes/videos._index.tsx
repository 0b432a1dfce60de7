/**
 * `/videos`: the creator's videos, newest first, live (`videos.getMyVideos`
 * with `usePaginatedQuery`) with "Load more"; filters by status and model,
 * search by prompt, and the hidden ones (ADR 0047). Filters live in the URL
 * (`?status=&model=&q=&hidden=1`), so they work without JavaScript and can
 * be bookmarked.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { useRef } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LoadMore, OlderPageNotice } from "~/components/load-more";
import { PRODUCT_NAME } from "~/components/logo";
import { Button, buttonClasses } from "~/components/ui/button";
import { inputClasses } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { describeStatus } from "~/components/ui/status-badge";
import { VideoCard } from "~/components/video-card";
import type { VideoView } from "~/components/video-types";
import { api, type VideoStatus } from "~/utils/api";
import { utcDay } from "~/utils/rules";
import { requireUser } from "~/utils/auth.server";
import { loaderQuery } from "~/utils/convex.server";
import { useModelInsights } from "~/utils/insights";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";
import { useHydrated } from "~/utils/use-hydrated";
import { FilterSelect } from "~/components/ui/filter-select";

/** Videos per page. */
const PAGE_SIZE = 12;

const STATUSES: VideoStatus[] = [
  "pending",
  "starting",
  "processing",
  "succeeded",
  "failed",
  "canceled",
];

export const meta: MetaFunction = () => [
  { title: `My videos · ${PRODUCT_NAME}` },
];

/** The list's filters from the URL; unknown values are ignored. */
function readFilters(url: URL) {
  const status = url.searchParams.get("status") as VideoStatus | null;
  const model = url.searchParams.get("model")?.trim();
  const search = url.searchParams.get("q")?.trim().slice(0, 200);
  const filters: {
    status?: VideoStatus;
    model?: string;
    search?: string;
    hidden?: boolean;
  } = {};
  if (status && STATUSES.includes(status)) filters.status = status;
  if (model) filters.model = model;
  if (search) filters.search = search;
  if (url.searchParams.get("hidden") === "1") filters.hidden = true;
  return filters;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const cursor = url.searchParams.get("cursor");
  const filters = readFilters(url);
  const [page, models] = await Promise.all([
    loaderQuery(user.token, api.videos.getMyVideos, {
      paginationOpts: { numItems: PAGE_SIZE, cursor },
      ...filters,
    }),
    loaderQuery(undefined, api.models.getActiveModels, {}),
  ]);
  // Speed for the models of the videos shown (at most one per video), not
  // every active model: the query refuses more than 100.
  const today = utcDay(Date.now());
  const insights = await loaderQuery(undefined, api.insights.getModelInsights, {
    modelIds: [...new Set(page.page.map((video) => video.model))],
    today,
  });
  return {
    page: {
      page: page.page,
      isDone: page.isDone,
      continueCursor: page.continueCursor,
    },
    cursor,
    filters,
    models: models.map((m) => ({ modelId: m.modelId, name: m.name })),
    insights,
    today,
  };
}

function EmptyState({ filtered }: { filtered: boolean }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <h2 className="text-lg font-semibold text-slate-900">
        {filtered ? "No videos match" : "No videos yet"}
      </h2>
      <p className="mt-2 text-slate-600">
        {filtered
          ? "Try another status, model or search."
          : "Your generated videos will appear here, newest first."}
      </p>
      {filtered ? (
        <Link to="/videos" className={buttonClasses("secondary", "md", "mt-6")}>
          Clear the filters
        </Link>
      ) : (
        <Link to="/create" className={buttonClasses("primary", "md", "mt-6")}>
          Create your first video
        </Link>
      )}
    </div>
  );
}

export default function VideosPage() {
  const loaderData = useLoaderData<typeof loader>();
  const { filters } = loaderData;
  // A `?cursor=` page (no-JS "Load more") is a static snapshot of older videos.
  const paged = loaderData.cursor !== null;
  const live = useLivePaginatedQuery(
    api.videos.getMyVideos,
    filters,
    loaderData.page,
    PAGE_SIZE,
    { snapshot: paged },
  );
  const videos: VideoView[] = live.results;
  const models = useLiveQuery(api.models.getActiveModels, {}, undefined);
  const modelChoices = models
    ? models.map((m) => ({ modelId: m.modelId, name: m.name }))
    : loaderData.models;
  const insights = useModelInsights(
    [...new Set(videos.map((video) => video.model))],
    loaderData.insights,
    loaderData.today,
  );
  const submit = useSubmit();
  const hydrated = useHydrated();
  const searchTimer = useRef<ReturnType<typeof setTimeout>>();
  const filtered =
    filters.status !== undefined ||
    filters.model !== undefined ||
    filters.search !== undefined ||
    filters.hidden === true;

  return (
    <>
      <PageHeader
        title="My videos"
        description="Everything you've generated. Videos in progress update live."
        actions={
          <Link to="/create" className={buttonClasses("primary")}>
            New video
          </Link>
        }
      />
      <Form
        method="get"
        role="search"
        aria-label="Filter my videos"
        className="mb-6 flex flex-wrap items-end gap-4"
        onChange={(event) => {
          const form = event.currentTarget;
          const isSearch =
            (event.target as HTMLElement).getAttribute("name") === "q";
          clearTimeout(searchTimer.current);
          // Typing searches after a pause; other choices apply at once.
          searchTimer.current = setTimeout(
            () => submit(form, { replace: true, preventScrollReset: true }),
            isSearch ? 350 : 0,
          );
        }}
      >
        <div className="w-full sm:w-64">
          <label
            htmlFor="videos-search"
            className="block text-sm font-medium text-slate-900"
          >
            Search prompts
          </label>
          <input
            id="videos-search"
            type="search"
            name="q"
            defaultValue={filters.search ?? ""}
            placeholder="e.g. lighthouse"
            maxLength={200}
            className={`mt-1.5 ${inputClasses()}`}
          />
        </div>
        <FilterSelect
          className="w-full sm:w-44"
          id="videos-status"
          name="status"
          label="Status"
          defaultValue={filters.status ?? ""}
        >
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {describeStatus(s).label}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          className="w-full sm:w-56"
          id="videos-model"
          name="model"
          label="Model"
          defaultValue={filters.model ?? ""}
        >
          <option value="">Any model</option>
          {modelChoices.map((m) => (
            <option key={m.modelId} value={m.modelId}>
              {m.name}
            </option>
          ))}
        </FilterSelect>
        <label className="flex items-center gap-2 pb-2 text-sm text-slate-900">
          <input
            type="checkbox"
            name="hidden"
            value="1"
            defaultChecked={filters.hidden === true}
            className="h-4 w-4 rounded border-slate-300"
          />
          Show hidden videos
        </label>
        {hydrated ? null : (
          <Button type="submit" variant="secondary">
            Apply
          </Button>
        )}
      </Form>
      {paged ? (
        <OlderPageNotice newestHref="/videos">
          Showing older videos.
        </OlderPageNotice>
      ) : null}
      {videos.length === 0 && !paged ? (
        <EmptyState filtered={filtered} />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {videos.map((video) => (
            <VideoCard
              key={video._id}
              video={video}
              typicalSeconds={insights.get(video.model)?.typicalSeconds}
            />
          ))}
        </ul>
      )}
      <LoadMore live={live} continueCursor={loaderData.page.continueCursor} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
