import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import type { ErrorCode } from "./api";
import {
  describeError,
  ERROR_MESSAGES,
  errorCode,
  errorStatus,
} from "./errors";

const CONTRACT_CODES: ErrorCode[] = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "INVALID_ARGUMENT",
  "MODEL_NOT_FOUND",
  "MODEL_INACTIVE",
  "UNSUPPORTED_DURATION",
  "UNSUPPORTED_QUALITY",
  "INSUFFICIENT_CREDITS",
  "DUPLICATE_MODEL_ID",
  "INVALID_STATE",
  "MODEL_NOT_ALLOWED",
  "MODEL_LOCKED",
  "PRICE_CHANGED",
];

describe("error statuses", () => {
  it("answers each code with its HTTP status, an unexpected error with 500", () => {
    expect(CONTRACT_CODES.map((code) => [code, errorStatus(code)])).toEqual([
      ["UNAUTHENTICATED", 401],
      ["FORBIDDEN", 403],
      ["NOT_FOUND", 404],
      ["INVALID_ARGUMENT", 400],
      ["MODEL_NOT_FOUND", 404],
      ["MODEL_INACTIVE", 409],
      ["UNSUPPORTED_DURATION", 400],
      ["UNSUPPORTED_QUALITY", 400],
      ["INSUFFICIENT_CREDITS", 409],
      ["DUPLICATE_MODEL_ID", 409],
      ["INVALID_STATE", 409],
      ["MODEL_NOT_ALLOWED", 403],
      ["MODEL_LOCKED", 402],
      ["PRICE_CHANGED", 409],
    ]);
    expect(errorStatus(undefined)).toBe(500);
  });

  it("does not mistake Object.prototype names for codes", () => {
    expect(errorCode(new ConvexError({ code: "constructor" }))).toBeUndefined();
    expect(errorCode(new ConvexError({ code: "toString" }))).toBeUndefined();
  });
});

describe("error messages", () => {
  it("has a human message for every contract code", () => {
    for (const code of CONTRACT_CODES)
      expect(ERROR_MESSAGES[code]).toMatch(/\w/);
  });

  it("describes a ConvexError by its code, with the field it concerns", () => {
    const info = describeError(
      new ConvexError({
        code: "UNSUPPORTED_DURATION",
        message: "This model only makes 8-second videos.",
      }),
    );
    expect(info).toEqual({
      code: "UNSUPPORTED_DURATION",
      message: ERROR_MESSAGES.UNSUPPORTED_DURATION,
      detail: "This model only makes 8-second videos.",
      field: "duration",
    });
    expect(
      describeError(
        new ConvexError({
          code: "INVALID_ARGUMENT",
          message: "Too long",
          field: "prompt",
        }),
      ).field,
    ).toBe("prompt");
  });

  it("treats anything else as unexpected", () => {
    expect(errorCode(new Error("boom"))).toBeUndefined();
    expect(errorCode(new ConvexError({ code: "NOPE" }))).toBeUndefined();
    expect(describeError(new Error("boom")).code).toBeUndefined();
  });
});
