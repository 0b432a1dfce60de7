/**
 * Validators of whole stored documents, built from the schema
 * (convex-helpers `doc`), for the `returns` of admin functions that hand a
 * table's rows out as they are. Kept apart from `validators.ts`, which the
 * schema itself imports.
 */
import { doc } from "convex-helpers/validators";
import schema from "./schema";

/** A `modelAuditLog` entry: who changed which model fields, and when. */
export const modelAuditEntryValidator = doc(schema, "modelAuditLog");

/** A `stripeEvents` row: one Stripe webhook event and what it did. */
export const stripeEventValidator = doc(schema, "stripeEvents");

/** A `creditPackageAuditLog` entry. */
export const creditPackageAuditEntryValidator = doc(
  schema,
  "creditPackageAuditLog",
);
