/**
 * `/admin/plans/<planId>`: one plan — its form (`plans.updatePlan`, only
 * the changed fields; an emptied field is cleared) and its audit trail
 * (`plans.getAccessAuditTrail({ planId })`: created, changed, assigned),
 * live and paginated. 404 for a plan that does not exist.
 */
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { AccessAuditSection } from "~/components/admin/access-audit-trail";
import { PlanForm } from "~/components/admin/plan-form/plan-form";
import {
  PLAN_FIELD_NAMES,
  PlanFormSchema,
  toPlanPatch,
} from "~/components/admin/plan-form/schema";
import {
  GeneralErrorBoundary,
  NotFoundPage,
} from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { convexClient, loaderQuery } from "~/utils/convex.server";
import { ERRORS } from "~/utils/errors";
import {
  parseWithZod,
  refusalOf,
  replyWithRefusal,
} from "~/utils/forms.server";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";

/** Audit entries per page. */
const PAGE_SIZE = 20;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  {
    title: `${loaderData?.plan.name ?? "Plan"} · Plans · Admin · ${PRODUCT_NAME}`,
  },
];

/** The plan (404 when unknown), the active models and its audit trail. */
export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  const planId = args.params.planId ?? "";
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const plan = await loaderQuery(admin.token, api.plans.getPlan, { planId });
  if (!plan) throw new Response("Plan not found", { status: 404 });
  const [models, audit] = await Promise.all([
    loaderQuery(admin.token, api.models.getActiveModels, {}),
    loaderQuery(admin.token, api.plans.getAccessAuditTrail, {
      planId,
      paginationOpts: { numItems: PAGE_SIZE, cursor },
    }),
  ]);
  return {
    planId,
    plan,
    models,
    cursor,
    audit: {
      page: audit.page,
      isDone: audit.isDone,
      continueCursor: audit.continueCursor,
    },
  };
}

/** Saves the changed fields (`plans.updatePlan`). */
export async function action(args: ActionFunctionArgs) {
  const admin = await requireAdminUser(args);
  const planId = args.params.planId ?? "";
  const submission = parseWithZod(await args.request.formData(), {
    schema: PlanFormSchema,
  });
  if (submission.status !== "success") {
    return data({ ok: false, result: submission.reply() }, { status: 400 });
  }
  const convex = convexClient(admin.token);
  try {
    const plan = await convex.query(api.plans.getPlan, { planId });
    if (!plan) {
      return data(
        {
          ok: false,
          result: submission.reply({
            formErrors: ["This plan no longer exists."],
          }),
        },
        { status: ERRORS.NOT_FOUND.status },
      );
    }
    const patch = toPlanPatch(plan, submission.value);
    const changed = Object.keys(patch).length > 0;
    if (changed) {
      await convex.mutation(api.plans.updatePlan, { planId, ...patch });
    }
    return data({
      ok: true,
      message: changed
        ? "Plan saved. Its users' prices and models follow now."
        : "Nothing changed.",
      result: undefined,
    });
  } catch (error) {
    const refusal = refusalOf(args.request, error, "updatePlan");
    return data(
      {
        ok: false,
        result: replyWithRefusal(submission, refusal, PLAN_FIELD_NAMES),
      },
      { status: refusal.status },
    );
  }
}

export default function AdminPlanPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const { planId } = loaderData;
  const plan =
    useLiveQuery(api.plans.getPlan, { planId }, loaderData.plan, {
      requiresAuth: true,
    }) ?? loaderData.plan;
  const live = useLivePaginatedQuery(
    api.plans.getAccessAuditTrail,
    { planId },
    loaderData.audit,
    PAGE_SIZE,
    { snapshot: loaderData.cursor !== null },
  );
  return (
    <>
      <p className="mb-4 text-sm">
        <Link
          to="/admin/plans"
          className="font-medium text-indigo-700 underline-offset-2 hover:underline"
        >
          ← All plans
        </Link>
      </p>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {plan.name}
            {plan.isDefault ? <Badge tone="green">Default</Badge> : null}
          </span>
        }
        description={<span className="font-mono text-sm">{plan.planId}</span>}
      />
      {searchParams.get("created") === "1" && !actionData ? (
        <Alert tone="success" title="Plan created." className="mb-6">
          Assign it to users on their page (Users &amp; credits).
        </Alert>
      ) : null}
      {actionData && "message" in actionData ? (
        <Alert tone="success" title={actionData.message} className="mb-6" />
      ) : null}
      <PlanForm
        // A fresh form once saved, so it shows the stored values.
        key={actionData?.ok ? plan.updatedAt : "plan"}
        plan={plan}
        models={loaderData.models}
        lastResult={actionData?.ok ? undefined : actionData?.result}
        submitting={
          navigation.state !== "idle" &&
          navigation.formMethod?.toUpperCase() === "POST"
        }
      />
      <AccessAuditSection
        id="plan-audit-heading"
        title="Audit trail"
        live={live}
        continueCursor={loaderData.audit.continueCursor}
        showUser
      >
        Who created and changed this plan, and who was put on it. Newest first.
      </AccessAuditSection>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <NotFoundPage
            title="Plan not found"
            backTo="/admin/plans"
            backLabel="Back to plans"
          >
            No plan has this ID.
          </NotFoundPage>
        ),
      }}
    />
  );
}
