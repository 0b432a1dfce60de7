/**
 * The model choice of the create form: one radio card per active model, with
 * its flags, description and starting price. Native radios: arrow keys move
 * between models, and the form posts without JavaScript.
 */
import type { ModelWithCosts } from "~/utils/api";
import { cx, formatCostPerSecond, formatCredits } from "~/utils/misc";
import { ModelBadges } from "./model-badges";
import { accessLabel } from "./model-notices";
import { FieldError, fieldIds } from "./ui/field";

/** What the create form needs to know about a model. */
export type PickerModel = Pick<
  ModelWithCosts,
  | "_id"
  | "modelId"
  | "name"
  | "description"
  | "provider"
  | "category"
  | "isDefault"
  | "isPremium"
  | "isDeprecated"
  | "costPerSecond"
  | "supportedDurations"
  | "supportedQualities"
  | "qualityMultipliers"
  | "maxDuration"
  | "fixedDuration"
  | "creditCosts"
  | "access"
  | "scheduledPriceChanges"
  | "sunsetAt"
  | "successorModelId"
  | "inputs"
  | "priceModifiers"
  | "maxOutputs"
  | "pausedAt"
>;

/** Speed and success of each model (ADR 0048), keyed by modelId. */
export type PickerInsights = Map<
  string,
  {
    typicalSeconds: number | null;
    successRate: number | null;
    judged: number;
    sample: { outputUrl: string; prompt: string } | null;
  }
>;

/** "Usually ~45 s · 98% success (30 days)", or what is not known yet. */
export function insightText(
  insight: PickerInsights extends Map<string, infer V> ? V | undefined : never,
): string {
  const speed =
    insight?.typicalSeconds != null
      ? `usually ~${Math.max(1, Math.round(insight.typicalSeconds))} s`
      : "speed not measured yet";
  const success =
    insight?.successRate != null
      ? `${Math.round(insight.successRate * 100)}% success (30 days)`
      : "no recent videos";
  return `${speed.charAt(0).toUpperCase()}${speed.slice(1)} · ${success}`;
}

function startingPrice(model: PickerModel): string {
  const cheapest = Math.min(...model.creditCosts.map((c) => c.credits));
  if (!Number.isFinite(cheapest))
    return formatCostPerSecond(model.costPerSecond);
  return model.creditCosts.length > 1
    ? `from ${formatCredits(cheapest)}`
    : formatCredits(cheapest);
}

export function ModelPicker({
  models,
  value,
  onChange,
  errors,
  insights,
}: {
  models: PickerModel[];
  value: string;
  onChange: (modelId: string) => void;
  errors?: string[];
  insights?: PickerInsights;
}) {
  const ids = fieldIds("model");
  return (
    <fieldset aria-describedby={errors?.length ? ids.error : undefined}>
      <legend className="text-sm font-medium text-slate-900">Model</legend>
      <div className="mt-2 grid gap-3 sm:grid-cols-2">
        {models.map((model) => {
          const base = `model-option-${model._id}`;
          return (
            <label
              key={model.modelId}
              className={cx(
                "relative flex cursor-pointer flex-col gap-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-inset ring-slate-300",
                "hover:bg-slate-50 has-[:checked]:bg-indigo-50/60 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600",
                "has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600",
              )}
            >
              <input
                type="radio"
                name="model"
                value={model.modelId}
                checked={value === model.modelId}
                onChange={() => onChange(model.modelId)}
                // Name = model name; the rest is read as its description.
                aria-labelledby={`${base}-name`}
                aria-describedby={`${base}-price ${base}-speed ${base}-flags ${base}-description`}
                className="absolute inset-0 h-full w-full cursor-pointer appearance-none opacity-0"
              />
              <span className="flex flex-wrap items-start justify-between gap-2">
                <span
                  id={`${base}-name`}
                  className="font-semibold text-slate-900"
                >
                  {model.name}
                </span>
                <span
                  id={`${base}-price`}
                  className="text-sm font-medium tabular-nums text-slate-700"
                >
                  {startingPrice(model)}
                </span>
              </span>
              <span
                id={`${base}-speed`}
                className="text-xs font-medium text-slate-700"
                data-testid="model-insight"
              >
                {insightText(insights?.get(model.modelId))}
              </span>
              <span id={`${base}-flags`} className="flex flex-wrap gap-1">
                <ModelBadges model={model} />
                {accessLabel(model.access) ? (
                  <span className="inline-flex items-center rounded-md bg-slate-800 px-2 py-0.5 text-xs font-medium text-white">
                    🔒 {accessLabel(model.access)}
                  </span>
                ) : null}
              </span>
              <span
                id={`${base}-description`}
                className="text-sm text-slate-700"
              >
                {model.description || `${model.provider} model`}
              </span>
            </label>
          );
        })}
      </div>
      <FieldError name="model" errors={errors} />
    </fieldset>
  );
}
