/**
 * User records: one per signed-in identity (API-CONTRACT `users:store`).
 */
import type { UserIdentity } from "convex/server";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import { appendLedgerEntry } from "./ledger";
import { incrementCounter } from "./counters";
import { findDefaultPlan, grantMonthlyCreditsOnce, monthOf } from "./plans";
import { env } from "../_generated/server";

/** Default for `STARTER_CREDITS` (API-CONTRACT). */
export const DEFAULT_STARTER_CREDITS = 100;

/**
 * Credits granted once to each new user: the `STARTER_CREDITS` environment
 * variable (a whole number ≥ 0, read when the function runs), default 100.
 * @throws Error when the variable is set but not a whole number ≥ 0, so a
 *   typo in the deployment's settings is loud rather than silently ignored.
 */
export function starterCredits(): number {
  const raw = env.STARTER_CREDITS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_STARTER_CREDITS;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`STARTER_CREDITS must be a whole number ≥ 0, got "${raw}"`);
  }
  return value;
}

/** The user record of a token identifier, or null. */
export async function findUserByToken(
  ctx: QueryCtx,
  tokenIdentifier: string,
): Promise<Doc<"users"> | null> {
  return await ctx.db
    .query("users")
    .withIndex("by_tokenIdentifier", (q) =>
      q.eq("tokenIdentifier", tokenIdentifier),
    )
    .unique();
}

/**
 * The user record with this email (any case), or null. If several identities
 * share an email, the oldest record is returned.
 */
export async function findUserByEmail(
  ctx: QueryCtx,
  email: string,
): Promise<Doc<"users"> | null> {
  return await ctx.db
    .query("users")
    .withIndex("by_emailLower", (q) =>
      q.eq("emailLower", email.trim().toLowerCase()),
    )
    .first();
}

/**
 * The user record with this email.
 * @throws `NOT_FOUND` when no user has signed in with it.
 */
export async function requireUserByEmail(
  ctx: QueryCtx,
  email: string,
): Promise<Doc<"users">> {
  const user = await findUserByEmail(ctx, email);
  if (user === null) fail("NOT_FOUND", `No user with email ${email.trim()}.`);
  return user;
}

/**
 * Returns the caller's user record, creating it when missing (role
 * `"creator"`, balance 0, then a `"grant"` ledger entry of `STARTER_CREDITS`)
 * or refreshing its name and email from the identity.
 */
export async function getOrCreateUser(
  ctx: MutationCtx,
  identity: UserIdentity,
): Promise<Doc<"users">> {
  const existing = await findUserByToken(ctx, identity.tokenIdentifier);
  const name = identity.name ?? identity.nickname ?? undefined;
  if (existing !== null) {
    // A token without an email or name claim keeps what we know.
    const email = identity.email ?? existing.email;
    const nextName = name ?? existing.name;
    if (existing.email !== email || existing.name !== nextName) {
      await ctx.db.patch("users", existing._id, {
        email,
        emailLower: email?.toLowerCase(),
        name: nextName,
        updatedAt: Date.now(),
      });
      return (await ctx.db.get("users", existing._id))!;
    }
    return existing;
  }
  const email = identity.email;
  const now = Date.now();
  // New users start on the default plan, when an admin has set one.
  const defaultPlan = await findDefaultPlan(ctx);
  const userId: Id<"users"> = await ctx.db.insert("users", {
    tokenIdentifier: identity.tokenIdentifier,
    email,
    emailLower: email?.toLowerCase(),
    name,
    role: "creator",
    balance: 0,
    planId: defaultPlan?.planId,
    createdAt: now,
    updatedAt: now,
  });
  await incrementCounter(ctx, "users", 1);
  const credits = starterCredits();
  if (credits > 0) {
    await appendLedgerEntry(ctx, {
      userId,
      amount: credits,
      type: "grant",
      reason: "Starter credits",
    });
  }
  if (defaultPlan !== null) {
    const user = (await ctx.db.get("users", userId))!;
    await grantMonthlyCreditsOnce(ctx, user, defaultPlan, monthOf(now));
  }
  return (await ctx.db.get("users", userId))!;
}

/**
 * Adds each row's user email (`userEmail`, from `userId`) for admin lists;
 * reads each distinct user of the page once.
 */
export async function withUserEmails<T extends { userId: Id<"users"> }>(
  ctx: QueryCtx,
  rows: T[],
): Promise<(T & { userEmail?: string })[]> {
  const emails = await emailsOf(
    ctx,
    rows.map((row) => row.userId),
  );
  return rows.map((row) => ({ ...row, userEmail: emails.get(row.userId) }));
}

/** The emails of some users, by id (each distinct id read once). */
export async function emailsOf(
  ctx: QueryCtx,
  userIds: Id<"users">[],
): Promise<Map<Id<"users">, string | undefined>> {
  const unique = [...new Set(userIds)];
  const users = await Promise.all(unique.map((id) => ctx.db.get("users", id)));
  return new Map(unique.map((id, i) => [id, users[i]?.email]));
}
