/**
 * The backend's catalogue and plan rules as the browser needs them (price
 * formula `creditCostFor`, allowed durations, default quality, input types
 * and their checks, model and plan validation): imported from `convex/lib`,
 * never copied. Apart from `~/utils/rules` because `modelInputs` brings zod,
 * which only the pages with model or plan forms and prices need.
 */
export {
  allowedDurations,
  creditCostFor,
  defaultQuality,
  MODEL_CATEGORIES,
  validateModelDefinition,
} from "../../convex/lib/modelRules";
export {
  applyingModifiers,
  INPUT_TYPES,
  maxOutputsOf,
  MAX_OUTPUTS,
} from "../../convex/lib/modelInputs";
export {
  MAX_MONTHLY_CREDITS,
  PLAN_ID_MESSAGE,
  PLAN_ID_PATTERN,
  planFieldErrors,
} from "../../convex/lib/planRules";
