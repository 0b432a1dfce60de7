/**
 * `/admin/models/<modelId>` (a splat, since modelIds contain a slash):
 * one model, live — its indicators and one-step actions, the inline editor
 * (`?edit=1`), usage statistics, the price of every duration × quality,
 * every stored field, and its audit trail (`models.getModelAuditTrail`,
 * paginated, newest first). Posts go to the shared model action.
 */
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { AuditTrail, type AuditEntry } from "~/components/admin/audit-trail";
import { LoadMore, OlderPageNotice } from "~/components/load-more";
import {
  ModelControls,
  useModelControls,
} from "~/components/admin/model-controls";
import {
  FieldList,
  PricingMatrix,
  UsageStats,
} from "~/components/admin/model-details";
import { modelHref } from "~/components/admin/model-card";
import { ModelStatusBadges } from "~/components/admin/model-status-badges";
import { FeaturedSample } from "~/components/admin/featured-sample";
import {
  GeneralErrorBoundary,
  NotFoundPage,
} from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { handleModelAction } from "~/utils/admin-models.server";
import { api } from "~/utils/api";
import { loaderQuery } from "~/utils/convex.server";
import { useLivePaginatedQuery, useLiveQuery } from "~/utils/live";
import { ModelHealth } from "~/components/admin/model-health";
import { ScheduledPrices } from "~/components/admin/scheduled-prices/scheduled-prices";

/** Audit entries per page. */
const PAGE_SIZE = 20;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  {
    title: `${loaderData?.model.name ?? "Model"} · Admin · ${PRODUCT_NAME}`,
  },
];

/** The model (404 if it never existed), its statistics and a page of its audit trail. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireAdminUser(args);
  const modelId = args.params["*"] ?? "";
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const model = await loaderQuery(user.token, api.models.getModelById, {
    modelId,
  });
  if (!model) throw new Response("Model not found", { status: 404 });
  const [stats, audit, active] = await Promise.all([
    loaderQuery(user.token, api.models.getModelStatsForAdmin, { modelId }),
    loaderQuery(user.token, api.models.getModelAuditTrail, {
      modelId,
      paginationOpts: { numItems: PAGE_SIZE, cursor },
    }),
    loaderQuery(user.token, api.models.getActiveModels, {}),
  ]);
  return {
    modelId,
    model,
    stats,
    cursor,
    /** Active models' IDs, suggested as successors in the editor. */
    modelIds: active.map((m) => m.modelId),
    audit: {
      page: audit.page,
      isDone: audit.isDone,
      continueCursor: audit.continueCursor,
    },
  };
}

/** The shared model action (`handleModelAction`). */
export async function action(args: ActionFunctionArgs) {
  return handleModelAction(args);
}

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="mt-10">
      <h2 id={id} className="text-xl font-bold text-slate-900">
        {title}
      </h2>
      {description ? (
        <p className="mt-1 text-sm text-slate-600">{description}</p>
      ) : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}

export default function ModelDetailPage() {
  const loaderData = useLoaderData<typeof loader>();
  const { modelId } = loaderData;
  const href = modelHref(modelId);
  const [searchParams] = useSearchParams();
  const liveModel = useLiveQuery(
    api.models.getModelById,
    { modelId },
    loaderData.model,
  );
  const model = liveModel ?? loaderData.model;
  const stats = useLiveQuery(
    api.models.getModelStatsForAdmin,
    { modelId },
    loaderData.stats,
  );
  const paged = loaderData.cursor !== null;
  const live = useLivePaginatedQuery(
    api.models.getModelAuditTrail,
    { modelId },
    loaderData.audit,
    PAGE_SIZE,
    { snapshot: paged },
  );
  const entries = live.results as AuditEntry[];
  const controls = useModelControls(modelId, searchParams.get("edit") === "1");

  return (
    <>
      <p className="mb-4 text-sm">
        <Link
          to="/admin/models"
          className="font-medium text-indigo-700 underline-offset-2 hover:underline"
        >
          ← All models
        </Link>
      </p>
      <PageHeader
        title={model.name}
        description={
          <span className="flex flex-col gap-2">
            <span className="break-all font-mono text-sm">{model.modelId}</span>
            <ModelStatusBadges model={model} />
          </span>
        }
      />
      {searchParams.get("created") === "1" ? (
        <Alert tone="success" title="Model created." className="mb-6">
          {model.isActive
            ? "It is live: creators can pick it now."
            : "It is inactive: activate it when creators should see it."}
        </Alert>
      ) : null}
      {model.description ? (
        <p className="mb-6 max-w-3xl text-slate-700">{model.description}</p>
      ) : null}
      <div className="space-y-3">
        <ModelControls
          model={model}
          controls={controls}
          editHref={`${href}?edit=1`}
          closeHref={href}
          modelIds={loaderData.modelIds}
        />
      </div>

      <Section
        id="usage-heading"
        title="Usage"
        description="Live: videos made with this model, and how they ended."
      >
        <UsageStats stats={stats} />
      </Section>
      <Section
        id="health-heading"
        title="Health"
        description="Success and speed over the last hour and day; the circuit breaker pauses the model when too many recent videos fail."
      >
        <ModelHealth modelId={modelId} />
      </Section>
      <Section
        id="pricing-heading"
        title="Pricing"
        description="What creators pay, in credits, for each video this model can make (1 credit = US$0.01)."
      >
        <PricingMatrix model={model} />
      </Section>
      <Section
        id="scheduled-heading"
        title="Scheduled price changes"
        description="Price changes set for a later date. Each applies by itself at its time and is recorded in the audit trail."
      >
        <ScheduledPrices model={model} />
      </Section>
      <Section
        id="sample-heading"
        title="Featured sample"
        description="A video creators see next to this model on the compare page. Pick one of its recent successes."
      >
        <FeaturedSample modelId={modelId} />
      </Section>
      <Section
        id="audit-heading"
        title="Audit trail"
        description="Who changed what, and when. Newest first."
      >
        {paged ? (
          <OlderPageNotice newestHref={href}>
            Showing older changes.
          </OlderPageNotice>
        ) : null}
        <AuditTrail entries={entries} />
        <LoadMore
          live={live}
          continueCursor={loaderData.audit.continueCursor}
          label="Older changes"
        />
      </Section>
      <Section
        id="fields-heading"
        title="All fields"
        description="Everything stored about this model."
      >
        <FieldList model={model} />
      </Section>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <NotFoundPage
            title="Model not found"
            backTo="/admin/models"
            backLabel="Back to the models"
          >
            No model with this ID was ever created.
          </NotFoundPage>
        ),
      }}
    />
  );
}
