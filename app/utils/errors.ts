/**
 * What each backend error code means to a creator (API-CONTRACT "Error
 * codes"). The backend throws `ConvexError({ code, message, field? })`; the
 * UI shows these messages, keyed by meaning, so wording stays consistent
 * across pages and does not depend on backend phrasing.
 */
import { ConvexError } from "convex/values";
import type { ErrorCode } from "./api";

/** A human message for every contract error code. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: "Your session has ended. Sign in again to continue.",
  FORBIDDEN: "You don't have permission to do that.",
  NOT_FOUND: "We couldn't find what you were looking for.",
  INVALID_ARGUMENT:
    "Some details aren't valid. Check the highlighted fields and try again.",
  MODEL_NOT_FOUND: "That model doesn't exist any more. Pick another model.",
  MODEL_INACTIVE: "That model isn't available right now. Pick another model.",
  UNSUPPORTED_DURATION:
    "The chosen model can't make a video of that length. Pick one of the durations offered.",
  UNSUPPORTED_QUALITY:
    "The chosen model doesn't offer that quality. Pick one of the qualities offered.",
  INSUFFICIENT_CREDITS: "You don't have enough credits for this video.",
  DUPLICATE_MODEL_ID: "A model with this ID already exists.",
  INVALID_STATE:
    "That can't be done right now: it may have just changed. Reload and try again.",
  MODEL_NOT_ALLOWED:
    "Your plan doesn't include that model. Pick another model.",
  MODEL_LOCKED: "That model needs a one-time unlock before you can use it.",
  PRICE_CHANGED:
    "The price changed since you opened the form. Check the new price and confirm again.",
};

/** Which form field a code is about, when it is about one. */
const FIELD_OF_CODE: Partial<Record<ErrorCode, string>> = {
  MODEL_NOT_FOUND: "model",
  MODEL_INACTIVE: "model",
  UNSUPPORTED_DURATION: "duration",
  UNSUPPORTED_QUALITY: "quality",
  MODEL_NOT_ALLOWED: "model",
  MODEL_LOCKED: "model",
};

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
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && value in ERROR_MESSAGES;
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
  const data = (error as ConvexError<Record<string, string>>).data as {
    message?: unknown;
    field?: unknown;
  };
  const backendMessage =
    typeof data.message === "string" ? data.message : undefined;
  const field =
    typeof data.field === "string" ? data.field : FIELD_OF_CODE[code];
  const specific =
    code === "INVALID_ARGUMENT" ||
    code === "UNSUPPORTED_DURATION" ||
    code === "UNSUPPORTED_QUALITY";
  return {
    code,
    message: ERROR_MESSAGES[code],
    ...(specific && backendMessage ? { detail: backendMessage } : {}),
    ...(field ? { field } : {}),
  };
}
