/**
 * The grant/adjust form's rules, mirroring `credits.grantCredits`: a whole
 * number of credits other than 0 (negative = adjustment), and a reason of
 * 1–500 characters. The one schema of the grant form: the browser checks
 * with it through conform (`useSchemaForm`) and the action parses with it.
 */
import { z } from "zod";
import { MAX_REASON_LENGTH, REASON_TOO_LONG_MESSAGE } from "~/utils/rules";

/** Longest reason `credits.grantCredits` accepts (convex/lib/limits.ts). */
export { MAX_REASON_LENGTH };

export const GrantSchema = z.object({
  amount: z
    .string({ error: "Enter an amount of credits." })
    .trim()
    .min(1, { error: "Enter an amount of credits." })
    .transform((value) => value.replace(/^[−–]/, "-").replace(/^\+/, ""))
    .pipe(
      z
        .string()
        .regex(/^-?\d+$/, {
          error: "Enter a whole number of credits, like 100 or -50.",
        })
        .transform(Number)
        .refine((n) => Number.isSafeInteger(n), {
          error: "That amount is too large.",
        })
        .refine((n) => n !== 0, {
          error:
            "The amount can't be 0: a positive number grants, a negative one deducts.",
        }),
    ),
  reason: z
    .string({ error: "Give a reason." })
    .trim()
    .min(1, {
      error: "Give a reason: the user sees it in their credit history.",
    })
    .max(MAX_REASON_LENGTH, { error: REASON_TOO_LONG_MESSAGE }),
});
