/**
 * The admin model form's ONE schema, used by the browser (conform's
 * `onValidate`, instant field messages) and by the action (the real parse)
 * for both "New model" and "Edit model". Two layers:
 * 1. zod turns the text an admin types ("5, 9", "high=1.5", JSON) into the
 *    typed values `createModel` / `updateModel` take, with a message per
 *    field when the format is wrong (conform has already turned "" into
 *    `undefined`, "on" into `true` and numbers into numbers);
 * 2. once every format is right, the backend's own `validateModelDefinition`
 *    (convex/lib/modelRules) checks the rules and names the field it is
 *    about, so the form and the backend never disagree.
 *
 * Adding a field: add it to `MODEL_FIELDS` (its zod parser), to
 * `modelDefaultValues` (its text from a stored model) and to a section in
 * `sections.tsx`; `toCreateArgs` and `toPatch` pick it up from here.
 */
import type { FunctionArgs } from "convex/server";
import { z } from "zod";
import { type api, type ModelDefinition, type ModelDoc } from "~/utils/api";
import { validateModelDefinition } from "~/utils/model-rules";
import { toLocalInput, zonedTimeToUtc } from "~/utils/zoned-time";
import { InputDefsText, PriceModifiersText } from "./inputs-schema";

/** A comma- or space-separated list of whole numbers ("5, 9"). */
const wholeList = (message: string) =>
  z.string({ error: message }).transform((value, ctx) => {
    const parts = value.split(/[\s,]+/).filter(Boolean);
    if (parts.length === 0 || !parts.every((p) => /^\d+$/.test(p))) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return parts.map(Number);
  });

/** A comma-separated list; items may contain spaces ("Ultra HD"). */
const commaList = (message: string) =>
  z.string({ error: message }).transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** Optional text: empty (or spaces) is "none". */
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

/** Optional whole seconds. */
const optionalSeconds = (label: string) =>
  z
    .number({ error: `${label} must be whole seconds, or empty for none.` })
    .int({ error: `${label} must be whole seconds, or empty for none.` })
    .optional();

/** "quality=multiplier" pairs ("high=1.5, ultra=2"). */
const multipliers = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const map: Record<string, number> = {};
    for (const part of (value ?? "").split(/[,;\n]+/).map((p) => p.trim())) {
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

/** An optional JSON object (free-form settings passed through). */
const jsonObject = (label: string, example: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return undefined;
      try {
        const parsed: unknown = JSON.parse(value);
        if (
          typeof parsed !== "object" ||
          parsed === null ||
          Array.isArray(parsed)
        ) {
          throw new Error("not an object");
        }
        return parsed as Record<string, unknown>;
      } catch {
        ctx.addIssue({
          code: "custom",
          message: `${label} must be a JSON object, like ${example}.`,
        });
        return z.NEVER;
      }
    });

const flag = z.boolean().default(false);

/** Optional US dollars per second (the provider's cost). */
const optionalUsd = (message: string) =>
  z.number({ error: message }).optional();

/**
 * Optional wall-clock time in UTC, as a datetime-local input posts it
 * ("2026-12-07T09:00") → ms since epoch. The label says "UTC".
 */
const optionalUtcTime = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === "") return undefined;
    const ms = zonedTimeToUtc(value, "UTC");
    if (ms === null) {
      ctx.addIssue({
        code: "custom",
        message: "Enter a date and time, like 2026-12-07 09:00 (UTC).",
      });
      return z.NEVER;
    }
    return ms;
  });

/**
 * Every field of the model form and its parser. Text fields the rules check
 * (name, provider, ...) default to "" so the rules, not zod, word the
 * message.
 */
export const MODEL_FIELDS = {
  modelId: z.string().trim().default(""),
  name: z.string().trim().default(""),
  description: z.string().trim().default(""),
  provider: z.string().trim().default(""),
  category: optionalText,
  tags: commaList("").optional(),
  version: optionalText,
  replicateModelId: z.string().trim().default(""),
  modelParameters: jsonObject("Model parameters", '{"resolution": "720p"}'),
  requirements: jsonObject("Requirements", '{"minPromptLength": 10}'),
  costPerSecond: z.number({
    error: "Enter the price per second in US dollars, like 0.18.",
  }),
  supportedDurations: wholeList(
    "Durations must be whole seconds separated by commas, like 5, 9.",
  ),
  supportedQualities: commaList('List at least one quality, like "standard".'),
  qualityMultipliers: multipliers,
  maxDuration: optionalSeconds("Maximum duration"),
  fixedDuration: optionalSeconds("Fixed duration"),
  providerCostPerSecond: optionalUsd(
    "Enter the provider's price per second in US dollars, like 0.05, or leave it empty.",
  ),
  inputs: InputDefsText,
  priceModifiers: PriceModifiersText,
  maxOutputs: z
    .number({ error: "Maximum outputs must be a whole number from 1 to 4." })
    .int({ error: "Maximum outputs must be a whole number from 1 to 4." })
    .optional(),
  unlockCredits: z
    .number({ error: "Unlock price must be a whole number of credits." })
    .int({ error: "Unlock price must be a whole number of credits." })
    .optional(),
  sunsetAt: optionalUtcTime,
  successorModelId: optionalText,
  isActive: flag,
  isPremium: flag,
  isDefault: flag,
  isDeprecated: flag,
};

/** The form's field names. */
export type ModelFieldName = keyof typeof MODEL_FIELDS;
export const MODEL_FIELD_NAMES = Object.keys(MODEL_FIELDS) as ModelFieldName[];

/** What the form parses to (before `toCreateArgs`). */
export type ModelFormOutput = z.output<z.ZodObject<typeof MODEL_FIELDS>>;

/** What `createModel` takes. */
export type ModelFormValue = ModelDefinition & {
  isPremium: boolean;
  requirements?: Record<string, unknown>;
};

/** The form value as one model definition (Replicate id defaults to the model id). */
function definitionOf(value: ModelFormOutput): ModelFormValue {
  const tags = value.tags?.length ? value.tags : undefined;
  return {
    ...value,
    tags,
    replicateModelId: value.replicateModelId || value.modelId,
  };
}

/**
 * The model form's schema: each field's format, then the backend's rules
 * on the whole definition. (A check, not a transform, so conform can still
 * read each field's constraints from the object.)
 */
export const ModelFormSchema = z
  .object(MODEL_FIELDS)
  .superRefine((value, ctx) => {
    for (const { field, message } of validateModelDefinition(
      definitionOf(value),
    )) {
      ctx.addIssue({ code: "custom", path: [field], message });
    }
  });

/**
 * `createModel`'s arguments from the parsed form. Convex arguments cannot
 * carry `undefined`: the empty optionals are dropped.
 */
export function toCreateArgs(value: ModelFormOutput): ModelFormValue {
  return Object.fromEntries(
    Object.entries(definitionOf(value)).filter(([, v]) => v !== undefined),
  ) as ModelFormValue;
}

/** The changes `updateModel` takes: `null` clears an optional field. */
export type ModelPatch = Omit<
  FunctionArgs<typeof api.models.updateModel>,
  "modelId"
>;

/** JSON with object keys sorted, so key order never counts as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

const MINUTE = 60_000;

/**
 * Whether the stored and the form's value are the same. A sunset is typed
 * to the minute, so a stored time within that minute is unchanged.
 */
function same(key: string, stored: unknown, next: unknown): boolean {
  if (
    key === "sunsetAt" &&
    typeof stored === "number" &&
    typeof next === "number"
  ) {
    return Math.floor(stored / MINUTE) === Math.floor(next / MINUTE);
  }
  return canonical(stored) === canonical(next);
}

/**
 * Only the fields of `value` that differ from the stored `model`; a field
 * emptied in the form becomes `null` (clears it).
 */
export function toPatch(model: ModelDoc, parsed: ModelFormOutput): ModelPatch {
  const value = definitionOf(parsed);
  const patch: Record<string, unknown> = {};
  for (const key of MODEL_FIELD_NAMES) {
    if (key === "modelId") continue;
    const next = (value as Record<string, unknown>)[key];
    const stored = (model as Record<string, unknown>)[key];
    if (!same(key, stored, next)) patch[key] = next ?? null;
  }
  return patch as ModelPatch;
}

const json = (value: unknown) =>
  value === undefined || value === null ? "" : JSON.stringify(value, null, 2);
/** A list as one-line JSON (the inputs editor reads it back). */
const jsonList = (value: unknown[] | undefined) =>
  value === undefined || value.length === 0 ? "" : JSON.stringify(value);

/** The form's starting text: a stored model's fields, or a new model's. */
export function modelDefaultValues(
  model?: ModelDoc,
): Record<ModelFieldName, string> {
  if (!model) {
    return {
      ...(Object.fromEntries(MODEL_FIELD_NAMES.map((k) => [k, ""])) as Record<
        ModelFieldName,
        string
      >),
      supportedQualities: "standard",
      isActive: "on",
    };
  }
  const text = (value: number | string | undefined) =>
    value === undefined ? "" : String(value);
  const on = (value: boolean) => (value ? "on" : "");
  return {
    modelId: model.modelId,
    name: model.name,
    description: model.description,
    provider: model.provider,
    category: text(model.category),
    tags: (model.tags ?? []).join(", "),
    version: text(model.version),
    replicateModelId: model.replicateModelId,
    modelParameters: json(model.modelParameters),
    requirements: json(model.requirements),
    costPerSecond: String(model.costPerSecond),
    supportedDurations: model.supportedDurations.join(", "),
    supportedQualities: model.supportedQualities.join(", "),
    qualityMultipliers: Object.entries(model.qualityMultipliers ?? {})
      .map(([quality, multiplier]) => `${quality}=${multiplier}`)
      .join(", "),
    maxDuration: text(model.maxDuration),
    fixedDuration: text(model.fixedDuration),
    providerCostPerSecond: text(model.providerCostPerSecond),
    inputs: jsonList(model.inputs),
    priceModifiers: jsonList(model.priceModifiers),
    maxOutputs: text(model.maxOutputs),
    unlockCredits: text(model.unlockCredits),
    sunsetAt:
      model.sunsetAt === undefined ? "" : toLocalInput(model.sunsetAt, "UTC"),
    successorModelId: text(model.successorModelId),
    isActive: on(model.isActive),
    isPremium: on(model.isPremium),
    isDefault: on(model.isDefault),
    isDeprecated: on(model.isDeprecated),
  };
}
