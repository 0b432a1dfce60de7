/**
 * `/admin`: the dashboard (seed 002 "Analytics Dashboard"), live: totals
 * (users, videos by status, credits charged, refunded and net;
 * `dashboard.getOverview`), the most used models with success rate and
 * generation times, a page at a time (`dashboard.listModelUsage`), videos
 * per day by model over the last 30 days (`dashboard.getDailySeries`), and
 * the most recent videos of all users (`dashboard.listRecentVideos`), and
 * the last 30 days' revenue (`revenue.getRevenueSummary`, issue 11). Each
 * is its own live query, so an update sends only the piece that changed.
 * The queries read no clock: the page passes today's UTC day and the
 * revenue window, and moves them on at midnight.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  ModelUsageTable,
  RevenueCards,
  TotalsCards,
} from "~/components/admin/dashboard-panels";
import { LoadMore, OlderPageNotice } from "~/components/load-more";
import { UsageChart } from "~/components/admin/usage-chart";
import { VideoTable } from "~/components/admin/video-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import type { VideoView } from "~/components/video-types";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { utcDay } from "~/utils/rules";
import { useUtcDay } from "~/utils/clock";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";

/** Recent videos per page. */
const PAGE_SIZE = 10;
/** Models per page of the usage table. */
const MODEL_PAGE_SIZE = 10;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days the revenue panel covers (today included). */
const REVENUE_DAYS = 30;

/** The revenue panel's window: the last 30 UTC days, today included. */
function revenueWindow(today: string) {
  const toMs = Date.parse(`${today}T00:00:00Z`) + DAY_MS;
  return { fromMs: toMs - REVENUE_DAYS * DAY_MS, toMs };
}

export const meta: MetaFunction = () => [
  { title: `Dashboard · Admin · ${PRODUCT_NAME}` },
];

/** First paint: the overview and the first page of recent videos (`?cursor=` for older ones without JavaScript). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireAdminUser(args);
  const params = new URL(args.request.url).searchParams;
  const cursor = params.get("cursor");
  const modelCursor = params.get("models");
  const today = utcDay(Date.now());
  const [overview, usage, daily, recent, revenue] = await Promise.all([
    loaderQuery(user.token, api.dashboard.getOverview, {}),
    loaderQuery(user.token, api.dashboard.listModelUsage, {
      paginationOpts: { numItems: MODEL_PAGE_SIZE, cursor: modelCursor },
    }),
    loaderQuery(user.token, api.dashboard.getDailySeries, { today }),
    loaderQuery(user.token, api.dashboard.listRecentVideos, {
      paginationOpts: { numItems: PAGE_SIZE, cursor },
    }),
    loaderQuery(
      user.token,
      api.revenue.getRevenueSummary,
      revenueWindow(today),
    ),
  ]);
  return {
    today,
    revenue,
    overview,
    daily,
    usage: {
      page: usage.page,
      isDone: usage.isDone,
      continueCursor: usage.continueCursor,
    },
    cursor,
    modelCursor,
    recent: {
      page: recent.page,
      isDone: recent.isDone,
      continueCursor: recent.continueCursor,
    },
  };
}

function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="mt-10">
      <h2 id={id} className="mb-4 text-xl font-bold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default function DashboardPage() {
  const loaderData = useLoaderData<typeof loader>();
  const overview = useLiveQuery(
    api.dashboard.getOverview,
    {},
    loaderData.overview,
    { requiresAuth: true },
  );
  const today = useUtcDay(loaderData.today);
  const daily = useLiveQuery(
    api.dashboard.getDailySeries,
    { today },
    loaderData.daily,
    { requiresAuth: true },
  );
  const revenue = useLiveQuery(
    api.revenue.getRevenueSummary,
    revenueWindow(today),
    loaderData.revenue,
    { requiresAuth: true },
  );
  const usage = useLivePaginatedQuery(
    api.dashboard.listModelUsage,
    {},
    loaderData.usage,
    MODEL_PAGE_SIZE,
    { snapshot: loaderData.modelCursor !== null },
  );
  const paged = loaderData.cursor !== null;
  const live = useLivePaginatedQuery(
    api.dashboard.listRecentVideos,
    {},
    loaderData.recent,
    PAGE_SIZE,
    { snapshot: paged },
  );
  const videos: VideoView[] = live.results;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            How the platform is doing.{" "}
            <span className="inline-flex items-center gap-1.5 font-medium text-emerald-800">
              <span
                aria-hidden="true"
                className="h-2 w-2 rounded-full bg-emerald-600 motion-safe:animate-pulse"
              />
              Numbers are live
            </span>{" "}
            and update as videos are made.
          </>
        }
        actions={
          <Link to="/admin/models" className={buttonClasses("secondary")}>
            Manage models
          </Link>
        }
      />
      <section aria-label="Totals">
        <TotalsCards totals={overview.totals} />
      </section>
      <Section id="revenue-heading" title="Revenue · last 30 days">
        <RevenueCards revenue={revenue} />
        <p className="mt-3 text-sm">
          <Link
            to="/admin/revenue"
            className="font-semibold text-indigo-700 underline"
          >
            Full revenue report
          </Link>{" "}
          <span className="text-slate-600">
            (per package, per model margins, CSV exports)
          </span>
        </p>
      </Section>
      <Section id="models-heading" title="Most-used models">
        <ModelUsageTable rows={usage.results} />
        <LoadMore
          live={usage}
          continueCursor={loaderData.usage.continueCursor}
          param="models"
          label="More models"
        />
      </Section>
      <Section id="chart-heading" title="Last 30 days">
        <UsageChart data={daily} />
      </Section>
      <Section id="recent-heading" title="Recent videos">
        {paged ? (
          <OlderPageNotice newestHref="/admin">
            Showing older videos.
          </OlderPageNotice>
        ) : null}
        <VideoTable
          videos={videos}
          caption="Recent videos of all creators, newest first"
          empty="No videos have been made yet."
        />
        <LoadMore
          live={live}
          continueCursor={loaderData.recent.continueCursor}
          label="Older videos"
        />
      </Section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
