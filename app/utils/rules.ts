/**
 * The backend's shared pure rules the browser needs that weigh little:
 * money (credits ↔ USD), shop limits, the clock helpers, video statuses, and
 * the prompt/reason limits with their messages. Imported from `convex/lib`,
 * never copied. The catalogue and plan rules (which bring zod) are
 * `~/utils/model-rules`, so pages that use none of them do not load them.
 */
export {
  creditsToUsd,
  isValidCostPerSecond,
  MAX_LEDGER_AMOUNT,
} from "../../convex/lib/money";
export * as ShopLimits from "../../convex/lib/shopLimits";
export { monthOf, utcDay } from "../../convex/lib/clock";
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
