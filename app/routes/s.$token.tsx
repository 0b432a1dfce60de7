/**
 * `/s/:token`: a shared video, public (ADR 0047). The player, the prompt and
 * the model, with Open Graph tags for link previews — nothing else of the
 * owner. Each page load by a person counts one view: not the owner's own
 * (the backend's rule), not bots, link previews, HEAD requests or prefetches
 * (`isAutomatedRequest`), who still get the page (ADR 0055). A revoked or
 * unknown token is a 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  GeneralErrorBoundary,
  NotFoundPage,
} from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { buttonClasses } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { VideoPlayer } from "~/components/video-stage";
import { api } from "~/utils/api";
import { getOptionalUser } from "~/utils/auth.server";
import { isAutomatedRequest } from "~/utils/automated-request.server";
import { convexClient, loaderQuery } from "~/utils/convex.server";

export async function loader(args: LoaderFunctionArgs) {
  const { params, request } = args;
  const token = params.token ?? "";
  const video = await loaderQuery(undefined, api.shares.getSharedVideo, {
    token,
  });
  if (!video) throw new Response("Not found", { status: 404 });
  // Count the view of a person, as who they are (the owner's own opens do
  // not count); a failure to count never hides the video.
  let views = video.views;
  if (!isAutomatedRequest(request)) {
    try {
      const viewer = await getOptionalUser(args);
      const { counted } = await convexClient(viewer?.token).mutation(
        api.shares.recordShareView,
        { token },
      );
      if (counted) views += 1;
    } catch (error) {
      console.error("recordShareView failed:", error);
    }
  }
  return {
    video: { ...video, views },
    token,
    pageUrl: new URL(request.url).toString(),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: `Video not found · ${PRODUCT_NAME}` }];
  const { video, pageUrl } = data;
  const title = `A video made with ${video.modelName} · ${PRODUCT_NAME}`;
  const description = video.prompt.slice(0, 200);
  return [
    { title },
    { name: "description", content: description },
    { property: "og:type", content: "video.other" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: pageUrl },
    { property: "og:site_name", content: PRODUCT_NAME },
    { property: "og:video", content: video.outputUrl },
    { property: "og:video:secure_url", content: video.outputUrl },
    { property: "og:video:type", content: "video/mp4" },
    { name: "twitter:card", content: "player" },
    { name: "twitter:title", content: title },
    { name: "twitter:description", content: description },
    // Shared links are for the people they are sent to, not for search engines.
    { name: "robots", content: "noindex" },
  ];
};

export default function SharedVideoPage() {
  const { video, token } = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-3xl space-y-5">
      <header>
        <h1 className="text-2xl font-bold text-slate-900">A shared video</h1>
        <p className="mt-1 text-sm text-slate-600">
          Made with {video.modelName} · {video.duration} s ·{" "}
          <DateTime value={video.createdAt} />
        </p>
      </header>
      <VideoPlayer src={video.outputUrl} prompt={video.prompt} id={token} />
      <section
        aria-labelledby="shared-prompt"
        className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="shared-prompt" className="text-sm font-semibold text-slate-900">
          Prompt
        </h2>
        <p className="mt-2 whitespace-pre-wrap break-words text-slate-800">
          {video.prompt}
        </p>
        <p className="mt-3 text-sm text-slate-600" data-testid="shared-views">
          {video.views} {video.views === 1 ? "view" : "views"}
        </p>
      </section>
      <p>
        <Link to="/create" className={buttonClasses("primary")}>
          Make your own video
        </Link>
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <NotFoundPage
            title="This link doesn't work"
            backTo="/"
            backLabel="Go to the home page"
          >
            The video was never shared under this link, or its owner revoked the
            link.
          </NotFoundPage>
        ),
      }}
    />
  );
}
