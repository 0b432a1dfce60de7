/**
 * The model choice of the create form, built for catalogues of hundreds of
 * models (ADR 0029): a search box, the models grouped by category as compact
 * native radios (arrow keys move between them, the form posts without
 * JavaScript), and the chosen model's details — description, flags and
 * starting price — in a panel of their own, from the model loaded on its own.
 * The list itself carries no prices, so a price edit never re-sends it; it
 * does carry the caller's lock state and a paused flag, so a locked or paused
 * model is marked before it is chosen.
 */
import { useMemo, useState } from "react";
import type { ModelChoice, ModelWithCosts } from "~/utils/api";
import { cx, formatCostPerSecond, formatCredits } from "~/utils/misc";
import { useHydrated } from "~/utils/use-hydrated";
import { ModelBadges } from "./model-badges";
import { accessLabel } from "./model-notices";
import { FieldError, fieldIds, inputClasses } from "./ui/field";

/** What the create form needs to know about the chosen model. */
export type PickerModel = Pick<
  ModelWithCosts,
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
  | "inputs"
  | "priceModifiers"
  | "maxOutputs"
  | "access"
  | "scheduledPriceChanges"
  | "sunsetAt"
  | "successorModelId"
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

/** The starting price of a model, e.g. "from 60 credits". */
export function startingPrice(model: PickerModel): string {
  const cheapest = Math.min(...model.creditCosts.map((c) => c.credits));
  if (!Number.isFinite(cheapest))
    return formatCostPerSecond(model.costPerSecond);
  return model.creditCosts.length > 1
    ? `from ${formatCredits(cheapest)}`
    : formatCredits(cheapest);
}

const CATEGORY_ORDER = ["premium", "budget", "experimental"];
const categoryLabel = (category: string) =>
  category === ""
    ? "Other models"
    : `${category[0].toUpperCase()}${category.slice(1)}`;

/** Models grouped by category (known categories first), list order kept. */
export function groupByCategory(models: ModelChoice[]) {
  const groups = new Map<string, ModelChoice[]>();
  for (const model of models) {
    const key = model.category ?? "";
    groups.set(key, [...(groups.get(key) ?? []), model]);
  }
  const rank = (c: string) => {
    const i = CATEGORY_ORDER.indexOf(c);
    return i === -1 ? (c === "" ? 99 : 50) : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, items]) => ({ category, items }));
}

/** True when a model matches every word of the search. */
function matches(model: ModelChoice, query: string): boolean {
  const text =
    `${model.name} ${model.provider} ${model.modelId} ${model.category ?? ""}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

export function ModelPicker({
  models,
  value,
  selected,
  onChange,
  errors,
  insights,
}: {
  models: ModelChoice[];
  value: string;
  /** The chosen model's details; undefined while they load. */
  selected: PickerModel | undefined;
  onChange: (modelId: string) => void;
  errors?: string[];
  insights?: PickerInsights;
}) {
  const ids = fieldIds("model");
  const hydrated = useHydrated();
  const [query, setQuery] = useState("");
  const groups = useMemo(() => groupByCategory(models), [models]);
  const shown =
    query.trim() === "" ? null : models.filter((m) => matches(m, query));
  const visible = shown === null ? null : new Set(shown.map((m) => m.modelId));
  const chosen = models.find((m) => m.modelId === value);
  return (
    <fieldset aria-describedby={errors?.length ? ids.error : undefined}>
      <legend className="text-sm font-medium text-slate-900">Model</legend>
      {hydrated && models.length > 6 ? (
        <div className="mt-2">
          <label htmlFor="model-search" className="sr-only">
            Search models
          </label>
          <input
            id="model-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={`Search ${models.length} models by name or provider`}
            aria-controls="model-list"
            className={inputClasses(false)}
          />
          <p className="sr-only" role="status">
            {shown === null ? "" : `${shown.length} models match.`}
          </p>
        </div>
      ) : null}
      <div
        id="model-list"
        className="mt-2 max-h-80 overflow-y-auto rounded-lg bg-white p-2 shadow-sm ring-1 ring-inset ring-slate-300"
      >
        {groups.map(({ category, items }) => {
          const hidden =
            visible !== null && !items.some((m) => visible.has(m.modelId));
          return (
            <div
              key={category}
              role="group"
              aria-label={categoryLabel(category)}
              hidden={hidden}
            >
              <p
                aria-hidden="true"
                className="px-2 pb-1 pt-2 text-xs font-semibold uppercase text-slate-600"
              >
                {categoryLabel(category)}
              </p>
              {items.map((model) => (
                <ModelOption
                  key={model.modelId}
                  model={model}
                  checked={value === model.modelId}
                  hidden={visible !== null && !visible.has(model.modelId)}
                  onChange={onChange}
                />
              ))}
            </div>
          );
        })}
        {shown?.length === 0 ? (
          <p className="p-2 text-sm text-slate-600">
            No model matches “{query}”.
          </p>
        ) : null}
      </div>
      {chosen ? (
        <div
          aria-live="polite"
          className="mt-3 rounded-lg bg-indigo-50/60 p-4 ring-1 ring-inset ring-indigo-200"
        >
          <p className="flex flex-wrap items-start justify-between gap-2">
            <span className="font-semibold text-slate-900">{chosen.name}</span>
            <span className="text-sm font-medium tabular-nums text-slate-700">
              {selected ? startingPrice(selected) : "Loading price…"}
            </span>
          </p>
          <span className="mt-1 flex flex-wrap gap-1.5">
            <ModelBadges
              model={chosen}
              className="inline-flex flex-wrap gap-1.5"
            />
            <ChoiceFlags model={chosen} />
          </span>
          <p
            className="mt-1 text-xs font-medium text-slate-700"
            data-testid="model-insight"
          >
            {insightText(insights?.get(chosen.modelId))}
          </p>
          <p className="mt-2 text-sm text-slate-700">
            {selected?.description || `${chosen.provider} model`}
          </p>
        </div>
      ) : null}
      <FieldError name="model" errors={errors} />
    </fieldset>
  );
}

/** One compact radio row: the model's name is the radio's name. */
function ModelOption({
  model,
  checked,
  hidden,
  onChange,
}: {
  model: ModelChoice;
  checked: boolean;
  hidden: boolean;
  onChange: (modelId: string) => void;
}) {
  const base = `model-option-${model.modelId.replace(/[^a-zA-Z0-9_-]/g, "_")}`;
  const flagged =
    model.isDefault ||
    model.isPremium ||
    model.isDeprecated ||
    model.access !== undefined ||
    model.paused === true;
  return (
    <label
      hidden={hidden}
      className={cx(
        "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 hover:bg-slate-50",
        "has-[:checked]:bg-indigo-50 has-[:checked]:font-medium",
      )}
    >
      <input
        type="radio"
        name="model"
        value={model.modelId}
        checked={checked}
        onChange={() => onChange(model.modelId)}
        aria-labelledby={`${base}-name`}
        aria-describedby={flagged ? `${base}-flags` : undefined}
        className="h-4 w-4 accent-indigo-600"
      />
      <span id={`${base}-name`} className="text-slate-900">
        {model.name}
      </span>
      {flagged ? (
        <span id={`${base}-flags`} className="flex flex-wrap gap-1">
          <ModelBadges model={{ ...model, category: undefined }} />
          <ChoiceFlags model={model} />
        </span>
      ) : null}
    </label>
  );
}

/** The caller's lock ("Not in your plan", "Locked · unlock for N") and "Paused". */
function ChoiceFlags({ model }: { model: ModelChoice }) {
  const lock = model.access ? accessLabel(model.access) : null;
  return (
    <>
      {lock ? (
        <span className="inline-flex items-center rounded-md bg-slate-800 px-2 py-0.5 text-xs font-medium text-white">
          🔒 {lock}
        </span>
      ) : null}
      {model.paused ? (
        <span className="inline-flex items-center rounded-md bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-inset ring-amber-600/30">
          Paused
        </span>
      ) : null}
    </>
  );
}
