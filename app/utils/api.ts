/**
 * The one bridge from the app to the Convex backend's generated API and its
 * shared pure rules, so routes import `~/utils/api` instead of walking up to
 * `convex/` with relative paths. Everything re-exported here is safe in the
 * browser bundle (generated references and code without `ctx`).
 */
export { api } from "../../convex/_generated/api";
export type { Doc, Id } from "../../convex/_generated/dataModel";
export {
  allowedDurations,
  creditCostFor,
  defaultQuality,
  MODEL_CATEGORIES,
  validateModelDefinition,
} from "../../convex/lib/modelRules";
export type { ModelDefinition } from "../../convex/lib/modelRules";
export {
  applyingModifiers,
  INPUT_TYPES,
  maxOutputsOf,
  MAX_OUTPUTS,
} from "../../convex/lib/modelInputs";
export type {
  InputType,
  InputValue,
  ModelInputDef,
  PriceModifier,
} from "../../convex/lib/modelInputs";
export {
  creditsToUsd,
  isValidCostPerSecond,
  MAX_LEDGER_AMOUNT,
} from "../../convex/lib/money";
export * as ShopLimits from "../../convex/lib/shopLimits";
export { monthOf, utcDay } from "../../convex/lib/clock";
export {
  MAX_MONTHLY_CREDITS,
  PLAN_ID_MESSAGE,
  PLAN_ID_PATTERN,
  planFieldErrors,
} from "../../convex/lib/planRules";
export {
  isTerminalVideoStatus,
  TERMINAL_VIDEO_STATUSES,
  VIDEO_STATUSES,
} from "../../convex/lib/videoStatus";
export {
  checkPrompt,
  checkReason,
  MAX_PROMPT_LENGTH,
  MAX_REASON_LENGTH,
  PROMPT_REQUIRED_MESSAGE,
  PROMPT_TOO_LONG_MESSAGE,
  REASON_REQUIRED_MESSAGE,
  REASON_TOO_LONG_MESSAGE,
} from "../../convex/lib/limits";
export type {
  AuditAction,
  AuditChange,
  ErrorCode,
  LedgerType,
  ModelDoc,
  ModelListRow,
  Role,
  VideoStatus,
} from "../../convex/validators";
export type {
  ComparisonRow,
  ModelChoice,
  ModelWithCosts,
} from "../../convex/model/pricing";
