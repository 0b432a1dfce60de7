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
export { creditsToUsd } from "../../convex/lib/money";
export type {
  AuditAction,
  AuditChange,
  ErrorCode,
  LedgerType,
  ModelDoc,
  Role,
  VideoStatus,
} from "../../convex/validators";
export type {
  ComparisonRow,
  ModelChoice,
  ModelWithCosts,
} from "../../convex/model/pricing";
