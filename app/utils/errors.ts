/**
 * The ONE map from a backend error code (API-CONTRACT "Error codes") to what
 * the web app does with it: the HTTP status an action or loader answers, the
 * message people read, and the form field it is about. The backend throws
 * `ConvexError({ code, message, field? })`; every action and loader goes
 * through `describeError` (or `toLoaderError`), so a code added to the
 * contract must be added here once (the `Record` type makes it a compile
 * error to forget).
 */
import { ConvexError } from "convex/values";
import type { ErrorCode } from "./api";

/** How the app answers one error code. */
export type ErrorRule = {
  /** HTTP status of the action's or loader's answer. */
  status: number;
  /** A human message, keyed by meaning rather than backend wording. */
  message: string;
  /** The form field the code is about, when it is about one. */
  field?: string;
  /** Whether the backend's own message adds specifics worth showing. */
  showDetail?: boolean;
};

/** Every contract code → status, message, field. */
export const ERRORS: Record<ErrorCode, ErrorRule> = {
  UNAUTHENTICATED: {
    status: 401,
    message: "Your session has ended. Sign in again to continue.",
  },
  FORBIDDEN: { status: 403, message: "You don't have permission to do that." },
  NOT_FOUND: {
    status: 404,
    message: "We couldn't find what you were looking for.",
  },
  INVALID_ARGUMENT: {
    status: 400,
    message:
      "Some details aren't valid. Check the highlighted fields and try again.",
    showDetail: true,
  },
  MODEL_NOT_FOUND: {
    status: 404,
    message: "That model doesn't exist any more. Pick another model.",
    field: "model",
  },
  MODEL_INACTIVE: {
    status: 409,
    message: "That model isn't available right now. Pick another model.",
    field: "model",
  },
  UNSUPPORTED_DURATION: {
    status: 400,
    message:
      "The chosen model can't make a video of that length. Pick one of the durations offered.",
    field: "duration",
    showDetail: true,
  },
  UNSUPPORTED_QUALITY: {
    status: 400,
    message:
      "The chosen model doesn't offer that quality. Pick one of the qualities offered.",
    field: "quality",
    showDetail: true,
  },
  INSUFFICIENT_CREDITS: {
    status: 409,
    message: "You don't have enough credits for this video.",
  },
  DUPLICATE_MODEL_ID: {
    status: 409,
    message: "A model with this ID already exists.",
  },
  INVALID_STATE: {
    status: 409,
    message:
      "That can't be done right now: it may have just changed. Reload and try again.",
  },
  MODEL_NOT_ALLOWED: {
    status: 403,
    message: "Your plan doesn't include that model. Pick another model.",
    field: "model",
  },
  MODEL_LOCKED: {
    status: 402,
    message: "That model needs a one-time unlock before you can use it.",
    field: "model",
  },
  PRICE_CHANGED: {
    status: 409,
    message:
      "The price changed since you opened the form. Check the new price and confirm again.",
  },
  RATE_LIMITED: {
    status: 429,
    message: "Too many videos at once. Wait a moment and try again.",
  },
  PAYMENT_FAILED: {
    status: 502,
    message:
      "The payment provider isn't answering. Nothing was charged; try again in a minute.",
  },
};

/** A human message for every contract code (from `ERRORS`). */
export const ERROR_MESSAGES = Object.fromEntries(
  Object.entries(ERRORS).map(([code, rule]) => [code, rule.message]),
) as Record<ErrorCode, string>;

/** The status for an unexpected error (no contract code). */
export const UNEXPECTED_STATUS = 500;

/** A backend error, described for people. */
export type ErrorInfo = {
  /** The contract code, or undefined for an unexpected error. */
  code?: ErrorCode;
  /** The human message for the code. */
  message: string;
  /** The backend's own, more specific wording, when it adds something. */
  detail?: string;
  /** The form field the error is about, if any. */
  field?: string;
  /** PRICE_CHANGED: the price now, in credits. */
  credits?: number;
  /** For RATE_LIMITED: milliseconds until a retry can succeed. */
  retryAfterMs?: number;
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERRORS, value);
}

/** The contract code carried by an error, if any. */
export function errorCode(error: unknown): ErrorCode | undefined {
  if (error instanceof ConvexError) {
    const data: unknown = error.data;
    if (
      typeof data === "object" &&
      data !== null &&
      "code" in data &&
      isErrorCode(data.code)
    ) {
      return data.code;
    }
  }
  return undefined;
}

/** The HTTP status for a code (500 for an unexpected error). */
export function errorStatus(code: ErrorCode | undefined): number {
  return code ? ERRORS[code].status : UNEXPECTED_STATUS;
}

/**
 * Describes any thrown value for display. A `ConvexError` with a contract
 * code gets its mapped message (plus the backend's specific detail for the
 * codes where it names the allowed values); anything else is "unexpected".
 */
export function describeError(error: unknown): ErrorInfo {
  const code = errorCode(error);
  if (!code) {
    return {
      message:
        "Something went wrong on our side. Please try again in a moment.",
    };
  }
  const rule = ERRORS[code];
  const data = (error as ConvexError<Record<string, string>>).data as {
    message?: unknown;
    field?: unknown;
    credits?: unknown;
    retryAfterMs?: unknown;
  };
  const backendMessage =
    typeof data.message === "string" ? data.message : undefined;
  const field = typeof data.field === "string" ? data.field : rule.field;
  return {
    code,
    message: rule.message,
    ...(rule.showDetail && backendMessage ? { detail: backendMessage } : {}),
    ...(field ? { field } : {}),
    ...(typeof data.credits === "number" ? { credits: data.credits } : {}),
    ...(typeof data.retryAfterMs === "number" && data.retryAfterMs > 0
      ? { retryAfterMs: data.retryAfterMs }
      : {}),
  };
}
