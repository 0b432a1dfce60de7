/**
 * The model forms' parsing and validation, shared by the browser (instant
 * field messages) and the route actions (the same checks before calling the
 * backend). Two layers:
 * 1. zod turns the text an admin types ("5, 9", "high=1.5", "0.18") into
 *    typed values, with a message per field when the format is wrong;
 * 2. the backend's own `validateModelDefinition` (convex/lib/modelRules)
 *    checks the rules (price ≥ 0 with ≤ 4 decimals, fixedDuration among the
 *    durations, ...), so the form and the backend never disagree.
 */
import { z } from "zod";
import type { ErrorInfo } from "~/utils/errors";
import {
  validateModelDefinition,
  type ModelDefinition,
  type ModelDoc,
} from "~/utils/api";

/** Messages per field (the same shape as `parseForm`'s). */
export type FieldErrors = Record<string, string[] | undefined>;

/** What a model action answers (the page shows it on the model's card). */
export type ModelActionData = {
  intent: string;
  modelId: string;
  ok: boolean;
  /** What happened, for a success message. */
  message?: string;
  fieldErrors?: FieldErrors;
  formErrors?: string[];
  error?: ErrorInfo;
  /** The submitted values, to refill the edit form after an error. */
  values?: Record<string, string>;
  /** True when a delete/restore arrived unconfirmed (no JavaScript). */
  confirm?: boolean;
};

const text = z.string().trim();

const wholeList = (message: string) =>
  text.transform((value, ctx) => {
    const parts = value.split(/[\s,]+/).filter(Boolean);
    if (!parts.every((p) => /^\d+$/.test(p))) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return parts.map(Number);
  });

/** A comma-separated list; items may contain spaces ("Ultra HD"). */
const commaList = text.transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

const optionalWhole = (label: string) =>
  text.transform((value, ctx) => {
    if (value === "") return undefined;
    if (!/^\d+$/.test(value)) {
      ctx.addIssue({
        code: "custom",
        message: `${label} must be whole seconds, or empty for none.`,
      });
      return z.NEVER;
    }
    return Number(value);
  });

const usd = text.transform((value, ctx) => {
  if (value === "") {
    ctx.addIssue({
      code: "custom",
      message: "Enter the price per second in US dollars, like 0.18.",
    });
    return z.NEVER;
  }
  const number = Number(value.replace(/^\$/, ""));
  if (!Number.isFinite(number)) {
    ctx.addIssue({
      code: "custom",
      message: "Cost per second must be a number of US dollars, like 0.18.",
    });
    return z.NEVER;
  }
  return number;
});

const multipliers = text.transform((value, ctx) => {
  if (value === "") return undefined;
  const map: Record<string, number> = {};
  for (const part of value.split(/[,;\n]+/).map((p) => p.trim())) {
    if (!part) continue;
    const match = /^(.+?)\s*[=:]\s*(-?[\d.]+)$/.exec(part);
    if (!match || !Number.isFinite(Number(match[2]))) {
      ctx.addIssue({
        code: "custom",
        message:
          'Write multipliers as quality=number, like "high=1.5, ultra=2".',
      });
      return z.NEVER;
    }
    map[match[1]] = Number(match[2]);
  }
  return Object.keys(map).length > 0 ? map : undefined;
});

const json = text.transform((value, ctx) => {
  if (value === "") return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    ctx.addIssue({
      code: "custom",
      message:
        'Model parameters must be valid JSON, like {"resolution": "720p"}.',
    });
    return z.NEVER;
  }
});

const optionalText = text.transform((value) => value || undefined);
const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "true");

/** The fields an admin can change inline in the ModelManager. */
export const EDIT_FIELDS = {
  costPerSecond: usd,
  supportedDurations: wholeList(
    "Durations must be whole seconds separated by commas, like 5, 9.",
  ),
  supportedQualities: commaList,
  qualityMultipliers: multipliers,
  maxDuration: optionalWhole("Maximum duration"),
  fixedDuration: optionalWhole("Fixed duration"),
  isActive: checkbox,
  isPremium: checkbox,
  isDeprecated: checkbox,
};

/** Every field of the "New model" form. */
export const CREATE_FIELDS = {
  ...EDIT_FIELDS,
  modelId: text,
  name: text,
  description: text,
  version: optionalText,
  provider: text,
  category: optionalText,
  tags: commaList.transform((tags) => (tags.length > 0 ? tags : undefined)),
  replicateModelId: text,
  modelParameters: json,
  isDefault: checkbox,
};

type Schemas = Record<string, z.ZodType>;
type Parsed<S extends Schemas> = { [K in keyof S]: z.output<S[K]> };

/**
 * Parses each field with its zod schema; fields that fail keep `undefined`
 * and get their message, so the rules can still check the others.
 */
function parseFields<S extends Schemas>(
  schemas: S,
  values: Record<string, string | undefined>,
): { data: Partial<Parsed<S>>; errors: FieldErrors } {
  const data: Partial<Parsed<S>> = {};
  const errors: FieldErrors = {};
  for (const key of Object.keys(schemas) as (keyof S & string)[]) {
    const result = schemas[key].safeParse(values[key] ?? "");
    if (result.success) data[key] = result.data as Parsed<S>[typeof key];
    else errors[key] = result.error.issues.map((i) => i.message);
  }
  return { data, errors };
}

/** Adds the backend rules' messages for fields without a format error. */
function addRuleErrors(
  definition: ModelDefinition,
  errors: FieldErrors,
  fields: readonly string[],
): string[] {
  const formErrors: string[] = [];
  for (const { field, message } of validateModelDefinition(definition)) {
    if (errors[field]) continue;
    if (fields.includes(field)) errors[field] = [message];
    else formErrors.push(message);
  }
  return formErrors;
}

/** The outcome of checking a model form. */
export type ModelFormCheck<T> = {
  /** The typed values, when every field is valid. */
  data: T | null;
  fieldErrors: FieldErrors;
  /** Broken rules about fields the form does not show. */
  formErrors: string[];
};

/** What `createModel` takes. */
export type NewModel = ModelDefinition & { isPremium: boolean };

/** Checks the "New model" form: format (zod) first, then the backend rules. */
export function checkNewModel(
  values: Record<string, string | undefined>,
): ModelFormCheck<NewModel> {
  const { data, errors } = parseFields(CREATE_FIELDS, values);
  const definition: NewModel = {
    modelId: data.modelId ?? "",
    name: data.name ?? "",
    description: data.description ?? "",
    version: data.version,
    costPerSecond: data.costPerSecond ?? 0,
    supportedDurations: data.supportedDurations ?? [1],
    supportedQualities: data.supportedQualities ?? ["standard"],
    qualityMultipliers: data.qualityMultipliers,
    maxDuration: data.maxDuration,
    fixedDuration: errors.supportedDurations ? undefined : data.fixedDuration,
    isPremium: data.isPremium ?? false,
    isActive: data.isActive ?? false,
    isDefault: data.isDefault ?? false,
    isDeprecated: data.isDeprecated ?? false,
    provider: data.provider ?? "",
    category: data.category,
    tags: data.tags,
    replicateModelId: data.replicateModelId || data.modelId || "",
    modelParameters: data.modelParameters,
  };
  const formErrors = addRuleErrors(
    definition,
    errors,
    Object.keys(CREATE_FIELDS),
  );
  const valid = Object.keys(errors).length === 0 && formErrors.length === 0;
  // Convex arguments cannot carry `undefined`: drop the empty optionals.
  const clean = Object.fromEntries(
    Object.entries(definition).filter(([, v]) => v !== undefined),
  ) as NewModel;
  return { data: valid ? clean : null, fieldErrors: errors, formErrors };
}

/** The editable part of a model, as `updateModel` takes it (null clears). */
export type ModelPatch = {
  costPerSecond?: number;
  supportedDurations?: number[];
  supportedQualities?: string[];
  qualityMultipliers?: Record<string, number> | null;
  maxDuration?: number | null;
  fixedDuration?: number | null;
  isActive?: boolean;
  isPremium?: boolean;
  isDeprecated?: boolean;
};

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Checks the inline edit of `model`: the edited fields merged into the
 * stored model must pass the backend rules.
 * @returns `data`: only the fields that changed (`null` clears an optional).
 */
export function checkModelEdit(
  model: ModelDoc,
  values: Record<string, string | undefined>,
): ModelFormCheck<ModelPatch> {
  const { data, errors } = parseFields(EDIT_FIELDS, values);
  const merged: ModelDefinition = { ...model };
  for (const [key, value] of Object.entries(data)) {
    (merged as Record<string, unknown>)[key] = value;
  }
  const formErrors = addRuleErrors(merged, errors, Object.keys(EDIT_FIELDS));
  if (Object.keys(errors).length > 0 || formErrors.length > 0) {
    return { data: null, fieldErrors: errors, formErrors };
  }
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(EDIT_FIELDS) as (keyof ModelPatch)[]) {
    if (!same(model[key], data[key])) patch[key] = data[key] ?? null;
  }
  return { data: patch as ModelPatch, fieldErrors: {}, formErrors: [] };
}

/** The edit form's starting text for a model's editable fields. */
export function editValuesOf(model: ModelDoc): Record<string, string> {
  return {
    costPerSecond: String(model.costPerSecond),
    supportedDurations: model.supportedDurations.join(", "),
    supportedQualities: model.supportedQualities.join(", "),
    qualityMultipliers: Object.entries(model.qualityMultipliers ?? {})
      .map(([quality, multiplier]) => `${quality}=${multiplier}`)
      .join(", "),
    maxDuration:
      model.maxDuration === undefined ? "" : String(model.maxDuration),
    fixedDuration:
      model.fixedDuration === undefined ? "" : String(model.fixedDuration),
    isActive: model.isActive ? "on" : "",
    isPremium: model.isPremium ? "on" : "",
    isDeprecated: model.isDeprecated ? "on" : "",
  };
}

/** A FormData's text entries (checkboxes that are off are simply absent). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string") values[key] = value;
  }
  return values;
}
