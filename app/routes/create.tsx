/**
 * `/create`: the VideoGenerationForm. The loader renders it with the
 * catalogue and balance (live after hydration); the action validates with
 * zod, calls `videos.createVideo` with the user's token and redirects to the
 * new video, or returns the backend's refusal by meaning next to the fields.
 */
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { PageHeader } from "~/components/ui/page-header";
import {
  initialModelId,
  VideoGenerationForm,
  type FormFeedback,
} from "~/components/video-generation-form";
import { api } from "~/utils/api";
import { requireUser } from "~/utils/auth.server";
import { convexClient, loaderQuery } from "~/utils/convex.server";
import { parseCreatorInputs } from "~/utils/creator-inputs.server";
import { CreateVideoSchema } from "~/utils/form-schemas.server";
import { parseWithZod, refusalOf } from "~/utils/forms.server";
import { useLiveQuery } from "~/utils/live";

export const meta: MetaFunction = () => [
  { title: `Create a video · ${PRODUCT_NAME}` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const [models, { balance }] = await Promise.all([
    // The list carries the caller's lock state; prices come per model.
    loaderQuery(user.token, api.models.listModelChoices, {}),
    loaderQuery(user.token, api.credits.getMyBalance, {}),
  ]);
  // `?model=` preselects a model (links from the compare page).
  const preselect =
    new URL(args.request.url).searchParams.get("model") ?? undefined;
  // Only the chosen model's details and prices: the list has none (ADR 0029).
  const modelId = initialModelId(models, preselect);
  const initialModel =
    modelId === ""
      ? null
      : await loaderQuery(user.token, api.pricing.getModelForCreate, {
          modelId,
        });
  return { models, initialModel, balance, preselect };
}

type ActionData = FormFeedback & { values: Record<string, string> };

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
    return redirect(`/videos/${videoId}`);
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
  const submitting =
    navigation.state !== "idle" &&
    navigation.formMethod?.toUpperCase() === "POST";
  const defaults = actionData?.values ?? { model: loaderData.preselect };
  return (
    <>
      <PageHeader
        title="Create a video"
        description="Choose a model, a length and a quality. The price on the button is exactly what you'll be charged."
      />
      <div className="grid gap-8 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <VideoGenerationForm
            models={models}
            initialModel={loaderData.initialModel}
            balance={balance}
            defaults={defaults}
            feedback={actionData}
            submitting={submitting}
          />
        </div>
        <aside
          aria-labelledby="tips-heading"
          className="h-fit rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="tips-heading" className="font-semibold text-slate-900">
            Tips for good prompts
          </h2>
          <ul className="mt-3 list-disc space-y-2 pl-5 text-sm text-slate-700">
            {TIPS.map((tip) => (
              <li key={tip}>{tip}</li>
            ))}
          </ul>
        </aside>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
