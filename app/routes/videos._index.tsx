/**
 * `/videos`: the creator's videos, newest first, live (`videos.getMyVideos`
 * with `usePaginatedQuery`) with "Load more". Without JavaScript the loader's
 * page is shown and "Load more" is a link to `?cursor=…` (the next page).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LoadMore } from "~/components/load-more";
import { PRODUCT_NAME } from "~/components/logo";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { VideoCard } from "~/components/video-card";
import type { VideoView } from "~/components/video-types";
import { api } from "~/utils/api";
import { requireUser } from "~/utils/auth.server";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery } from "~/utils/live";

/** Videos per page. */
const PAGE_SIZE = 12;

export const meta: MetaFunction = () => [
  { title: `My videos · ${PRODUCT_NAME}` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const page = await loaderQuery(user.token, api.videos.getMyVideos, {
    paginationOpts: { numItems: PAGE_SIZE, cursor },
  });
  return {
    page: {
      page: page.page,
      isDone: page.isDone,
      continueCursor: page.continueCursor,
    },
    cursor,
  };
}

function EmptyState() {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <h2 className="text-lg font-semibold text-slate-900">No videos yet</h2>
      <p className="mt-2 text-slate-600">
        Your generated videos will appear here, newest first.
      </p>
      <Link to="/create" className={buttonClasses("primary", "md", "mt-6")}>
        Create your first video
      </Link>
    </div>
  );
}

export default function VideosPage() {
  const loaderData = useLoaderData<typeof loader>();
  // A `?cursor=` page (no-JS "Load more") is a static snapshot of older videos.
  const paged = loaderData.cursor !== null;
  const live = useLivePaginatedQuery(
    api.videos.getMyVideos,
    {},
    loaderData.page,
    PAGE_SIZE,
    { snapshot: paged },
  );
  const videos: VideoView[] = live.results;

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
      {paged ? (
        <p className="mb-4 text-sm text-slate-600">
          Showing older videos.{" "}
          <Link
            to="/videos"
            className="font-semibold text-indigo-700 underline"
          >
            Back to the newest
          </Link>
        </p>
      ) : null}
      {videos.length === 0 && !paged ? (
        <EmptyState />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {videos.map((video) => (
            <VideoCard key={video._id} video={video} />
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
