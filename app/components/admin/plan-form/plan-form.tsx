/**
 * The admin plan form, for "New plan" and for editing one plan: its ID
 * (fixed once created) and name, the price multiplier with a live preview
 * of what creators on it pay, monthly included credits, the models and
 * categories it allows (none ticked = every model), and whether new users
 * start on it. Checked in the browser with the action's own schema
 * (`PlanFormSchema`); backend refusals come back next to their field. A
 * plain form post: it works without JavaScript.
 */
import {
  getCollectionProps,
  getFormProps,
  type SubmissionResult,
} from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { type ModelDoc } from "~/utils/api";
import {
  allowedDurations,
  creditCostFor,
  defaultQuality,
  MAX_MONTHLY_CREDITS,
  MODEL_CATEGORIES,
} from "~/utils/model-rules";
import { cx, formatCredits, formatQuality } from "~/utils/misc";
import type { PlanDoc } from "../../../../convex/validators";
import { Alert } from "../../ui/alert";
import { Button, buttonClasses } from "../../ui/button";
import { FieldError, inputClasses } from "../../ui/field";
import { CheckboxField, TextField } from "../../ui/form-fields";
import { useSchemaForm } from "../../use-schema-form";
import { Section } from "../model-form/sections";
import { planDefaultValues, PlanFormSchema } from "./schema";

/** What the form needs of a model: to list it and preview its price. */
export type PlanModel = Pick<
  ModelDoc,
  | "modelId"
  | "name"
  | "category"
  | "costPerSecond"
  | "supportedDurations"
  | "supportedQualities"
  | "qualityMultipliers"
  | "maxDuration"
  | "fixedDuration"
  | "unlockCredits"
  | "isPremium"
>;

/** The cheapest video of `model` at list price and with `multiplier`. */
function previewOf(model: PlanModel, multiplier: number) {
  const duration = allowedDurations(model)[0];
  if (duration === undefined) return null;
  const quality = defaultQuality(model);
  try {
    return {
      duration,
      list: creditCostFor(model, duration, quality),
      plan: creditCostFor(
        model,
        duration,
        quality,
        {},
        {
          priceMultiplier: multiplier,
        },
      ),
    };
  } catch {
    return null;
  }
}

export function PlanForm({
  plan,
  models,
  lastResult,
  submitting,
}: {
  /** The plan being edited; absent for a new plan. */
  plan?: PlanDoc;
  /** Models to choose from (the active catalogue). */
  models: PlanModel[];
  lastResult?: SubmissionResult<string[]> | null;
  submitting: boolean;
}) {
  const editing = plan !== undefined;
  const [form, fields] = useSchemaForm({
    id: "plan",
    schema: PlanFormSchema,
    lastResult,
    defaultValue: planDefaultValues(plan),
  });
  const [filter, setFilter] = useState("");
  const categories = [
    ...new Set([
      ...MODEL_CATEGORIES,
      ...models.flatMap((m) => (m.category ? [m.category] : [])),
      ...(plan?.allowedCategories ?? []),
    ]),
  ];
  const modelIds = [
    ...models.map((m) => m.modelId),
    // A listed model that is no longer active stays visible (and ticked).
    ...(plan?.allowedModelIds ?? []).filter(
      (id) => !models.some((m) => m.modelId === id),
    ),
  ];
  const byId = new Map(models.map((m) => [m.modelId, m]));
  const multiplier = Number(fields.priceMultiplier.value ?? "");
  const previewMultiplier =
    fields.priceMultiplier.value &&
    Number.isFinite(multiplier) &&
    multiplier > 0
      ? multiplier
      : 1;
  const sample =
    models.find((m) => m.modelId === "luma/ray-2-720p") ?? models[0];
  const preview = sample ? previewOf(sample, previewMultiplier) : null;
  const checkedCategories = new Set(
    ([] as unknown[]).concat(fields.allowedCategories.value ?? []),
  );
  const checkedModels = new Set(
    ([] as unknown[]).concat(fields.allowedModelIds.value ?? []),
  );
  const restricted = checkedCategories.size > 0 || checkedModels.size > 0;
  const needle = filter.trim().toLowerCase();

  return (
    <Form
      method="post"
      {...getFormProps(form)}
      aria-label={plan ? `Edit plan ${plan.name}` : "New plan"}
      className="space-y-6"
    >
      {form.errors?.length ? (
        <Alert tone="error" title="The plan can't be saved yet.">
          {form.errors.join(" ")}
        </Alert>
      ) : null}
      <Section title="Plan">
        <TextField
          field={fields.planId}
          label="Plan ID"
          hint={
            editing
              ? "Fixed once created."
              : "Lower-case letters, digits, - and _, e.g. pro or team-2026."
          }
          readOnly={editing}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          field={fields.name}
          label="Plan name"
          hint="Shown to admins and to the plan's users on their credits page."
          autoComplete="off"
        />
        <CheckboxField
          field={fields.isDefault}
          label="Default plan for new users"
          hint="People who sign up from now on start on it (at most one plan is the default)."
          className="sm:col-span-2"
        />
      </Section>

      <Section
        title="Price and credits"
        description="The multiplier applies to every video its users make, after overrides and input modifiers; credits are rounded up once."
      >
        <TextField
          field={fields.priceMultiplier}
          label="Price multiplier"
          inputMode="decimal"
          autoComplete="off"
          hint={
            preview && sample
              ? `A ${preview.duration} s ${sample.name} video: ${formatCredits(preview.list)} at list price → ${formatCredits(preview.plan)} on this plan. Empty = ×1.`
              : "Above 0, up to 2 decimals, e.g. 0.8 (20% off) or 1.5. Empty = ×1."
          }
        />
        <TextField
          field={fields.monthlyCredits}
          label="Monthly credits"
          inputMode="numeric"
          autoComplete="off"
          hint={`Granted to each user on the plan once per calendar month (UTC), up to ${MAX_MONTHLY_CREDITS.toLocaleString("en-US")}. Empty = none.`}
        />
      </Section>

      <Section
        title="Models"
        description={
          restricted
            ? "Its users may use a model whose ID or category is ticked; other models show as not in their plan. A ticked model with an unlock price is unlocked for them."
            : "Nothing ticked: its users may use every model. Tick categories and/or models to restrict the plan to them."
        }
      >
        <fieldset className="min-w-0 sm:col-span-2">
          <legend className="text-sm font-medium text-slate-900">
            Categories
          </legend>
          <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
            {getCollectionProps(fields.allowedCategories, {
              type: "checkbox",
              options: categories,
            }).map(({ key, ...props }) => (
              <label
                key={key}
                className="flex items-center gap-2 text-sm text-slate-900"
              >
                <input
                  {...props}
                  className="h-4 w-4 rounded border-slate-400 text-indigo-600"
                />
                {formatQuality(props.value)}
              </label>
            ))}
          </div>
          <FieldError
            id={fields.allowedCategories.errorId}
            errors={fields.allowedCategories.errors}
          />
        </fieldset>
        <fieldset className="min-w-0 sm:col-span-2">
          <legend className="text-sm font-medium text-slate-900">
            Models ({checkedModels.size} ticked)
          </legend>
          <label htmlFor="plan-model-filter" className="sr-only">
            Filter models
          </label>
          <input
            id="plan-model-filter"
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder="Filter models by name or ID"
            className={cx("mt-2", inputClasses())}
          />
          <ul className="mt-2 max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
            {getCollectionProps(fields.allowedModelIds, {
              type: "checkbox",
              options: modelIds,
            }).map(({ key, ...props }) => {
              const model = byId.get(props.value);
              const text = `${model?.name ?? ""} ${props.value}`.toLowerCase();
              const shown = !needle || text.includes(needle);
              return (
                <li
                  key={key}
                  className={cx("px-3 py-2", shown ? undefined : "hidden")}
                >
                  <label className="flex items-start gap-3 text-sm">
                    <input
                      {...props}
                      className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-400 text-indigo-600"
                    />
                    <span className="min-w-0">
                      <span className="font-medium text-slate-900">
                        {model?.name ?? props.value}
                      </span>{" "}
                      <span className="break-all font-mono text-xs text-slate-600">
                        {props.value}
                      </span>
                      <span className="block text-xs text-slate-600">
                        {model
                          ? [
                              model.category
                                ? formatQuality(model.category)
                                : null,
                              model.unlockCredits
                                ? `unlock ${formatCredits(model.unlockCredits)}`
                                : null,
                            ]
                              .filter(Boolean)
                              .join(" · ") || "\u00a0"
                          : "Not active"}
                      </span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          <FieldError
            id={fields.allowedModelIds.errorId}
            errors={fields.allowedModelIds.errors}
          />
        </fieldset>
      </Section>

      <div className="flex flex-wrap gap-3">
        <Button type="submit" size="lg" disabled={submitting}>
          {editing
            ? submitting
              ? "Saving…"
              : "Save plan"
            : submitting
              ? "Creating…"
              : "Create plan"}
        </Button>
        <Link to="/admin/plans" className={buttonClasses("secondary", "lg")}>
          Cancel
        </Link>
      </div>
    </Form>
  );
}
