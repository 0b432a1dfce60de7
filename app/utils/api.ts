/**
 * The one bridge from the app to the Convex backend's generated API: the
 * function references (`api`) and the documents' and validators' types, so
 * routes import `~/utils/api` instead of walking up to `convex/` with
 * relative paths. It holds no runtime rule, so a page that only calls
 * functions (the root, the home page) ships none of the rules' code (zod
 * among it). The shared pure rules are `~/utils/rules`.
 */
export { api } from "../../convex/_generated/api";
export type { Doc, Id } from "../../convex/_generated/dataModel";
export type { ModelDefinition } from "../../convex/lib/modelRules";
export type {
  InputType,
  InputValue,
  ModelInputDef,
  PriceModifier,
} from "../../convex/lib/modelInputs";
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
