/**
 * `/videos/:videoId`: one video, live (`videos.getVideo`): status, honest
 * progress, the player when ready, the error and refund when it failed or
 * was canceled, a Cancel button (`videos.cancelVideo`, confirmed first)
 * while it is unfinished, and — for the owner — Try again / Reuse settings,
 * Download, the share link (create, copy, revoke, views) and Hide.
 */
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import {
  GeneralErrorBoundary,
  NotFoundPage,
} from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { PageHeader } from "~/components/ui/page-header";
import {
  describeVideo,
  isUnfinished,
  StatusBadge,
} from "~/components/ui/status-badge";
import { SharePanel } from "~/components/share-panel";
import { DisputePanel } from "~/components/shop/dispute-panel";
import {
  OPEN_DISPUTE_FIELDS,
  OpenDisputeSchema,
} from "~/components/shop/shop-schemas";
import { VideoActions } from "~/components/video-actions";
import { refundText, VideoStage } from "~/components/video-stage";
import type { VideoView } from "~/components/video-types";
import { api, type Id } from "~/utils/api";
import { utcDay } from "~/utils/rules";
import { requireUser } from "~/utils/auth.server";
import { convexClient, loaderQuery } from "~/utils/convex.server";
import type { ErrorInfo } from "~/utils/errors";
import {
  parseWithZod,
  refusalOf,
  replyWithRefusal,
} from "~/utils/forms.server";
import { useLiveQuery } from "~/utils/live";
import { SunsetNotice } from "~/components/model-notices";
import {
  formatCredits,
  formatElapsed,
  formatQuality,
  formatUsd,
} from "~/utils/misc";

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  {
    title: `${loaderData ? describeVideo(loaderData.video).label + " video" : "Video"} · ${PRODUCT_NAME}`,
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const videoId = args.params.videoId ?? "";
  // `getVideo` answers null for unknown, malformed or someone else's ids.
  const video: VideoView | null = await loaderQuery(
    user.token,
    api.videos.getVideo,
    { videoId },
  );
  if (!video) throw new Response("Video not found", { status: 404 });
  // Its model's sunset and successor ("re-create with <successor>").
  const [[insight], me, model, dispute] = await Promise.all([
    loaderQuery(undefined, api.insights.getModelInsights, {
      modelIds: [video.model],
      today: utcDay(Date.now()),
    }),
    loaderQuery(user.token, api.users.getMe, {}),
    loaderQuery(user.token, api.models.getModelById, {
      modelId: video.model,
    }),
    loaderQuery(user.token, api.disputes.getVideoDispute, { videoId }),
  ]);
  const successor =
    model?.successorModelId !== undefined
      ? await loaderQuery(user.token, api.models.getModelById, {
          modelId: model.successorModelId,
        })
      : null;
  // Admins may look at anyone's video; sharing and hiding are the owner's.
  const mine = me?.user?._id === video.userId;
  const share = mine
    ? await loaderQuery(user.token, api.shares.getMyShareLink, { videoId })
    : null;
  return {
    video,
    videoId,
    typicalSeconds: insight?.typicalSeconds ?? null,
    mine,
    share,
    origin: new URL(args.request.url).origin,
    dispute,
    sunset:
      model?.sunsetAt !== undefined
        ? {
            name: model.name,
            sunsetAt: model.sunsetAt,
            successor:
              successor && successor.isActive && !successor.deletedAt
                ? { modelId: successor.modelId, name: successor.name }
                : null,
          }
        : null,
  };
}

const INTENTS = ["cancel", "share", "revoke", "hide", "unhide"] as const;
type Intent = (typeof INTENTS)[number];

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const formData = await args.request.formData();
  if (formData.get("intent") === "dispute")
    return openDispute(args, user.token, formData);
  const intent = formData.get("intent") as Intent;
  if (!INTENTS.includes(intent)) {
    return data(
      { error: { message: "Unknown action." } as ErrorInfo },
      { status: 400 },
    );
  }
  const videoId = args.params.videoId as Id<"videos">;
  const client = convexClient(user.token);
  try {
    if (intent === "cancel")
      await client.mutation(api.videos.cancelVideo, { videoId });
    else if (intent === "share")
      await client.mutation(api.shares.createShareLink, { videoId });
    else if (intent === "revoke")
      await client.mutation(api.shares.revokeShareLink, { videoId });
    else
      await client.mutation(api.videos.hideVideo, {
        videoId,
        hidden: intent === "hide",
      });
    return redirect(`/videos/${args.params.videoId}`);
  } catch (error) {
    const refusal = refusalOf(args.request, error, intent);
    return data({ error: refusal as ErrorInfo }, { status: refusal.status });
  }
}

/**
 * `intent=dispute`, `reason`: opens a dispute of this video's charge. The
 * reason is parsed with the form's schema (`OpenDisputeSchema`, the one the
 * browser checks with); a refusal comes back next to the reason when the
 * backend names it, else as a message about the whole form.
 */
async function openDispute(
  args: ActionFunctionArgs,
  token: string,
  formData: FormData,
) {
  const submission = parseWithZod(formData, { schema: OpenDisputeSchema });
  if (submission.status !== "success") {
    return data(
      { intent: "dispute" as const, result: submission.reply() },
      { status: 400 },
    );
  }
  try {
    await convexClient(token).mutation(api.disputes.openDispute, {
      videoId: args.params.videoId ?? "",
      reason: submission.value.reason,
    });
    return redirect(`/videos/${args.params.videoId}`);
  } catch (error) {
    const refusal = refusalOf(args.request, error, "openDispute");
    return data(
      {
        intent: "dispute" as const,
        result: replyWithRefusal(submission, refusal, OPEN_DISPUTE_FIELDS),
      },
      { status: refusal.status },
    );
  }
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 border-b border-slate-100 py-2 last:border-0 sm:block sm:border-0 sm:py-0">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-right text-sm font-medium text-slate-900 sm:mt-0.5 sm:text-left">
        {children}
      </dd>
    </div>
  );
}

/** Hide from / show again in My videos; the ledger keeps every entry. */
function HideForm({ hidden }: { hidden: boolean }) {
  return (
    <Form method="post" className="mt-5 border-t border-slate-100 pt-4">
      <p className="mb-2 text-sm text-slate-600">
        {hidden
          ? "Hidden from My videos."
          : "Hide it from My videos and the create feed. Your credit history keeps it."}
      </p>
      <Button
        type="submit"
        name="intent"
        value={hidden ? "unhide" : "hide"}
        variant="secondary"
        size="sm"
      >
        {hidden ? "Show in My videos again" : "Hide from my videos"}
      </Button>
    </Form>
  );
}

function CancelForm({ video }: { video: VideoView }) {
  const navigation = useNavigation();
  const canceling =
    navigation.state !== "idle" &&
    navigation.formData?.get("intent") === "cancel";
  function confirmCancel(event: FormEvent<HTMLFormElement>) {
    const ok = window.confirm(
      `Cancel this video? Generation stops and ${formatCredits(video.creditsCost)} go back to your balance.`,
    );
    if (!ok) event.preventDefault();
  }
  return (
    <Form method="post" onSubmit={confirmCancel}>
      <Button
        type="submit"
        name="intent"
        value="cancel"
        variant="danger"
        disabled={canceling}
      >
        {canceling ? "Canceling…" : "Cancel video"}
      </Button>
    </Form>
  );
}

export default function VideoPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const live = useLiveQuery(
    api.videos.getVideo,
    { videoId: loaderData.videoId },
    loaderData.video,
    {
      requiresAuth: true,
    },
  );
  // Progress lives apart from the video (ADR 0029): a step sends a number.
  const progress = useLiveQuery(
    api.videos.getVideoProgress,
    { videoId: loaderData.videoId },
    null,
    { requiresAuth: true },
  );
  if (live === null) {
    return (
      <Alert tone="warning" title="This video is no longer available.">
        <Link to="/videos" className="font-semibold underline">
          Back to my videos
        </Link>
      </Alert>
    );
  }
  const video = live as VideoView;
  const unfinished = isUnfinished(video.status);
  const running =
    unfinished && progress !== null ? { ...video, progress } : video;
  const mine = loaderData.mine;
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            Video <StatusBadge video={running} />
          </span>
        }
        description={describeVideo(running).description}
        actions={
          <>
            {unfinished ? <CancelForm video={video} /> : null}
            <VideoActions video={video} />
          </>
        }
      />
      {loaderData.sunset ? (
        <div className="mb-6">
          <SunsetNotice
            name={loaderData.sunset.name}
            sunsetAt={loaderData.sunset.sunsetAt}
            successor={loaderData.sunset.successor}
            action="Re-create with"
          />
        </div>
      ) : null}
      {actionData && !("intent" in actionData) && actionData.error ? (
        <Alert tone="error" title={actionData.error.message} className="mb-6">
          {actionData.error.detail}
        </Alert>
      ) : null}
      <div className="grid gap-8 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <VideoStage
            video={running}
            typicalSeconds={loaderData.typicalSeconds}
          />
          {video.status === "succeeded" ? (
            <DisputePanel
              videoId={loaderData.videoId}
              initial={loaderData.dispute}
              lastResult={
                actionData && "intent" in actionData
                  ? actionData.result
                  : undefined
              }
            />
          ) : null}
          {video.status === "failed" || video.status === "canceled" ? (
            <Alert
              tone={video.status === "failed" ? "error" : "info"}
              title={
                video.status === "failed" ? "Generation failed" : "Canceled"
              }
            >
              {video.error ? <p>{video.error}</p> : null}
              <p className="font-semibold">{refundText(video)}</p>
            </Alert>
          ) : null}
          <section
            aria-labelledby="prompt-heading"
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2
              id="prompt-heading"
              className="text-sm font-semibold text-slate-900"
            >
              Prompt
            </h2>
            <p className="mt-2 whitespace-pre-wrap break-words text-slate-800">
              {video.prompt}
            </p>
          </section>
        </div>
        <section
          aria-labelledby="details-heading"
          className="h-fit rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2
            id="details-heading"
            className="mb-3 text-sm font-semibold text-slate-900"
          >
            Details
          </h2>
          <dl className="sm:space-y-3">
            <Fact label="Model">{video.modelName ?? video.model}</Fact>
            <Fact label="Duration">{video.duration} seconds</Fact>
            <Fact label="Quality">{formatQuality(video.quality)}</Fact>
            {(video.outputs ?? 1) > 1 ? (
              <Fact label="Outputs">{video.outputs}</Fact>
            ) : null}
            {Object.entries(video.inputs ?? {}).map(([name, value]) => (
              <Fact key={name} label={name.replace(/_/g, " ")}>
                {typeof value === "string" && /^https?:\/\//.test(value) ? (
                  <a href={value} className="underline">
                    image
                  </a>
                ) : (
                  String(value)
                )}
              </Fact>
            ))}
            <Fact label="Cost">
              {formatCredits(video.creditsCost)} ({formatUsd(video.creditsCost)}
              )
            </Fact>
            <Fact label="Created">
              <DateTime value={video.createdAt} />
            </Fact>
            {video.startedAt ? (
              <Fact label="Started">
                <DateTime value={video.startedAt} />
              </Fact>
            ) : null}
            {video.completedAt ? (
              <Fact label={video.status === "succeeded" ? "Finished" : "Ended"}>
                <DateTime value={video.completedAt} />
              </Fact>
            ) : null}
            {video.completedAt && video.startedAt ? (
              <Fact label="Generation time">
                {formatElapsed(video.completedAt - video.startedAt)}
              </Fact>
            ) : null}
          </dl>
          {mine ? (
            <>
              {video.status === "succeeded" ? (
                <SharePanel
                  videoId={video._id}
                  initial={loaderData.share}
                  origin={loaderData.origin}
                />
              ) : null}
              <HideForm hidden={video.hiddenAt !== undefined} />
            </>
          ) : null}
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <NotFoundPage
            title="Video not found"
            backTo="/videos"
            backLabel="Back to my videos"
          >
            It doesn&apos;t exist, or it belongs to someone else.
          </NotFoundPage>
        ),
      }}
    />
  );
}
