/**
 * The "schedule a price change" form's one schema (browser and action):
 * a new price per second, a wall-clock time and the time zone it is in,
 * turned into `models.schedulePriceChange`'s `effectiveAt` (ms). The zone
 * is explicit so "Monday 09:00" means the same to the admin, the form and
 * the backend.
 */
import { z } from "zod";
import { isKnownTimeZone, zonedTimeToUtc } from "~/utils/zoned-time";

export const SchedulePriceSchema = z
  .object({
    costPerSecond: z.number({
      error: "Enter the new price per second in US dollars, like 0.2.",
    }),
    effectiveAt: z.string({
      error: "Pick the date and time the new price starts.",
    }),
    timeZone: z
      .string()
      .default("UTC")
      .refine(isKnownTimeZone, { error: "Pick a time zone from the list." }),
  })
  // A check, not a transform, so conform still reads each field's constraints.
  .superRefine((value, ctx) => {
    if (!isKnownTimeZone(value.timeZone)) return;
    const at = zonedTimeToUtc(value.effectiveAt, value.timeZone);
    if (at === null) {
      ctx.addIssue({
        code: "custom",
        path: ["effectiveAt"],
        message: "Enter a date and time, like 2026-12-07 09:00.",
      });
    } else if (at <= Date.now()) {
      ctx.addIssue({
        code: "custom",
        path: ["effectiveAt"],
        message: "The new price must start in the future.",
      });
    }
  });

/** `schedulePriceChange`'s arguments (but the model) from a parsed form. */
export function toScheduleArgs(value: z.output<typeof SchedulePriceSchema>) {
  return {
    costPerSecond: value.costPerSecond,
    effectiveAt: zonedTimeToUtc(value.effectiveAt, value.timeZone)!,
  };
}

/** The fields of the schedule form, for backend refusals by field. */
export const SCHEDULE_FIELDS = ["costPerSecond", "effectiveAt"] as const;
