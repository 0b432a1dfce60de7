/**
 * `/admin/models/new`: the model creation form. The action checks the
 * submission with the same zod formats and backend rules as the browser
 * (`checkNewModel`), calls `models.createModel`, and redirects to the new
 * model's page; refusals (DUPLICATE_MODEL_ID, INVALID_ARGUMENT with
 * `data.field`) come back next to their field.
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
import {
  checkNewModel,
  formValues,
  type FieldErrors,
} from "~/components/admin/model-form";
import { NewModelForm } from "~/components/admin/new-model-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { convexClient } from "~/utils/convex.server";
import { describeError, type ErrorInfo } from "~/utils/errors";
import { signInUrlFor } from "~/utils/redirect";

export const meta: MetaFunction = () => [
  { title: `New model · Admin · ${PRODUCT_NAME}` },
];

/** Admins only; the form needs no data. */
export async function loader(args: LoaderFunctionArgs) {
  await requireAdminUser(args);
  return null;
}

type ActionData = {
  fieldErrors: FieldErrors;
  formErrors: string[];
  serverError?: ErrorInfo;
  values: Record<string, string>;
};

/** Checks the form like the browser did, creates the model, and redirects to it. */
export async function action(args: ActionFunctionArgs) {
  const user = await requireAdminUser(args);
  const values = formValues(await args.request.formData());
  const check = checkNewModel(values);
  if (!check.data) {
    return data<ActionData>(
      {
        fieldErrors: check.fieldErrors,
        formErrors: check.formErrors,
        values,
      },
      { status: 400 },
    );
  }
  try {
    await convexClient(user.token).mutation(api.models.createModel, check.data);
    return redirect(`${modelHref(check.data.modelId)}?created=1`);
  } catch (error) {
    const info = describeError(error);
    if (info.code === "UNAUTHENTICATED")
      throw redirect(signInUrlFor(args.request));
    if (!info.code) console.error("createModel failed:", error);
    const fieldErrors: FieldErrors = {};
    if (info.field) fieldErrors[info.field] = [info.detail ?? info.message];
    return data<ActionData>(
      {
        fieldErrors,
        formErrors: [],
        serverError: info.field ? undefined : info,
        values,
      },
      {
        status: !info.code ? 500 : info.code === "INVALID_ARGUMENT" ? 400 : 409,
      },
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
      {actionData?.serverError ? (
        <Alert
          tone="error"
          title={actionData.serverError.message}
          className="mb-6"
        >
          {actionData.serverError.detail}
        </Alert>
      ) : null}
      <NewModelForm
        initial={actionData?.values}
        server={actionData}
        submitting={submitting}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
