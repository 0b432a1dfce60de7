/**
 * The model form's `inputs` and `priceModifiers` fields. Both post as one
 * JSON array each (the inputs editor keeps them in a hidden field; without
 * JavaScript the admin edits the JSON itself), parsed here into the shapes
 * `createModel` / `updateModel` take. The rules (names, options, limits,
 * defaults, which values a modifier may name) are the backend's
 * `validateInputDefinitions`, run by `ModelFormSchema` on the whole model:
 * this layer only checks the format.
 */
import { z } from "zod";
import { type ModelInputDef, type PriceModifier } from "~/utils/api";
import { INPUT_TYPES } from "~/utils/model-rules";

const value = z.union([z.string(), z.number(), z.boolean()]);

/** One input definition (convex/validators.ts `modelInputDefValidator`). */
export const InputDefShape = z
  .object({
    name: z.string().trim(),
    type: z.enum(INPUT_TYPES),
    label: z.string().optional(),
    description: z.string().optional(),
    options: z.array(z.union([z.string(), z.number()])).optional(),
    default: value.optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.number().optional(),
  })
  .strict();

/** One price modifier (convex/validators.ts `priceModifierValidator`). */
export const PriceModifierShape = z
  .object({
    input: z.string().trim(),
    value,
    multiplier: z.number().optional(),
    costPerSecond: z.number().optional(),
  })
  .strict();

/** An optional JSON array whose items have `shape` ("" or [] = none). */
function jsonArrayOf<T>(shape: z.ZodType<T>, message: string) {
  return z
    .string()
    .optional()
    .transform((text, ctx): T[] | undefined => {
      if (text === undefined || text.trim() === "") return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      const list = z.array(shape).safeParse(parsed);
      if (!list.success) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return list.data.length === 0 ? undefined : list.data;
    });
}

/** The `inputs` field: creator-settable Replicate inputs. */
export const InputDefsText = jsonArrayOf<ModelInputDef>(
  InputDefShape as z.ZodType<ModelInputDef>,
  'Inputs must be a JSON list like [{"name": "aspect_ratio", "type": "enum", "options": ["16:9", "9:16"]}].',
);

/** The `priceModifiers` field: prices that depend on input values. */
export const PriceModifiersText = jsonArrayOf<PriceModifier>(
  PriceModifierShape as z.ZodType<PriceModifier>,
  'Price modifiers must be a JSON list like [{"input": "generate_audio", "value": false, "multiplier": 0.5}].',
);
