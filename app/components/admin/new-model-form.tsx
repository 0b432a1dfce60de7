/**
 * The "New model" form (seed 000 "Model creation form with validation"):
 * every field of a model definition. Each field's rules are the backend's
 * (`checkNewModel` = zod formats + `validateModelDefinition`), shown next to
 * the field as soon as it is left and before anything is sent; the action
 * checks again and maps backend refusals (e.g. DUPLICATE_MODEL_ID) to their
 * field. A plain `<Form>`: it works without JavaScript too.
 */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { allowedDurations, creditCostFor, defaultQuality } from "~/utils/api";
import { formatCredits, formatQuality } from "~/utils/misc";
import { Alert } from "../ui/alert";
import { Button, buttonClasses } from "../ui/button";
import { describedBy, Field, fieldIds, inputClasses } from "../ui/field";
import { CATEGORY_FILTERS } from "./model-filters";
import { checkNewModel, type NewModel } from "./model-form";
import { CheckboxField, TextField } from "./model-fields";
import { useModelForm, type ServerFeedback } from "./use-model-form";

/** The form's starting values: active, one "standard" quality. */
export const NEW_MODEL_DEFAULTS: Record<string, string> = {
  modelId: "",
  name: "",
  provider: "",
  category: "",
  tags: "",
  description: "",
  version: "",
  replicateModelId: "",
  costPerSecond: "",
  supportedDurations: "",
  supportedQualities: "standard",
  qualityMultipliers: "",
  maxDuration: "",
  fixedDuration: "",
  modelParameters: "",
  isActive: "on",
  isPremium: "",
  isDefault: "",
  isDeprecated: "",
};

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <legend className="px-1 text-base font-semibold text-slate-900">
        {title}
      </legend>
      {description ? (
        <p className="mb-4 text-sm text-slate-600">{description}</p>
      ) : null}
      <div className="grid gap-5 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

function pricePreview(model: NewModel): string {
  const quality = defaultQuality(model);
  return allowedDurations(model)
    .map((d) => `${d} s → ${formatCredits(creditCostFor(model, d, quality))}`)
    .join(" · ")
    .concat(` at ${formatQuality(quality)}`);
}

const checkForm = (values: Record<string, string>) => checkNewModel(values);

/** The creation form; `initial` and `server` refill it after a refused post. */
export function NewModelForm({
  initial,
  server,
  submitting,
}: {
  initial?: Record<string, string>;
  server?: ServerFeedback;
  submitting: boolean;
}) {
  const form = useModelForm(initial ?? NEW_MODEL_DEFAULTS, checkForm, server);
  const text = (name: string) => ({
    name,
    value: form.values[name] ?? "",
    onChange: (value: string) => form.set(name, value),
    onBlur: () => form.touch(name),
    errors: form.errorsFor(name),
    autoComplete: "off",
  });
  const flag = (name: string) => ({
    name,
    checked: form.values[name] === "on",
    onChange: (checked: boolean) => {
      form.set(name, checked ? "on" : "");
      form.touch(name);
    },
    errors: form.errorsFor(name),
  });
  const area = (name: string, hasHint = true) => {
    const errors = form.errorsFor(name);
    return {
      id: fieldIds(name).input,
      name,
      value: form.values[name] ?? "",
      onChange: (event: { target: { value: string } }) =>
        form.set(name, event.target.value),
      onBlur: () => form.touch(name),
      "aria-invalid": errors?.length ? true : undefined,
      "aria-describedby": describedBy(name, {
        hint: hasHint,
        error: !!errors?.length,
      }),
      className: inputClasses(!!errors?.length),
    };
  };

  return (
    <Form
      method="post"
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      aria-label="New model"
      className="space-y-6"
    >
      {form.formErrors.length ? (
        <Alert tone="error" title="The model can't be saved yet.">
          {form.formErrors.join(" ")}
        </Alert>
      ) : null}
      <Section title="Identity">
        <TextField
          {...text("modelId")}
          label="Model ID"
          hint='Unique, no spaces; "owner/name" by convention, e.g. luma/ray-3.'
          spellCheck={false}
        />
        <TextField {...text("name")} label="Name" hint="Shown to creators." />
        <TextField {...text("provider")} label="Provider" hint="e.g. luma" />
        <Field
          name="category"
          label="Category"
          hint="Drives the ModelManager filter and the creators' badges."
          errors={form.errorsFor("category")}
        >
          <select {...area("category")}>
            <option value="">None</option>
            {CATEGORY_FILTERS.filter((c) => c.value).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <TextField
          {...text("tags")}
          label="Tags"
          hint="Optional, comma-separated."
        />
        <TextField {...text("version")} label="Version" hint="Optional." />
        <Field
          name="description"
          label="Description"
          hint="Optional. What it is good at, in a sentence or two."
          errors={form.errorsFor("description")}
          className="sm:col-span-2"
        >
          <textarea rows={3} {...area("description")} />
        </Field>
      </Section>

      <Section
        title="Price and capabilities"
        description="Credits = ceil(price × seconds × quality multiplier × 100); 1 credit = US$0.01."
      >
        <TextField
          {...text("costPerSecond")}
          label="Price per second (US$)"
          inputMode="decimal"
          hint={
            form.data
              ? `Creators will pay ${pricePreview(form.data)}.`
              : "From 0 to 1000, up to 4 decimal places, e.g. 0.18."
          }
        />
        <TextField
          {...text("supportedDurations")}
          label="Durations (seconds)"
          hint="Comma-separated whole seconds, e.g. 5, 9."
        />
        <TextField
          {...text("supportedQualities")}
          label="Qualities"
          hint='Comma-separated, e.g. standard, HD. "standard" is priced by default.'
          spellCheck={false}
        />
        <TextField
          {...text("qualityMultipliers")}
          label="Quality multipliers"
          hint="Optional: quality=multiplier, e.g. high=1.5. Others cost ×1."
          spellCheck={false}
        />
        <TextField
          {...text("maxDuration")}
          label="Maximum duration (seconds)"
          inputMode="numeric"
          hint="Optional: durations above it are refused."
        />
        <TextField
          {...text("fixedDuration")}
          label="Fixed duration (seconds)"
          inputMode="numeric"
          hint="Optional: the only length it makes; must be one of the durations."
        />
      </Section>

      <Section title="Flags">
        <CheckboxField
          {...flag("isActive")}
          label="Active"
          hint="Creators can pick it."
        />
        <CheckboxField
          {...flag("isPremium")}
          label="Premium"
          hint="Shown with a premium badge."
        />
        <CheckboxField
          {...flag("isDefault")}
          label="Default"
          hint="Preselected for creators; replaces the current default."
        />
        <CheckboxField
          {...flag("isDeprecated")}
          label="Deprecated"
          hint="Still usable, marked for retirement."
        />
      </Section>

      <Section title="Replicate">
        <TextField
          {...text("replicateModelId")}
          label="Replicate model"
          hint='Optional: "owner/name" or "owner/name:version"; defaults to the model ID.'
          spellCheck={false}
        />
        <Field
          name="modelParameters"
          label="Model parameters (JSON)"
          hint='Optional: merged into every Replicate input, e.g. {"resolution": "720p"}. Not "prompt" or "duration".'
          errors={form.errorsFor("modelParameters")}
        >
          <textarea
            rows={3}
            spellCheck={false}
            {...area("modelParameters")}
            className={`${area("modelParameters").className} font-mono`}
          />
        </Field>
      </Section>

      <div className="flex flex-wrap gap-3">
        <Button type="submit" size="lg" disabled={submitting}>
          {submitting ? "Creating…" : "Create model"}
        </Button>
        <Link to="/admin/models" className={buttonClasses("secondary", "lg")}>
          Cancel
        </Link>
      </div>
    </Form>
  );
}
