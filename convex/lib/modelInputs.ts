/**
 * Creator inputs, price modifiers and several outputs (API-CONTRACT "Model
 * inputs and price modifiers"; seed 002's per-model input schemas and cost
 * multipliers; seed 001's outputs priced × n). Pure code: the mutations, the
 * pricing queries and the Remix forms share these rules.
 *
 * A request's values are checked with a zod schema built from the stored
 * definition (no `eval`: zod runs jitless, see below), so the rule lives in
 * data, not code, and still runs in Convex's default runtime.
 */
import { z } from "zod";
import { isValidCostPerSecond, isValidQualityMultiplier } from "./money";

// Zod 4 compiles object parsers with `new Function` when it can; Convex's
// runtime forbids code generation from strings, so never try.
z.config({ jitless: true });

/** The kinds of creator input (API-CONTRACT). */
export const INPUT_TYPES = [
  "enum",
  "boolean",
  "integer",
  "number",
  "string",
  "image",
] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** A value a creator sends for one input. */
export type InputValue = string | number | boolean;

/** One creator-settable Replicate input, as stored on a model. */
export type ModelInputDef = {
  /** The Replicate input name, e.g. `aspect_ratio`. */
  name: string;
  type: InputType;
  /** What the create form shows; the name when absent. */
  label?: string;
  description?: string;
  /** Enum values (enum inputs only). */
  options?: (string | number)[];
  default?: InputValue;
  /** Limits of integer and number inputs. */
  min?: number;
  max?: number;
  /** Longest string (string inputs). */
  maxLength?: number;
};

/**
 * A price that depends on an input value: when input `input` equals `value`
 * (or, absent from the request, its `default` does), `costPerSecond`
 * replaces the model's price per second and `multiplier` multiplies.
 */
export type PriceModifier = {
  input: string;
  value: InputValue;
  multiplier?: number;
  costPerSecond?: number;
};

/** The model fields these rules read. */
export type ModelInputsShape = {
  inputs?: ModelInputDef[];
  priceModifiers?: PriceModifier[];
  maxOutputs?: number;
};

/** Most outputs one request may ask for (API-CONTRACT: 1–4). */
export const MAX_OUTPUTS = 4;
/** Most inputs a model may expose. */
export const MAX_INPUTS = 30;
export const MAX_PRICE_MODIFIERS = 30;
/** Longest string value we accept even when the model sets no `maxLength`. */
export const MAX_STRING_VALUE_LENGTH = 4000;
export const MAX_URL_LENGTH = 2048;
/**
 * Replicate input that asks for several outputs. The fake honours it, and
 * so do Replicate models with a `num_outputs` input; a model without one
 * should keep `maxOutputs` at 1 (ADR 0042).
 */
export const OUTPUTS_INPUT = "num_outputs";
/** Inputs the platform sets itself: never creator inputs. */
export const PLATFORM_INPUTS = ["prompt", "duration", OUTPUTS_INPUT] as const;
/**
 * Input names: Replicate's are snake_case identifiers; also usable as
 * Convex record keys (ASCII, not starting with `$` or `_`).
 */
export const INPUT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** One broken rule, named by its field (e.g. `inputs.seed`). */
export type InputFieldError = { field: string; message: string };

const labelOf = (def: ModelInputDef) => def.label ?? def.name;

/** True for an http(s) URL a remote service can fetch. */
export function isFetchableUrl(value: string): boolean {
  if (value.length > MAX_URL_LENGTH) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * The zod schema of one input's value, built from its stored definition.
 * Messages are for creators.
 */
export function inputValueSchema(def: ModelInputDef): z.ZodType<InputValue> {
  const label = labelOf(def);
  switch (def.type) {
    case "enum": {
      const options = def.options ?? [];
      return z.custom<InputValue>(
        (value) =>
          (typeof value === "string" || typeof value === "number") &&
          options.includes(value),
        { message: `${label} must be one of ${options.join(", ")}.` },
      );
    }
    case "boolean":
      return z.boolean({ message: `${label} must be true or false.` });
    case "integer":
    case "number": {
      let schema = z.number({ message: `${label} must be a number.` });
      if (def.type === "integer")
        schema = schema.int({ message: `${label} must be a whole number.` });
      if (def.min !== undefined)
        schema = schema.min(def.min, {
          message: `${label} must be at least ${def.min}.`,
        });
      if (def.max !== undefined)
        schema = schema.max(def.max, {
          message: `${label} must be at most ${def.max}.`,
        });
      return schema;
    }
    case "string": {
      const max = Math.min(
        def.maxLength ?? MAX_STRING_VALUE_LENGTH,
        MAX_STRING_VALUE_LENGTH,
      );
      return z
        .string({ message: `${label} must be text.` })
        .max(max, { message: `${label} must be at most ${max} characters.` });
    }
    case "image":
      return z
        .string({ message: `${label} must be an image URL.` })
        .refine(isFetchableUrl, {
          message: `${label} must be an http(s) URL of an image.`,
        });
  }
}

/**
 * Checks a request's `inputs` against a model's definitions.
 * @returns the accepted values (only the names given), or the first broken
 *   rule with `field` = `inputs.<name>` (API-CONTRACT: unknown name, wrong
 *   type, outside `options`, below `min`, above `max`, over `maxLength`).
 */
export function parseRequestInputs(
  defs: readonly ModelInputDef[] | undefined,
  inputs: Record<string, unknown> | undefined,
):
  | { ok: true; values: Record<string, InputValue> }
  | ({ ok: false } & InputFieldError) {
  const values: Record<string, InputValue> = {};
  for (const [name, value] of Object.entries(inputs ?? {})) {
    const def = defs?.find((d) => d.name === name);
    if (def === undefined) {
      return {
        ok: false,
        field: `inputs.${name}`,
        message: `This model has no input "${name}".`,
      };
    }
    const parsed = inputValueSchema(def).safeParse(value);
    if (!parsed.success) {
      return {
        ok: false,
        field: `inputs.${name}`,
        message: parsed.error.issues[0]?.message ?? `Invalid ${labelOf(def)}.`,
      };
    }
    values[name] = parsed.data;
  }
  return { ok: true, values };
}

/**
 * Checks a requested number of outputs: a whole number from 1 to the
 * model's `maxOutputs` (default 1, at most 4).
 * @returns an error message, or null when fine.
 */
export function outputsError(
  model: ModelInputsShape,
  outputs: number,
): string | null {
  const max = maxOutputsOf(model);
  if (!Number.isInteger(outputs) || outputs < 1 || outputs > max) {
    return max === 1
      ? "This model makes one output per request."
      : `Ask for 1 to ${max} outputs.`;
  }
  return null;
}

/** A model's `maxOutputs`, default 1, capped at 4. */
export function maxOutputsOf(model: ModelInputsShape): number {
  return Math.min(model.maxOutputs ?? 1, MAX_OUTPUTS);
}

/**
 * The value an input takes for pricing: the request's, else its default.
 */
export function effectiveInputValue(
  model: ModelInputsShape,
  name: string,
  inputs: Record<string, unknown> | undefined,
): unknown {
  if (inputs !== undefined && Object.hasOwn(inputs, name)) return inputs[name];
  return model.inputs?.find((d) => d.name === name)?.default;
}

/** The price modifiers that apply to a request, in their stored order. */
export function applyingModifiers(
  model: ModelInputsShape,
  inputs: Record<string, unknown> | undefined,
): PriceModifier[] {
  return (model.priceModifiers ?? []).filter(
    (m) => effectiveInputValue(model, m.input, inputs) === m.value,
  );
}

/**
 * Price per second and extra multipliers for a request: the last applying
 * modifier with a `costPerSecond` replaces the model's price; every applying
 * `multiplier` multiplies.
 */
export function modifiedPricing(
  model: ModelInputsShape & { costPerSecond: number },
  inputs: Record<string, unknown> | undefined,
): { costPerSecond: number; multipliers: number[] } {
  let costPerSecond = model.costPerSecond;
  const multipliers: number[] = [];
  for (const modifier of applyingModifiers(model, inputs)) {
    if (modifier.costPerSecond !== undefined)
      costPerSecond = modifier.costPerSecond;
    if (modifier.multiplier !== undefined)
      multipliers.push(modifier.multiplier);
  }
  return { costPerSecond, multipliers };
}

const isNumber = (n: unknown): n is number =>
  typeof n === "number" && Number.isFinite(n);

/**
 * Checks a model's input definitions, price modifiers and `maxOutputs` (the
 * admin side). Rules: names are Replicate-style identifiers, distinct, not
 * set by the platform (`prompt`, `duration`, `num_outputs`); an enum lists
 * 1–50 distinct options; `min ≤ max`; a default fits its own input; each
 * modifier names an input, a value that input can take, and a valid
 * `multiplier` (> 0, ≤ 100, 2 decimals) and/or `costPerSecond` (US$, 4
 * decimals); `maxOutputs` is a whole number from 1 to 4.
 * @returns `[]` when valid.
 */
export function validateInputDefinitions(
  model: ModelInputsShape,
): InputFieldError[] {
  const errors: InputFieldError[] = [];
  const add = (field: string, message: string) =>
    errors.push({ field, message });
  const defs = model.inputs ?? [];
  if (defs.length > MAX_INPUTS) add("inputs", `At most ${MAX_INPUTS} inputs.`);
  const seen = new Set<string>();
  for (const def of defs) {
    const field = `inputs.${def.name}`;
    if (!INPUT_NAME_PATTERN.test(def.name)) {
      add(
        "inputs",
        `Input name "${def.name}" must be a Replicate input name such as aspect_ratio.`,
      );
      continue;
    }
    if ((PLATFORM_INPUTS as readonly string[]).includes(def.name)) {
      add(field, `The platform sets "${def.name}" itself.`);
    }
    if (seen.has(def.name)) add(field, `Input "${def.name}" is listed twice.`);
    seen.add(def.name);
    if (!(INPUT_TYPES as readonly string[]).includes(def.type)) {
      add(field, `Unknown input type "${String(def.type)}".`);
      continue;
    }
    if (def.label !== undefined && def.label.length > 60)
      add(field, "Labels must be at most 60 characters.");
    if (def.type === "enum") {
      const options = def.options ?? [];
      if (options.length === 0 || options.length > 50)
        add(field, "An enum input lists 1 to 50 options.");
      else if (new Set(options).size !== options.length)
        add(field, "Options must not repeat.");
    } else if (def.options !== undefined) {
      add(field, "Only enum inputs have options.");
    }
    if (def.min !== undefined && !isNumber(def.min))
      add(field, "Minimum must be a number.");
    if (def.max !== undefined && !isNumber(def.max))
      add(field, "Maximum must be a number.");
    if (isNumber(def.min) && isNumber(def.max) && def.min > def.max)
      add(field, "Minimum is above maximum.");
    if (
      def.maxLength !== undefined &&
      !(Number.isInteger(def.maxLength) && def.maxLength > 0)
    )
      add(field, "Maximum length must be a positive whole number.");
    if (def.default !== undefined) {
      const parsed = inputValueSchema(def).safeParse(def.default);
      if (!parsed.success)
        add(field, `Default: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    }
  }

  const modifiers = model.priceModifiers ?? [];
  if (modifiers.length > MAX_PRICE_MODIFIERS)
    add("priceModifiers", `At most ${MAX_PRICE_MODIFIERS} price modifiers.`);
  for (const modifier of modifiers) {
    const def = defs.find((d) => d.name === modifier.input);
    const what = `Price modifier ${modifier.input} = ${String(modifier.value)}`;
    if (def === undefined) {
      add(
        "priceModifiers",
        `${what} names an input the model does not expose.`,
      );
      continue;
    }
    if (!inputValueSchema(def).safeParse(modifier.value).success)
      add(
        "priceModifiers",
        `${what}: ${modifier.input} cannot take that value.`,
      );
    if (
      modifier.multiplier === undefined &&
      modifier.costPerSecond === undefined
    )
      add(
        "priceModifiers",
        `${what} needs a multiplier or a price per second.`,
      );
    if (
      modifier.multiplier !== undefined &&
      !isValidQualityMultiplier(modifier.multiplier)
    )
      add(
        "priceModifiers",
        `${what}: the multiplier must be above 0 and at most 100, with at most 2 decimal places.`,
      );
    if (
      modifier.costPerSecond !== undefined &&
      !isValidCostPerSecond(modifier.costPerSecond)
    )
      add(
        "priceModifiers",
        `${what}: the price per second must be US$ 0–1000 with at most 4 decimal places.`,
      );
  }

  if (
    model.maxOutputs !== undefined &&
    !(
      Number.isInteger(model.maxOutputs) &&
      model.maxOutputs >= 1 &&
      model.maxOutputs <= MAX_OUTPUTS
    )
  )
    add(
      "maxOutputs",
      `Maximum outputs must be a whole number from 1 to ${MAX_OUTPUTS}.`,
    );
  return errors;
}
