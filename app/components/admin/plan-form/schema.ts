/**
 * The admin plan form's ONE schema (new and edit; browser through conform,
 * action through `parseWithZod`). zod turns the posted text into
 * `createPlan` / `updatePlan`'s values; the rules are the backend's
 * `planFieldErrors` (convex/lib/planRules.ts), so both word a refusal the
 * same way.
 */
import type { FunctionArgs } from "convex/server";
import { z } from "zod";
import { type api } from "~/utils/api";
import {
  PLAN_ID_MESSAGE,
  PLAN_ID_PATTERN,
  planFieldErrors,
} from "~/utils/model-rules";
import type { PlanDoc } from "../../../../convex/validators";

/** Checkbox groups post nothing, one value or several. */
const checkedList = z
  .array(z.string())
  .optional()
  .transform((list) => (list && list.length > 0 ? list : undefined));

export const PLAN_FIELDS = {
  planId: z
    .string({ error: PLAN_ID_MESSAGE })
    .trim()
    .regex(PLAN_ID_PATTERN, { error: PLAN_ID_MESSAGE }),
  name: z.string().trim().default(""),
  priceMultiplier: z
    .number({
      error: "Enter a multiplier like 1.5 (×1.5), or leave it empty for ×1.",
    })
    .optional(),
  monthlyCredits: z
    .number({ error: "Enter a whole number of credits, or leave it empty." })
    .int({ error: "Enter a whole number of credits, or leave it empty." })
    .optional(),
  allowedCategories: checkedList,
  allowedModelIds: checkedList,
  isDefault: z.boolean().default(false),
};

export type PlanFieldName = keyof typeof PLAN_FIELDS;
export const PLAN_FIELD_NAMES = Object.keys(PLAN_FIELDS) as PlanFieldName[];

/** The plan form: each field's format, then the backend's rules. */
export const PlanFormSchema = z
  .object(PLAN_FIELDS)
  .superRefine((value, ctx) => {
    for (const { field, message } of planFieldErrors(value)) {
      ctx.addIssue({ code: "custom", path: [field], message });
    }
  });

export type PlanFormOutput = z.output<typeof PlanFormSchema>;

/** `createPlan`'s arguments (empty optionals left out). */
export function toCreatePlanArgs(
  value: PlanFormOutput,
): FunctionArgs<typeof api.plans.createPlan> {
  return Object.fromEntries(
    Object.entries({
      ...value,
      isDefault: value.isDefault || undefined,
    }).filter(([, v]) => v !== undefined),
  ) as FunctionArgs<typeof api.plans.createPlan>;
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** `updatePlan`'s changes: only what differs; an emptied field is `null`. */
export function toPlanPatch(
  plan: PlanDoc,
  value: PlanFormOutput,
): Omit<FunctionArgs<typeof api.plans.updatePlan>, "planId"> {
  const patch: Record<string, unknown> = {};
  for (const key of [
    "name",
    "priceMultiplier",
    "monthlyCredits",
    "allowedCategories",
    "allowedModelIds",
  ] as const) {
    const next = value[key];
    const stored = plan[key];
    const equal =
      Array.isArray(next) && Array.isArray(stored)
        ? same([...next].sort(), [...stored].sort())
        : same(stored, next);
    if (!equal) patch[key] = next ?? null;
  }
  if (value.isDefault !== (plan.isDefault === true))
    patch.isDefault = value.isDefault;
  return patch;
}

/** The form's starting text: a stored plan's fields, or a new plan's. */
export function planDefaultValues(plan?: PlanDoc): Record<string, unknown> {
  if (!plan) return { planId: "", name: "" };
  const text = (value: number | undefined) =>
    value === undefined ? "" : String(value);
  return {
    planId: plan.planId,
    name: plan.name,
    priceMultiplier: text(plan.priceMultiplier),
    monthlyCredits: text(plan.monthlyCredits),
    allowedCategories: plan.allowedCategories ?? [],
    allowedModelIds: plan.allowedModelIds ?? [],
    isDefault: plan.isDefault ? "on" : "",
  };
}
