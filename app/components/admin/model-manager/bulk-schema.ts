/**
 * The ModelManager's bulk form (ADR 0015: one schema for browser and
 * action): the action and 1–100 selected model ids, mirroring
 * `registry.bulkUpdateModels`. `confirmed=yes` comes from the confirmation
 * dialog (or, without JavaScript, the server-rendered confirm step).
 */
import { z } from "zod";

/** Most models one bulk action may change (`registry.MAX_BULK`). */
export const MAX_BULK = 100;

export const BULK_ACTIONS = [
  { value: "activate", verb: "Activate", done: "activated" },
  { value: "deactivate", verb: "Deactivate", done: "deactivated" },
  { value: "deprecate", verb: "Deprecate", done: "deprecated" },
] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number]["value"];

export const BulkSchema = z.object({
  intent: z.literal("bulk"),
  action: z.enum(["activate", "deactivate", "deprecate"], {
    error: "Choose what to do with the selected models.",
  }),
  modelIds: z
    .array(z.string().min(1), { error: "Select at least one model." })
    .min(1, { error: "Select at least one model." })
    .max(MAX_BULK, {
      error: `Select at most ${MAX_BULK} models for one bulk action.`,
    }),
  confirmed: z.literal("yes").optional(),
});
export type BulkValues = z.infer<typeof BulkSchema>;

/** "3 models" / "1 model". */
export function modelsCount(n: number): string {
  return `${n.toLocaleString("en-US")} model${n === 1 ? "" : "s"}`;
}

/** The action's verb and past tense. */
export function bulkAction(value: BulkAction) {
  return BULK_ACTIONS.find((a) => a.value === value)!;
}
