/**
 * The rules of a plan's fields (API-CONTRACT "Plans, overrides, unlocks"),
 * pure so `plans:createPlan` / `updatePlan` and the admin plan form check
 * the same things with the same words.
 */
import { isValidPriceMultiplier } from "./money";
import { MAX_LIST_LENGTH } from "./modelRules";

/** Largest monthly grant, in credits (US$10,000). */
export const MAX_MONTHLY_CREDITS = 1_000_000;
/** Most models one plan may list. */
export const MAX_PLAN_MODELS = 200;
export const MAX_PLAN_NAME_LENGTH = 100;
/** Plan IDs: short, lower-case, URL-safe. */
export const PLAN_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const PLAN_ID_MESSAGE =
  "Plan ID must be 1–40 lower-case letters, digits, - or _.";

/** Plan fields as an admin gives them (`null` clears, on update). */
export type PlanFieldsInput = {
  name?: string;
  allowedModelIds?: string[] | null;
  allowedCategories?: string[] | null;
  priceMultiplier?: number | null;
  monthlyCredits?: number | null;
  isDefault?: boolean;
};

/** A list trimmed, without blanks or repeats; empty → `null` (not restricting). */
export function cleanPlanList(list: string[]): string[] | null {
  const cleaned = [...new Set(list.map((x) => x.trim()).filter(Boolean))];
  return cleaned.length === 0 ? null : cleaned;
}

/**
 * Every broken rule among the given fields: name 1–100 characters; at most
 * 200 models and 20 categories; `priceMultiplier` > 0, ≤ 100, ≤ 2
 * decimals; `monthlyCredits` a whole number from 0 to 1,000,000.
 * @returns `[]` when valid.
 */
export function planFieldErrors(
  fields: PlanFieldsInput,
): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (fields.name !== undefined) {
    const name = fields.name.trim();
    if (name.length === 0 || name.length > MAX_PLAN_NAME_LENGTH)
      errors.push({
        field: "name",
        message: `Plan name must be 1–${MAX_PLAN_NAME_LENGTH} characters.`,
      });
  }
  const models = fields.allowedModelIds
    ? cleanPlanList(fields.allowedModelIds)
    : null;
  if (models && models.length > MAX_PLAN_MODELS)
    errors.push({
      field: "allowedModelIds",
      message: `A plan lists at most ${MAX_PLAN_MODELS} models.`,
    });
  const categories = fields.allowedCategories
    ? cleanPlanList(fields.allowedCategories)
    : null;
  if (categories && categories.length > MAX_LIST_LENGTH)
    errors.push({
      field: "allowedCategories",
      message: `A plan lists at most ${MAX_LIST_LENGTH} categories.`,
    });
  if (
    fields.priceMultiplier !== undefined &&
    fields.priceMultiplier !== null &&
    !isValidPriceMultiplier(fields.priceMultiplier)
  )
    errors.push({
      field: "priceMultiplier",
      message:
        "Price multiplier must be above 0, at most 100, with at most 2 decimal places.",
    });
  if (
    fields.monthlyCredits !== undefined &&
    fields.monthlyCredits !== null &&
    (!Number.isSafeInteger(fields.monthlyCredits) ||
      fields.monthlyCredits < 0 ||
      fields.monthlyCredits > MAX_MONTHLY_CREDITS)
  )
    errors.push({
      field: "monthlyCredits",
      message: `Monthly credits must be a whole number from 0 to ${MAX_MONTHLY_CREDITS.toLocaleString("en-US")}.`,
    });
  return errors;
}
