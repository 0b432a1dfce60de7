/**
 * The one way this backend reports a refused request: a `ConvexError` whose
 * `data` is `{ code, message }` with a code from API-CONTRACT "Error codes".
 * Clients read `error.data.code`; `message` is for people.
 */
import { ConvexError } from "convex/values";
import type { ErrorCode } from "../validators";

/** Shape of `ConvexError.data` for every error this backend throws. */
export type AppErrorData = {
  code: ErrorCode;
  message: string;
  /** For INVALID_ARGUMENT: the offending field, when there is one. */
  field?: string;
  /** For RATE_LIMITED: milliseconds until a retry can succeed (a positive integer). */
  retryAfterMs?: number;
  /** For PRICE_CHANGED: the price now, in credits. */
  credits?: number;
};

/**
 * Throws `ConvexError({ code, message, field? })`.
 * @throws always.
 */
export function fail(code: ErrorCode, message: string, field?: string): never {
  const data: AppErrorData =
    field === undefined ? { code, message } : { code, message, field };
  throw new ConvexError(data);
}

/**
 * Throws `ConvexError({ code, message, ...extra })`, for codes that carry
 * more than a field (e.g. `PRICE_CHANGED` with `credits`).
 * @throws always.
 */
export function failWith(
  code: ErrorCode,
  message: string,
  extra: Omit<AppErrorData, "code" | "message">,
): never {
  const data: AppErrorData = { code, message, ...extra };
  throw new ConvexError(data);
}
