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
