/**
 * `/admin/models/new`: the model form in "new" mode. The action parses the
 * post with the form's own schema (`ModelFormSchema`, as the browser did),
 * calls `models.createModel`, and redirects to the new model's page;
 * refusals (DUPLICATE_MODEL_ID, INVALID_ARGUMENT with `data.field`) come
 * back next to their field, with the status from app/utils/errors.ts.
 */
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useNavigation } from "@remix-run/react";
import { modelHref } from "~/components/admin/model-card";
import { ModelForm } from "~/components/admin/model-form/model-form";
import {
  MODEL_FIELD_NAMES,
  ModelFormSchema,
  toCreateArgs,
} from "~/components/admin/model-form/schema";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { convexClient } from "~/utils/convex.server";
import {
  parseWithZod,
  refusalOf,
  replyWithRefusal,
} from "~/utils/forms.server";

export const meta: MetaFunction = () => [
  { title: `New model · Admin · ${PRODUCT_NAME}` },
];

/** Admins only; the form needs no data. */
export async function loader(args: LoaderFunctionArgs) {
  await requireAdminUser(args);
  return null;
}

/** Parses the form like the browser did, creates the model, and redirects to it. */
export async function action(args: ActionFunctionArgs) {
  const user = await requireAdminUser(args);
  const submission = parseWithZod(await args.request.formData(), {
    schema: ModelFormSchema,
  });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const model = toCreateArgs(submission.value);
  try {
    await convexClient(user.token).mutation(api.models.createModel, model);
    return redirect(`${modelHref(model.modelId)}?created=1`);
  } catch (error) {
    const refusal = refusalOf(args.request, error, "createModel");
    return data(
      { result: replyWithRefusal(submission, refusal, MODEL_FIELD_NAMES) },
      { status: refusal.status },
    );
  }
}

export default function NewModelPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting =
    navigation.state !== "idle" &&
    navigation.formMethod?.toUpperCase() === "POST";
  return (
    <>
      <PageHeader
        title="New model"
        description="Add a model to the catalogue. Active models appear on every creator's create form as soon as you save."
      />
      <ModelForm
        mode="new"
        lastResult={actionData?.result}
        submitting={submitting}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
