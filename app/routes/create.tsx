/**
 * `/create`: the studio (ADR 0045). The form on one side and a live feed of
 * the creator's latest videos on the other (under it on a phone). Generate
 * keeps the prompt and every setting, so a variant is one word away; the
 * new video appears at the top of the feed with its progress, and several
 * can render at once. "Reuse settings" / "Try again" on a card put that
 * video's settings back into the form (`?from=<videoId>` does the same from
 * other pages). Works without JavaScript: the action re-renders the page
 * with the submitted values and the feed from the loader.
 */
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { CreateFeed } from "~/components/create-feed";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { PageHeader } from "~/components/ui/page-header";
import type { VideoView } from "~/components/video-types";
import {
  initialModelId,
  VideoGenerationForm,
  type FormDefaults,
  type FormFeedback,
} from "~/components/video-generation-form";
import { api } from "~/utils/api";
import { utcDay } from "~/utils/rules";
import { requireUser } from "~/utils/auth.server";
import { convexClient, loaderQuery } from "~/utils/convex.server";
import { parseCreatorInputs } from "~/utils/creator-inputs.server";
import { CreateVideoSchema } from "~/utils/form-schemas.server";
import { parseWithZod, refusalOf } from "~/utils/forms.server";
import { useModelInsights } from "~/utils/insights";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";

export const meta: MetaFunction = () => [
  { title: `Create a video · ${PRODUCT_NAME}` },
];

/** Videos in the feed (older ones are on /videos). */
const FEED_SIZE = 8;

/** A video's settings as form values. */
function settingsOf(video: VideoView): FormDefaults {
  return {
    model: video.model,
    duration: String(video.duration),
    quality: video.quality,
    prompt: video.prompt,
    ...(video.outputs ? { outputs: String(video.outputs) } : {}),
    // The registry's creator inputs too (image inputs come back as the URL
    // the video was made from, which createVideo accepts as is).
    ...(video.inputs ? { inputs: { ...video.inputs } } : {}),
  };
}

/** The models whose insights the page shows: the chosen one and the feed's. */
function insightIds(chosen: string, feed: VideoView[]): string[] {
  return [...new Set([chosen, ...feed.map((v) => v.model)])]
    .filter((id) => id !== "")
    .slice(0, 100);
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const from = url.searchParams.get("from");
  const [models, { balance }, feed, source] = await Promise.all([
    // The list carries the caller's lock state; prices come per model.
    loaderQuery(user.token, api.models.listModelChoices, {}),
    loaderQuery(user.token, api.credits.getMyBalance, {}),
    loaderQuery(user.token, api.videos.getMyVideos, {
      paginationOpts: { numItems: FEED_SIZE, cursor: null },
    }),
    from
      ? loaderQuery(user.token, api.videos.getVideo, { videoId: from })
      : Promise.resolve(null),
  ]);
  // `?model=` preselects a model (links from the compare page); `?from=`
  // reuses a video's settings ("Reuse settings" on other pages).
  const defaults: FormDefaults = source
    ? settingsOf(source as VideoView)
    : { model: url.searchParams.get("model") ?? undefined };
  // Only the chosen model's details and prices: the list has none (ADR 0029).
  const modelId = initialModelId(models, defaults.model);
  const today = utcDay(Date.now());
  const [initialModel, insights] = await Promise.all([
    modelId === ""
      ? null
      : loaderQuery(user.token, api.pricing.getModelForCreate, { modelId }),
    // Speed and success for the chosen model and the feed's, not all 200.
    loaderQuery(undefined, api.insights.getModelInsights, {
      modelIds: insightIds(modelId, feed.page as VideoView[]),
      today,
    }),
  ]);
  return {
    models,
    initialModel,
    balance,
    defaults,
    insights,
    today,
    feed: {
      page: feed.page,
      isDone: feed.isDone,
      continueCursor: feed.continueCursor,
    },
  };
}

type ActionData = FormFeedback & {
  values: Record<string, string>;
  /** The video just created, when Generate worked. */
  created?: string;
};

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const formData = await args.request.formData();
  if (formData.get("intent") === "unlock") {
    // One-click unlock of a premium model, confirmed in the form.
    const modelId = String(formData.get("modelId") ?? "");
    try {
      await convexClient(user.token).mutation(api.plans.unlockModel, {
        modelId,
      });
      return data({ unlocked: modelId });
    } catch (error) {
      const refusal = refusalOf(args.request, error, "unlockModel");
      return data(
        { unlockError: refusal.detail ?? refusal.message },
        { status: refusal.status },
      );
    }
  }
  const submission = parseWithZod(formData, { schema: CreateVideoSchema });
  const values = Object.fromEntries(
    Object.entries(submission.payload).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
  if (submission.status !== "success") {
    const { "": formErrors, ...fieldErrors } = submission.error ?? {};
    return data<ActionData>(
      {
        fieldErrors: Object.fromEntries(
          Object.entries(fieldErrors).map(([k, v]) => [k, v ?? undefined]),
        ),
        formErrors: formErrors ?? [],
        values,
      },
      { status: 400 },
    );
  }
  try {
    const client = convexClient(user.token);
    // Creator inputs are typed by the model's own definitions.
    const model = await client.query(api.models.getModelById, {
      modelId: submission.value.model,
    });
    const inputs = parseCreatorInputs(model?.inputs, formData);
    const videoId = await client.mutation(api.videos.createVideo, {
      ...submission.value,
      ...(Object.keys(inputs).length > 0 ? { inputs } : {}),
    });
    // Stay on the page: the form keeps its values, the feed shows the video.
    return data<ActionData>({ created: videoId, values });
  } catch (error) {
    const refusal = refusalOf(args.request, error, "createVideo");
    const fieldErrors: Record<string, string[]> = {};
    if (
      refusal.field &&
      (refusal.field in CreateVideoSchema.shape ||
        refusal.field.startsWith("inputs."))
    ) {
      fieldErrors[refusal.field] = [refusal.detail ?? refusal.message];
    }
    return data<ActionData>(
      { serverError: refusal, fieldErrors, values },
      { status: refusal.status },
    );
  }
}

const TIPS = [
  "Say what happens, not just what is there: “a paper boat drifts down a rainy street”.",
  "Name the look: lighting, lens, colour grade, era.",
  "Keep one idea per clip. Short clips reward simple, clear motion.",
  "Draft with a budget model, then use a premium one for the final version.",
];

/** Settings put into the form by a card; a new `nonce` remounts the form. */
type Fill = { values: FormDefaults; nonce: number; generate: boolean };

export default function CreatePage() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Unlocks post through a fetcher; page-level results are the form's.
  const actionData = result && "values" in result ? result : undefined;
  const navigation = useNavigation();
  // Live once signed in to Convex, so it is always the caller's price.
  const models = useLiveQuery(
    api.models.listModelChoices,
    {},
    loaderData.models,
    { requiresAuth: true },
  );
  const { balance } = useLiveQuery(
    api.credits.getMyBalance,
    {},
    { balance: loaderData.balance },
    { requiresAuth: true },
  );
  const feed = useLivePaginatedQuery(
    api.videos.getMyVideos,
    {},
    loaderData.feed,
    FEED_SIZE,
  );
  const videos = feed.results.slice(0, FEED_SIZE) as VideoView[];
  const insights = useModelInsights(
    insightIds(loaderData.initialModel?.modelId ?? "", videos),
    loaderData.insights,
    loaderData.today,
  );
  const typical = new Map(
    [...insights].map(([id, row]) => [id, row.typicalSeconds]),
  );
  const submitting =
    navigation.state !== "idle" &&
    navigation.formMethod?.toUpperCase() === "POST";

  const [fill, setFill] = useState<Fill | null>(null);
  const onReuse = useCallback((video: VideoView, generate: boolean) => {
    setFill((prev) => ({
      values: settingsOf(video),
      nonce: (prev?.nonce ?? 0) + 1,
      generate,
    }));
    document
      .getElementById("create-form")
      ?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, []);
  // A fill is used once; later renders keep the form's own state.
  useEffect(() => {
    if (fill?.generate) setFill((f) => (f ? { ...f, generate: false } : f));
  }, [fill?.generate]);

  const defaults = fill?.values ?? actionData?.values ?? loaderData.defaults;
  const created = actionData?.created
    ? videos.find((v) => v._id === actionData.created)
    : undefined;
  return (
    <>
      <PageHeader
        title="Create a video"
        description="Choose a model, a length and a quality. The price on the button is exactly what you'll be charged. Your settings stay put after Generate, so the next variant is one edit away."
      />
      <div className="grid gap-8 lg:grid-cols-2">
        <div id="create-form" className="scroll-mt-4 space-y-6">
          {actionData?.created && !submitting ? (
            <Alert tone="success" title="Your video is on its way.">
              {created
                ? `“${created.prompt.slice(0, 80)}” is at the top of your videos.`
                : "It is at the top of your videos."}{" "}
              <a href="#feed" className="font-semibold underline lg:hidden">
                See its progress
              </a>
            </Alert>
          ) : null}
          <VideoGenerationForm
            key={fill?.nonce ?? 0}
            models={models}
            initialModel={loaderData.initialModel}
            balance={balance}
            defaults={defaults}
            feedback={fill ? undefined : actionData}
            submitting={submitting}
            autoSubmit={fill?.generate ?? false}
            insights={insights}
          />
          <details className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
            <summary className="cursor-pointer font-semibold text-slate-900">
              Tips for good prompts
            </summary>
            <ul className="mt-3 list-disc space-y-2 pl-5 text-slate-700">
              {TIPS.map((tip) => (
                <li key={tip}>{tip}</li>
              ))}
            </ul>
          </details>
        </div>
        <CreateFeed
          videos={videos}
          typicalSeconds={typical}
          onReuse={onReuse}
        />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
