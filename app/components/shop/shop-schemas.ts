/**
 * The shop forms' rules (ADR 0015: one zod schema per form, used by conform
 * in the browser and by the action): a credit package (mirroring
 * `credits.createCreditPackage`/`updateCreditPackage`, limits from
 * `convex/lib/shopLimits.ts`), a dispute resolution (mirroring
 * `disputes.resolveDispute`: a note is required to reject) and the
 * creator's dispute of a charge (mirroring `disputes.openDispute`: a reason
 * of 1–1,000 characters after trimming).
 */
import { z } from "zod";
import { MAX_LEDGER_AMOUNT, ShopLimits } from "~/utils/rules";

const wholeCredits = (label: string, min: number) =>
  z
    .number({ error: `${label} must be a whole number.` })
    .int({ error: `${label} must be a whole number.` })
    .min(min, { error: `${label} must be at least ${min}.` })
    .max(MAX_LEDGER_AMOUNT, { error: `${label} is too large.` });

/** "5", "5.00", "$19.99" → cents. */
const price = z
  .string({ error: "Give the price in US dollars, e.g. 5 or 19.99." })
  .trim()
  .transform((text) => text.replace(/^\$/, ""))
  .pipe(
    z
      .string()
      .regex(/^\d+(\.\d{1,2})?$/, {
        error: "Give the price in US dollars, e.g. 5 or 19.99.",
      })
      .transform((text) => Math.round(Number(text) * 100))
      .refine(
        (cents) =>
          cents >= ShopLimits.MIN_PRICE_CENTS &&
          cents <= ShopLimits.MAX_PRICE_CENTS,
        {
          error: `The price is at least $${(ShopLimits.MIN_PRICE_CENTS / 100).toFixed(2)} (Stripe's smallest charge).`,
        },
      ),
  );

export const PackageSchema = z.object({
  intent: z.enum(["create-package", "update-package"]),
  packageId: z.string().optional(),
  name: z
    .string({ error: "Name the package." })
    .trim()
    .min(1, { error: "Name the package." })
    .max(ShopLimits.MAX_PACKAGE_NAME_LENGTH, {
      error: `Keep the name to ${ShopLimits.MAX_PACKAGE_NAME_LENGTH} characters.`,
    }),
  credits: wholeCredits("Credits", 1),
  bonusCredits: wholeCredits("Bonus credits", 0).default(0),
  price,
  sortOrder: z
    .number({ error: "Order is a whole number." })
    .int({ error: "Order is a whole number." })
    .default(0),
  badge: z
    .string()
    .trim()
    .max(ShopLimits.MAX_BADGE_LENGTH, {
      error: `Keep the badge to ${ShopLimits.MAX_BADGE_LENGTH} characters.`,
    })
    .optional(),
  isActive: z.boolean().default(false),
});
export type PackageValues = z.output<typeof PackageSchema>;

/** The package form's fields, for refusals naming one (`priceCents` → price). */
export const PACKAGE_FIELD_NAMES = [
  "name",
  "credits",
  "bonusCredits",
  "price",
  "sortOrder",
  "badge",
] as const;

export const ResolveDisputeSchema = z
  .object({
    disputeId: z.string().min(1),
    intent: z.enum(["approve", "reject"]),
    note: z
      .string()
      .trim()
      .max(ShopLimits.MAX_DISPUTE_NOTE_LENGTH, {
        error: `Keep the note under ${ShopLimits.MAX_DISPUTE_NOTE_LENGTH.toLocaleString("en-US")} characters.`,
      })
      .optional(),
  })
  .refine((v) => v.intent === "approve" || (v.note ?? "") !== "", {
    error: "Tell the creator why: a rejection needs a note.",
    path: ["note"],
  });

/** The creator's "Dispute this charge" form (`disputes.openDispute`). */
export const OpenDisputeSchema = z.object({
  reason: z
    .string({ error: "Say what went wrong." })
    .trim()
    .min(1, { error: "Say what went wrong." })
    .max(ShopLimits.MAX_DISPUTE_REASON_LENGTH, {
      error: `Keep the reason to ${ShopLimits.MAX_DISPUTE_REASON_LENGTH.toLocaleString("en-US")} characters.`,
    }),
});

/** The dispute form's fields, for refusals naming one. */
export const OPEN_DISPUTE_FIELDS = ["reason"] as const;
