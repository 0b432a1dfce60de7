/**
 * `/admin/disputes`: creators' open disputes, newest first
 * (`disputes.listOpenDisputes`, live), each with its video playable, the
 * creator's reason, and approve (refunds the video's credits once) or
 * reject with a note (`disputes.resolveDispute`).
 */
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LoadMore } from "~/components/load-more";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { DateTime } from "~/components/ui/date-time";
import { ResolveDisputeForm } from "~/components/shop/resolve-dispute-form";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { handleDisputeAction } from "~/utils/admin-shop.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery } from "~/utils/live";
import { formatCredits } from "~/utils/misc";
import { EmptyState } from "~/components/ui/empty-state";

const PAGE_SIZE = 10;

export const meta: MetaFunction = () => [
  { title: `Disputes · Admin · ${PRODUCT_NAME}` },
];

export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const page = await loaderQuery(admin.token, api.disputes.listOpenDisputes, {
    paginationOpts: { numItems: PAGE_SIZE, cursor },
  });
  return {
    cursor,
    page: {
      page: page.page,
      isDone: page.isDone,
      continueCursor: page.continueCursor,
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  return handleDisputeAction(args);
}

export default function AdminDisputesPage() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const live = useLivePaginatedQuery(
    api.disputes.listOpenDisputes,
    {},
    loaderData.page,
    PAGE_SIZE,
    { snapshot: loaderData.cursor !== null },
  );
  return (
    <>
      <PageHeader
        title="Disputes"
        description="Creators who say a finished video was not worth its credits. Approving refunds the video's credits once; rejecting keeps them and tells the creator why."
      />
      {result?.ok ? (
        <Alert tone="success" className="mb-6">
          Dispute{" "}
          {result.intent === "approve" ? "approved and refunded" : "rejected"}.
        </Alert>
      ) : null}
      {live.results.length === 0 ? (
        <EmptyState>No open disputes.</EmptyState>
      ) : (
        <ul className="space-y-6">
          {live.results.map((d) => {
            return (
              <li key={d._id}>
                <article
                  aria-labelledby={`dispute-${d._id}`}
                  className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm md:grid-cols-2"
                >
                  <div>
                    {d.video?.outputUrl ? (
                      <video
                        src={d.video.outputUrl}
                        controls
                        preload="metadata"
                        className="aspect-video w-full rounded-md bg-black"
                        aria-label={`Disputed video: ${d.video.prompt}`}
                      />
                    ) : (
                      <p className="text-sm text-slate-600">No video file.</p>
                    )}
                  </div>
                  <div className="space-y-3 text-sm">
                    <h2
                      id={`dispute-${d._id}`}
                      className="text-base font-semibold text-slate-900"
                    >
                      {d.userEmail ?? "Unknown creator"} ·{" "}
                      {formatCredits(d.credits)}
                    </h2>
                    <p className="text-slate-600">
                      Opened <DateTime value={d.createdAt} /> ·{" "}
                      <Link
                        to={`/videos/${d.videoId}`}
                        className="font-medium text-indigo-700 underline"
                      >
                        {d.video?.modelName ?? "video"}
                      </Link>
                    </p>
                    {d.video ? (
                      <p className="text-slate-700">
                        <span className="font-medium">Prompt:</span>{" "}
                        {d.video.prompt}
                      </p>
                    ) : null}
                    <blockquote className="rounded-md bg-slate-50 p-3 text-slate-900">
                      {d.reason}
                    </blockquote>
                    <ResolveDisputeForm disputeId={d._id} result={result} />
                  </div>
                </article>
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore live={live} continueCursor={loaderData.page.continueCursor} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
