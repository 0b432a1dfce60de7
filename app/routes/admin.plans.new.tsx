/**
 * `/admin/plans/new`: the plan form in "new" mode. The action parses the
 * post with the form's schema (`PlanFormSchema`, as the browser did), calls
 * `plans.createPlan` and goes to the new plan's page; refusals
 * (INVALID_ARGUMENT with `data.field`, e.g. a plan ID that exists) come back
 * next to their field.
 */
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PlanForm } from "~/components/admin/plan-form/plan-form";
import {
  PLAN_FIELD_NAMES,
  PlanFormSchema,
  toCreatePlanArgs,
} from "~/components/admin/plan-form/schema";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { convexClient, loaderQuery } from "~/utils/convex.server";
import {
  parseWithZod,
  refusalOf,
  replyWithRefusal,
} from "~/utils/forms.server";

export const meta: MetaFunction = () => [
  { title: `New plan · Admin · ${PRODUCT_NAME}` },
];

/** The active models, to choose from. */
export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  const models = await loaderQuery(admin.token, api.models.getActiveModels, {});
  return { models };
}

/** Parses the form like the browser did, creates the plan, and opens it. */
export async function action(args: ActionFunctionArgs) {
  const admin = await requireAdminUser(args);
  const submission = parseWithZod(await args.request.formData(), {
    schema: PlanFormSchema,
  });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const plan = toCreatePlanArgs(submission.value);
  try {
    await convexClient(admin.token).mutation(api.plans.createPlan, plan);
    return redirect(`/admin/plans/${plan.planId}?created=1`);
  } catch (error) {
    const refusal = refusalOf(args.request, error, "createPlan");
    return data(
      { result: replyWithRefusal(submission, refusal, PLAN_FIELD_NAMES) },
      { status: refusal.status },
    );
  }
}

export default function NewPlanPage() {
  const { models } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <PageHeader
        title="New plan"
        description="Which models its users may use, what they pay, and the credits they get each month."
      />
      <PlanForm
        models={models}
        lastResult={actionData?.result}
        submitting={
          navigation.state !== "idle" &&
          navigation.formMethod?.toUpperCase() === "POST"
        }
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
