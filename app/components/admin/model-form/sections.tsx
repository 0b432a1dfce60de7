/**
 * The model form's sections: each is a titled list of controls, described
 * as data (`ControlSpec`: field, label, hint, kind). Adding a model field:
 * its parser in `schema.ts`, then a spec in one of the lists below (or a
 * new section component built on `Section` + `Controls`).
 */
import type { ReactNode } from "react";
import type { InputHTMLAttributes } from "react";
import {
  allowedDurations,
  creditCostFor,
  defaultQuality,
  MODEL_CATEGORIES,
} from "~/utils/model-rules";
import { formatCredits, formatQuality } from "~/utils/misc";
import {
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  type AnyField,
} from "../../ui/form-fields";
import { InputsEditor } from "./inputs-editor";
import { MODEL_FIELDS, type ModelFieldName } from "./schema";

/** conform's metadata for every field of the model form. */
export type ModelFields = Record<ModelFieldName, AnyField>;
/** The form's current text, by field name. */
export type ModelValues = Partial<Record<string, unknown>>;

/** A titled group of fields (a `<fieldset>`). */
export function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <fieldset className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
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

const CATEGORY_OPTIONS = [
  { value: "", label: "None" },
  ...MODEL_CATEGORIES.map((c) => ({ value: c, label: formatQuality(c) })),
];

/** One control of the form, as data. */
export type ControlSpec = {
  name: ModelFieldName;
  label: string;
  hint: ReactNode;
  /** Default "text". */
  kind?: "text" | "textarea" | "select" | "checkbox" | "json";
  /** Spans both columns. */
  wide?: boolean;
  /** For "text": the keyboard to offer. */
  inputMode?: InputHTMLAttributes<HTMLInputElement>["inputMode"];
  /** For "select". */
  options?: readonly { value: string; label: string }[];
  /** Shown but not editable (the model ID once created). */
  readOnly?: boolean;
  /** For "text": the input's type (e.g. "datetime-local"). */
  type?: InputHTMLAttributes<HTMLInputElement>["type"];
  /** For "text": the id of a `<datalist>` of suggestions. */
  list?: string;
};

/** Renders `specs` with conform's metadata for each field. */
export function Controls({
  fields,
  specs,
}: {
  fields: ModelFields;
  specs: readonly ControlSpec[];
}) {
  return specs.map(({ name, kind = "text", wide, options, ...spec }) => {
    const common = {
      key: name,
      field: fields[name],
      label: spec.label,
      hint: spec.hint,
      className: wide ? "sm:col-span-2" : undefined,
    };
    if (kind === "checkbox") return <CheckboxField {...common} />;
    if (kind === "select")
      return <SelectField {...common} options={options ?? []} />;
    if (kind === "textarea" || kind === "json") {
      return (
        <TextAreaField
          {...common}
          rows={kind === "json" ? 4 : 3}
          spellCheck={kind === "json" ? false : undefined}
          inputClassName={kind === "json" ? "font-mono" : undefined}
        />
      );
    }
    return (
      <TextField
        {...common}
        type={spec.type}
        list={spec.list}
        inputMode={spec.inputMode}
        readOnly={spec.readOnly}
        autoComplete="off"
        spellCheck={false}
      />
    );
  });
}

/** Model ID (read-only when editing), name, provider, category, tags, version, description. */
export function IdentitySection({
  fields,
  editing,
}: {
  fields: ModelFields;
  editing: boolean;
}) {
  return (
    <Section title="Identity">
      <Controls
        fields={fields}
        specs={[
          {
            name: "modelId",
            label: "Model ID",
            hint: editing
              ? "Fixed once created: videos and links refer to it."
              : 'Unique, no spaces; "owner/name" by convention, e.g. luma/ray-3.',
            readOnly: editing,
          },
          { name: "name", label: "Name", hint: "Shown to creators." },
          { name: "provider", label: "Provider", hint: "e.g. luma" },
          {
            name: "category",
            label: "Category",
            hint: "Drives the ModelManager filter and the creators' badges.",
            kind: "select",
            options: CATEGORY_OPTIONS,
          },
          { name: "tags", label: "Tags", hint: "Optional, comma-separated." },
          { name: "version", label: "Version", hint: "Optional." },
          {
            name: "description",
            label: "Description",
            hint: "Optional. What it is good at, in a sentence or two.",
            kind: "textarea",
            wide: true,
          },
        ]}
      />
    </Section>
  );
}

type ModelCapabilities = Parameters<typeof creditCostFor>[0];

/** What creators would pay per duration, from the form's current text. */
function pricePreview(values: ModelValues): string | null {
  const read = <K extends ModelFieldName>(name: K) =>
    MODEL_FIELDS[name].safeParse(
      typeof values[name] === "string" && values[name] !== ""
        ? values[name]
        : undefined,
    );
  const price = Number(values.costPerSecond);
  const durations = read("supportedDurations");
  const qualities = read("supportedQualities");
  const multipliers = read("qualityMultipliers");
  if (!Number.isFinite(price) || values.costPerSecond === "") return null;
  if (!durations.success || !qualities.success || !multipliers.success)
    return null;
  const model: ModelCapabilities = {
    costPerSecond: price,
    supportedDurations: durations.data as number[],
    supportedQualities: qualities.data as string[],
    qualityMultipliers: multipliers.data as Record<string, number> | undefined,
  };
  try {
    const quality = defaultQuality(model);
    return allowedDurations(model)
      .map((d) => `${d} s → ${formatCredits(creditCostFor(model, d, quality))}`)
      .join(" · ")
      .concat(` at ${formatQuality(quality)}`);
  } catch {
    return null;
  }
}

/** Price, durations, qualities and their multipliers, max and fixed duration. */
export function PricingSection({
  fields,
  values,
}: {
  fields: ModelFields;
  values: ModelValues;
}) {
  const preview = pricePreview(values);
  return (
    <Section
      title="Price and capabilities"
      description="Credits = ceil(price × seconds × quality multiplier × 100); 1 credit = US$0.01."
    >
      <Controls
        fields={fields}
        specs={[
          {
            name: "costPerSecond",
            label: "Price per second (US$)",
            inputMode: "decimal",
            hint: preview
              ? `Creators will pay ${preview}.`
              : "From 0 to 1000, up to 4 decimal places, e.g. 0.18.",
          },
          {
            name: "supportedDurations",
            label: "Durations (seconds)",
            hint: "Comma-separated whole seconds, e.g. 5, 9.",
          },
          {
            name: "supportedQualities",
            label: "Qualities",
            hint: 'Comma-separated, e.g. standard, HD. "standard" is priced by default.',
          },
          {
            name: "qualityMultipliers",
            label: "Quality multipliers",
            hint: "Optional: quality=multiplier, e.g. high=1.5. Others cost ×1.",
          },
          {
            name: "maxDuration",
            label: "Maximum duration (seconds)",
            inputMode: "numeric",
            hint: "Optional: durations above it are refused.",
          },
          {
            name: "fixedDuration",
            label: "Fixed duration (seconds)",
            inputMode: "numeric",
            hint: "Optional: the only length it makes; must be one of the durations.",
          },
          {
            name: "providerCostPerSecond",
            label: "Replicate's cost (US$ per second)",
            inputMode: "decimal",
            hint: "Optional: what Replicate charges us per second of video, for the revenue page's cost and margin. Creators never see it.",
          },
        ]}
      />
    </Section>
  );
}

const FLAGS: readonly ControlSpec[] = [
  { name: "isActive", label: "Active", hint: "Creators can pick it." },
  { name: "isPremium", label: "Premium", hint: "Shown with a premium badge." },
  {
    name: "isDefault",
    label: "Default",
    hint: "Preselected for creators; replaces the current default.",
  },
  {
    name: "isDeprecated",
    label: "Deprecated",
    hint: "Still usable, marked for retirement.",
  },
].map((spec) => ({ ...spec, kind: "checkbox" }) as ControlSpec);

/** Active, premium, default, deprecated. */
export function FlagsSection({ fields }: { fields: ModelFields }) {
  return (
    <Section title="Flags">
      <Controls fields={fields} specs={FLAGS} />
    </Section>
  );
}

const REPLICATE: readonly ControlSpec[] = [
  {
    name: "replicateModelId",
    label: "Replicate model",
    hint: 'Optional: "owner/name" or "owner/name:version"; defaults to the model ID.',
    wide: true,
  },
  {
    name: "modelParameters",
    label: "Model parameters (JSON)",
    hint: 'Optional: merged into every Replicate input, e.g. {"resolution": "720p"}. Not "prompt" or "duration".',
    kind: "json",
  },
  {
    name: "requirements",
    label: "Requirements (JSON)",
    hint: 'Optional: what the model needs or can do, as a JSON object, e.g. {"aspectRatios": ["16:9"]}.',
    kind: "json",
  },
];

/** The Replicate model, the fixed input parameters and the requirements. */
export function ReplicateSection({ fields }: { fields: ModelFields }) {
  return (
    <Section title="Replicate">
      <Controls fields={fields} specs={REPLICATE} />
    </Section>
  );
}

/**
 * The creator inputs and price modifiers (an editor over two JSON fields)
 * and how many outputs one request may ask for.
 */
export function InputsSection({
  fields,
  onEdited,
}: {
  fields: ModelFields;
  onEdited: (name: "inputs" | "priceModifiers") => void;
}) {
  return (
    <Section
      title="Creator inputs and outputs"
      description="What creators may set besides the prompt, prices that depend on it, and how many videos one request may make (each priced in full)."
    >
      <InputsEditor
        inputsField={fields.inputs}
        modifiersField={fields.priceModifiers}
        onEdited={onEdited}
      />
      <Controls
        fields={fields}
        specs={[
          {
            name: "maxOutputs",
            label: "Most outputs per request",
            inputMode: "numeric",
            hint: "Optional, 1–4 (default 1). Only for models with a num_outputs input; the price is × outputs.",
          },
        ]}
      />
    </Section>
  );
}

/**
 * Access and retirement: the one-time unlock price, the sunset (a date in
 * UTC) and the successor creators are sent to.
 */
export function LifecycleSection({
  fields,
  modelIds,
}: {
  fields: ModelFields;
  /** Other models' IDs, suggested as successors. */
  modelIds?: readonly string[];
}) {
  const listId = modelIds?.length
    ? `${fields.successorModelId.id}-options`
    : undefined;
  return (
    <Section
      title="Unlock and sunset"
      description="Premium unlocks and dated retirement. Plans can include a model so their users need no unlock."
    >
      <Controls
        fields={fields}
        specs={[
          {
            name: "unlockCredits",
            label: "Unlock price (credits)",
            inputMode: "numeric",
            hint: "Optional: creators pay this once to use the model (a plan that lists it unlocks it). Empty: no unlock needed.",
          },
          {
            name: "sunsetAt",
            label: "Sunset (UTC)",
            type: "datetime-local",
            hint: "Optional: the model retires by itself at this time, in UTC, and hands the default to its successor. Must be in the future.",
          },
          {
            name: "successorModelId",
            label: "Successor",
            list: listId,
            hint: 'Optional: the ID of the model creators are sent to when this one retires ("Try …"); it must exist.',
            wide: true,
          },
        ]}
      />
      {listId ? (
        <datalist id={listId}>
          {modelIds!.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
      ) : null}
    </Section>
  );
}
