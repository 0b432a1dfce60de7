/**
 * `/compare`: every active model priced at one duration and quality
 * (`pricing.getModelPricingComparison`), live, next to its typical speed,
 * 30-day success rate and featured sample (`insights.getModelInsights`,
 * ADR 0048), with the choices gathered
 * from the catalogue. Creator inputs a price depends on (price modifiers,
 * e.g. Veo 3's audio) and the number of outputs can be chosen too
 * (`?in.<input>=<value>&outputs=`, issue 13): each model is priced with
 * the ones it takes, through the one price function. State lives in the
 * URL (`?duration=&quality=&sort=&dir=`) so the page works without
 * JavaScript and can be shared. Public.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSubmit } from "@remix-run/react";
import { ComparisonTable } from "~/components/comparison-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Button } from "~/components/ui/button";
import { inputClasses } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { api } from "~/utils/api";
import { utcDay } from "~/utils/rules";
import { allowedDurations } from "~/utils/model-rules";
import {
  compareInputs,
  INPUT_PARAM_PREFIX,
  mostOutputs,
  readCompareInputs,
  type SortDir,
  type SortKey,
} from "~/utils/compare";
import { getOptionalUser } from "~/utils/auth.server";
import { loaderQuery } from "~/utils/convex.server";
import { useModelInsights } from "~/utils/insights";
import { useLiveQuery } from "~/utils/live";
import { formatQuality } from "~/utils/misc";
import { useHydrated } from "~/utils/use-hydrated";
import { EmptyState } from "~/components/ui/empty-state";
import { FilterSelect } from "~/components/ui/filter-select";

export const meta: MetaFunction = () => [
  { title: `Compare models · ${PRODUCT_NAME}` },
];

/** The comparison's arguments from the URL; invalid values are ignored. */
function readSearch(url: URL) {
  const durationParam = Number(url.searchParams.get("duration"));
  const qualityParam = url.searchParams.get("quality")?.trim();
  const sortParam = url.searchParams.get("sort");
  const sort: SortKey =
    sortParam === "name" || sortParam === "cps" ? sortParam : "cost";
  const dir: SortDir = url.searchParams.get("dir") === "desc" ? "desc" : "asc";
  const outputsParam = Number(url.searchParams.get("outputs"));
  const inputs = readCompareInputs(url.searchParams);
  // Only defined keys: Convex arguments cannot carry `undefined`.
  const args: {
    duration?: number;
    quality?: string;
    inputs?: Record<string, string | number | boolean>;
    outputs?: number;
  } = {};
  if (Number.isSafeInteger(durationParam) && durationParam > 0)
    args.duration = durationParam;
  if (qualityParam) args.quality = qualityParam;
  if (Object.keys(inputs).length > 0) args.inputs = inputs;
  if (Number.isInteger(outputsParam) && outputsParam > 1 && outputsParam <= 4)
    args.outputs = outputsParam;
  return { args, sort, dir };
}

export async function loader(loaderArgs: LoaderFunctionArgs) {
  const { args, sort, dir } = readSearch(new URL(loaderArgs.request.url));
  // Signed in: the caller's own prices (plan, overrides, unlocks).
  const user = await getOptionalUser(loaderArgs);
  const [rows, models] = await Promise.all([
    loaderQuery(user?.token, api.pricing.getModelPricingComparison, args),
    loaderQuery(undefined, api.models.getActiveModels, {}),
  ]);
  const today = utcDay(Date.now());
  const insights = await loaderQuery(undefined, api.insights.getModelInsights, {
    modelIds: rows.map((row) => row.modelId).slice(0, 100),
    today,
  });
  return {
    rows,
    models,
    args,
    sort,
    dir,
    insights,
    today,
    signedIn: user !== null,
  };
}

export default function ComparePage() {
  const loaderData = useLoaderData<typeof loader>();
  const { args, sort, dir } = loaderData;
  const rows = useLiveQuery(
    api.pricing.getModelPricingComparison,
    args,
    loaderData.rows,
    { requiresAuth: loaderData.signedIn },
  );
  const models = useLiveQuery(
    api.models.getActiveModels,
    {},
    loaderData.models,
  );
  const insights = useModelInsights(
    rows.map((row) => row.modelId),
    loaderData.insights,
    loaderData.today,
  );
  const submit = useSubmit();
  const hydrated = useHydrated();

  const durations = [
    ...new Set(models.flatMap((m) => allowedDurations(m))),
  ].sort((a, b) => a - b);
  const qualities = [
    ...new Set(models.flatMap((m) => m.supportedQualities)),
  ].sort();
  const inputChoices = compareInputs(models);
  const maxOutputs = mostOutputs(models);

  return (
    <>
      <PageHeader
        title="Compare models"
        description="Price, speed and reliability for the same video on every model. Pick a length, a quality and the inputs that change a price; models that can't make it show “—”."
      />
      <Form
        method="get"
        replace
        preventScrollReset
        onChange={(event) =>
          submit(event.currentTarget, {
            replace: true,
            preventScrollReset: true,
          })
        }
        className="mb-6 flex flex-wrap items-end gap-4"
      >
        <input type="hidden" name="sort" value={sort} />
        <input type="hidden" name="dir" value={dir} />
        <FilterSelect
          className="w-full sm:w-60"
          id="compare-duration"
          name="duration"
          label="Duration"
          defaultValue={args.duration ?? ""}
        >
          <option value="">Each model&apos;s shortest</option>
          {durations.map((d) => (
            <option key={d} value={d}>
              {d} seconds
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          className="w-full sm:w-60"
          id="compare-quality"
          name="quality"
          label="Quality"
          defaultValue={args.quality ?? ""}
        >
          <option value="">Default (Standard)</option>
          {qualities.map((q) => (
            <option key={q} value={q}>
              {formatQuality(q)}
            </option>
          ))}
        </FilterSelect>
        {inputChoices.map((input) => (
          <div key={input.name} className="w-full sm:w-48">
            <label
              htmlFor={`compare-input-${input.name}`}
              className="block text-sm font-medium text-slate-900"
            >
              {input.label}
            </label>
            <select
              id={`compare-input-${input.name}`}
              name={`${INPUT_PARAM_PREFIX}${input.name}`}
              defaultValue={
                args.inputs?.[input.name] === undefined
                  ? ""
                  : String(args.inputs[input.name])
              }
              className={`mt-1.5 ${inputClasses()}`}
            >
              <option value="">Each model&apos;s default</option>
              {input.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        ))}
        {maxOutputs > 1 ? (
          <FilterSelect
            className="w-full sm:w-40"
            id="compare-outputs"
            name="outputs"
            label="Outputs"
            defaultValue={String(args.outputs ?? 1)}
          >
            {Array.from({ length: maxOutputs }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n === 1 ? "1 video" : `${n} videos`}
              </option>
            ))}
          </FilterSelect>
        ) : null}
        {/* With JavaScript the table updates as soon as a choice changes. */}
        {hydrated ? null : (
          <Button type="submit" variant="secondary">
            Compare
          </Button>
        )}
      </Form>
      {rows.length === 0 ? (
        <EmptyState>No models are available right now.</EmptyState>
      ) : (
        <ComparisonTable
          rows={rows}
          sort={sort}
          dir={dir}
          insights={insights}
        />
      )}
      <p className="mt-4 text-sm text-slate-600">
        Cost is in credits (1 credit = US$0.01), rounded up to a whole credit.
        Typical speed is how long the model usually renders; success is the
        share of its finished videos over the last 30 days that worked
        (cancellations not counted). Click a model to create a video with it.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
