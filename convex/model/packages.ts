/**
 * Credit packages (API-CONTRACT "Selling credits"; seeds 001 and 002):
 * validation, create/update with an audit trail, and the public shape.
 */
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import {
  MAX_BADGE_LENGTH,
  MAX_PACKAGE_NAME_LENGTH,
  MAX_PRICE_CENTS,
  MIN_PRICE_CENTS,
} from "../lib/shopLimits";
import type { AuditAction, AuditChange } from "../validators";
import { actorLabel } from "./access";
import { MAX_LEDGER_AMOUNT } from "./ledger";

/** Most packages the shop lists (a small, admin-curated set). */
export const MAX_PACKAGES = 100;
export {
  MAX_BADGE_LENGTH,
  MAX_PACKAGE_NAME_LENGTH,
  MAX_PRICE_CENTS,
  MIN_PRICE_CENTS,
};

export type PackageFields = {
  name: string;
  credits: number;
  bonusCredits: number;
  priceCents: number;
  currency: string;
  isActive: boolean;
  sortOrder: number;
  badge?: string;
};

/** What anyone may see of a package. */
export function publicPackage(pkg: Doc<"creditPackages">) {
  const totalCredits = pkg.credits + pkg.bonusCredits;
  return {
    packageId: pkg.packageId,
    name: pkg.name,
    credits: pkg.credits,
    bonusCredits: pkg.bonusCredits,
    priceCents: pkg.priceCents,
    currency: pkg.currency,
    isActive: pkg.isActive,
    sortOrder: pkg.sortOrder,
    badge: pkg.badge,
    /** Price of one credit (bonus included) in cents, 4 decimals. */
    centsPerCredit:
      totalCredits > 0
        ? Math.round((pkg.priceCents / totalCredits) * 10_000) / 10_000
        : 0,
  };
}

/**
 * Normalises and checks package fields.
 * @throws `INVALID_ARGUMENT` (with `field`) for a blank or long name, credits
 *   not a whole number ≥ 1, bonus not a whole number ≥ 0, a price outside
 *   50–99,999,999 cents or not whole, a currency that is not 3 letters.
 */
export function validatePackage(fields: PackageFields): PackageFields {
  const name = fields.name.trim();
  if (name.length === 0 || name.length > MAX_PACKAGE_NAME_LENGTH) {
    fail(
      "INVALID_ARGUMENT",
      `Name the package (1–${MAX_PACKAGE_NAME_LENGTH} characters).`,
      "name",
    );
  }
  const whole = (n: number, min: number) =>
    Number.isSafeInteger(n) && n >= min && n <= MAX_LEDGER_AMOUNT;
  if (!whole(fields.credits, 1))
    fail("INVALID_ARGUMENT", "Credits must be a whole number ≥ 1.", "credits");
  if (!whole(fields.bonusCredits, 0)) {
    fail(
      "INVALID_ARGUMENT",
      "Bonus credits must be a whole number ≥ 0.",
      "bonusCredits",
    );
  }
  if (
    !Number.isSafeInteger(fields.priceCents) ||
    fields.priceCents < MIN_PRICE_CENTS ||
    fields.priceCents > MAX_PRICE_CENTS
  ) {
    fail(
      "INVALID_ARGUMENT",
      `The price is whole cents, at least ${MIN_PRICE_CENTS}.`,
      "priceCents",
    );
  }
  const currency = fields.currency.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(currency))
    fail("INVALID_ARGUMENT", "Currency is a 3-letter code.", "currency");
  if (!Number.isSafeInteger(fields.sortOrder))
    fail("INVALID_ARGUMENT", "Order is a whole number.", "sortOrder");
  const badge = fields.badge?.trim();
  if (badge !== undefined && badge.length > MAX_BADGE_LENGTH)
    fail("INVALID_ARGUMENT", "Keep the badge short.", "badge");
  return {
    ...fields,
    name,
    currency,
    badge: badge === "" ? undefined : badge,
  };
}

/** The package with this public id, or null. */
export async function findPackage(
  ctx: QueryCtx,
  packageId: string,
): Promise<Doc<"creditPackages"> | null> {
  return await ctx.db
    .query("creditPackages")
    .withIndex("by_packageId", (q) => q.eq("packageId", packageId))
    .unique();
}

/** A fresh public id: `pkg_` + 16 random hex digits. */
function newPackageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `pkg_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Who made a change: an admin, or an ops label such as "local-stack". */
export type Actor = Doc<"users"> | string;

async function audit(
  ctx: MutationCtx,
  actor: Actor,
  packageId: string,
  action: AuditAction,
  changes: AuditChange[],
) {
  await ctx.db.insert("creditPackageAuditLog", {
    packageId,
    action,
    changes,
    actorUserId: typeof actor === "string" ? undefined : actor._id,
    actor: typeof actor === "string" ? actor : actorLabel(actor),
    createdAt: Date.now(),
  });
}

/** Inserts a package and its "create" audit entry; returns its `packageId`. */
export async function createPackage(
  ctx: MutationCtx,
  admin: Actor,
  input: PackageFields,
): Promise<string> {
  const fields = validatePackage(input);
  const packageId = newPackageId();
  const now = Date.now();
  await ctx.db.insert("creditPackages", {
    packageId,
    ...fields,
    createdAt: now,
    updatedAt: now,
  });
  await audit(
    ctx,
    admin,
    packageId,
    typeof admin === "string" ? "seed" : "create",
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => ({ field, oldValue: null, newValue: value })),
  );
  return packageId;
}

/**
 * Applies the given fields to a package and audits what changed (a no-op
 * change writes nothing). Purchases already started keep their own copy of
 * the price (ADR 0030).
 * @throws `NOT_FOUND`, `INVALID_ARGUMENT`.
 */
export async function updatePackage(
  ctx: MutationCtx,
  admin: Doc<"users">,
  packageId: string,
  patch: Partial<Omit<PackageFields, "badge">> & { badge?: string | null },
): Promise<void> {
  const pkg = await findPackage(ctx, packageId);
  if (pkg === null) fail("NOT_FOUND", "Package not found.");
  const current: PackageFields = {
    name: pkg.name,
    credits: pkg.credits,
    bonusCredits: pkg.bonusCredits,
    priceCents: pkg.priceCents,
    currency: pkg.currency,
    isActive: pkg.isActive,
    sortOrder: pkg.sortOrder,
    badge: pkg.badge,
  };
  const merged = validatePackage({
    ...current,
    ...Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    ),
    badge: patch.badge === null ? undefined : (patch.badge ?? current.badge),
  });
  const changes: AuditChange[] = [];
  for (const key of Object.keys(current) as (keyof PackageFields)[]) {
    if (current[key] !== merged[key]) {
      changes.push({
        field: key,
        oldValue: current[key] ?? null,
        newValue: merged[key] ?? null,
      });
    }
  }
  if (changes.length === 0) return;
  await ctx.db.patch("creditPackages", pkg._id, {
    ...merged,
    updatedAt: Date.now(),
  });
  await audit(ctx, admin, packageId, "update", changes);
}

/** The packages `npm run local` starts with (when there are none). */
export const LOCAL_PACKAGES: PackageFields[] = [
  {
    name: "Starter",
    credits: 500,
    bonusCredits: 0,
    priceCents: 500,
    currency: "usd",
    isActive: true,
    sortOrder: 1,
  },
  {
    name: "Creator",
    credits: 2000,
    bonusCredits: 200,
    priceCents: 2000,
    currency: "usd",
    isActive: true,
    sortOrder: 2,
    badge: "Popular",
  },
  {
    name: "Studio",
    credits: 10000,
    bonusCredits: 2000,
    priceCents: 9000,
    currency: "usd",
    isActive: true,
    sortOrder: 3,
    badge: "Best value",
  },
];
