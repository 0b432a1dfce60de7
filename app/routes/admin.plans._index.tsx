/**
 * `/admin/plans`: every plan (live) with what it allows, its price
 * multiplier, its monthly credits and whether new users start on it; a
 * link to create one, and the access audit trail of every plan, override,
 * unlock, role and credit change (`plans.getAccessAuditTrail`, paginated).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AccessAuditSection } from "~/components/admin/access-audit-trail";
import { ScrollTable, Td, Th } from "~/components/admin/table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";
import { formatCredits, formatQuality } from "~/utils/misc";

/** Audit entries per page. */
const PAGE_SIZE = 20;

export const meta: MetaFunction = () => [
  { title: `Plans · Admin · ${PRODUCT_NAME}` },
];

/** Every plan and the newest page of the access audit trail (`?cursor=`). */
export async function loader(args: LoaderFunctionArgs) {
  const admin = await requireAdminUser(args);
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const [plans, audit] = await Promise.all([
    loaderQuery(admin.token, api.plans.listPlans, {}),
    loaderQuery(admin.token, api.plans.getAccessAuditTrail, {
      paginationOpts: { numItems: PAGE_SIZE, cursor },
    }),
  ]);
  return {
    plans,
    cursor,
    audit: {
      page: audit.page,
      isDone: audit.isDone,
      continueCursor: audit.continueCursor,
    },
  };
}

/** "All models", or the categories and number of models it allows. */
function allowedText(plan: {
  allowedCategories?: string[];
  allowedModelIds?: string[];
}) {
  const parts = [
    ...(plan.allowedCategories ?? []).map(formatQuality),
    ...(plan.allowedModelIds?.length
      ? [
          `${plan.allowedModelIds.length} model${plan.allowedModelIds.length === 1 ? "" : "s"}`,
        ]
      : []),
  ];
  return parts.length === 0 ? "All models" : parts.join(", ");
}

export default function AdminPlansPage() {
  const loaderData = useLoaderData<typeof loader>();
  const plans =
    useLiveQuery(api.plans.listPlans, {}, loaderData.plans, {
      requiresAuth: true,
    }) ?? loaderData.plans;
  const live = useLivePaginatedQuery(
    api.plans.getAccessAuditTrail,
    {},
    loaderData.audit,
    PAGE_SIZE,
    { snapshot: loaderData.cursor !== null },
  );
  return (
    <>
      <PageHeader
        title="Plans"
        description="What each plan's users may use and what they pay. Assign plans, overrides and unlocks on a user's page."
        actions={
          <Link to="/admin/plans/new" className={buttonClasses("primary")}>
            New plan
          </Link>
        }
      />
      {plans.length === 0 ? (
        <Alert tone="info" title="No plans yet.">
          Every user may use every model at list price. Create a plan to offer
          different models, prices or monthly credits.
        </Alert>
      ) : (
        <ScrollTable caption="Plans">
          <thead className="bg-slate-50">
            <tr>
              <Th>Plan</Th>
              <Th>Allows</Th>
              <Th align="right">Price</Th>
              <Th align="right">Monthly credits</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {plans.map((plan) => (
              <tr key={plan._id}>
                <Td>
                  <Link
                    to={`/admin/plans/${plan.planId}`}
                    className="font-medium text-indigo-700 underline-offset-2 hover:underline"
                  >
                    {plan.name}
                  </Link>{" "}
                  {plan.isDefault ? <Badge tone="green">Default</Badge> : null}
                  <span className="block font-mono text-xs text-slate-600">
                    {plan.planId}
                  </span>
                </Td>
                <Td>{allowedText(plan)}</Td>
                <Td align="right">×{plan.priceMultiplier ?? 1}</Td>
                <Td align="right">
                  {plan.monthlyCredits
                    ? formatCredits(plan.monthlyCredits)
                    : "—"}
                </Td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <AccessAuditSection
        id="access-audit-heading"
        title="Access audit trail"
        live={live}
        continueCursor={loaderData.audit.continueCursor}
        showUser
      >
        Plans, assignments, overrides, unlocks, roles and credit grants of every
        user. Newest first.
      </AccessAuditSection>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
