/**
 * The schemas of the admin user page's access forms (issue 12), each used
 * by the browser (conform) and by the action: assign a plan, set a price or
 * access override, grant an unlock. Their rules and words are the
 * backend's (`plans:setUserModelOverride` etc.).
 */
import { z } from "zod";
import {
  isValidCostPerSecond,
  MAX_REASON_LENGTH,
  REASON_TOO_LONG_MESSAGE,
} from "~/utils/rules";
import { isKnownTimeZone, zonedTimeToUtc } from "~/utils/zoned-time";

const reason = z
  .string()
  .trim()
  .max(MAX_REASON_LENGTH, { error: REASON_TOO_LONG_MESSAGE })
  .optional();

/** `assignPlan`: a planId, or empty for "no plan". */
export const AssignPlanSchema = z.object({
  planId: z
    .string()
    .optional()
    .transform((value) => value || null),
});

export const OVERRIDE_FIELDS = [
  "modelId",
  "access",
  "costPerSecond",
  "expiresAt",
  "reason",
] as const;

/**
 * `setUserModelOverride`: access and/or a price, and an optional expiry: a
 * wall-clock date and time in `timeZone` (UTC or the admin's own, as the
 * scheduled price form takes it), turned into `expiresAt` (ms) by
 * `zonedTimeToUtc`.
 */
export const OverrideSchema = z
  .object({
    modelId: z.string({ error: "Pick a model." }),
    access: z.enum(["plan", "allow", "deny"]).default("plan"),
    costPerSecond: z
      .number({
        error:
          "Enter a price per second in US dollars, like 0.1, or leave it empty.",
      })
      .optional(),
    expiresAt: z.string().optional(),
    timeZone: z
      .string()
      .default("UTC")
      .refine(isKnownTimeZone, { error: "Pick a time zone from the list." }),
    reason,
  })
  .superRefine((value, ctx) => {
    if (value.access === "plan" && value.costPerSecond === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["access"],
        message:
          "An override allows or denies the model, or sets a price, or both.",
      });
    }
    if (
      value.costPerSecond !== undefined &&
      !isValidCostPerSecond(value.costPerSecond)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["costPerSecond"],
        message:
          "Cost per second must be a US-dollar amount from 0 to 1000 with at most 4 decimal places.",
      });
    }
    if (value.expiresAt !== undefined && isKnownTimeZone(value.timeZone)) {
      const at = zonedTimeToUtc(value.expiresAt, value.timeZone);
      if (at === null)
        ctx.addIssue({
          code: "custom",
          path: ["expiresAt"],
          message:
            "Enter a date and time, like 2026-12-07 09:00, or leave it empty.",
        });
      else if (at <= Date.now())
        ctx.addIssue({
          code: "custom",
          path: ["expiresAt"],
          message: "The expiry must be in the future.",
        });
    }
  });

/** `setUserModelOverride`'s arguments (but the email) from a parsed form. */
export function toOverrideArgs(value: z.output<typeof OverrideSchema>) {
  return {
    modelId: value.modelId,
    ...(value.access === "plan" ? {} : { allowed: value.access === "allow" }),
    ...(value.costPerSecond === undefined
      ? {}
      : { costPerSecond: value.costPerSecond }),
    ...(value.expiresAt === undefined
      ? {}
      : { expiresAt: zonedTimeToUtc(value.expiresAt, value.timeZone)! }),
    ...(value.reason ? { reason: value.reason } : {}),
  };
}

/** `grantUnlock`: a model that needs an unlock, and why. */
export const GrantUnlockSchema = z.object({
  modelId: z.string({ error: "Pick a model." }),
  reason,
});
