/**
 * Access checks, in one place (STYLE.md; API-CONTRACT "Identity, users and
 * roles"). Every registered function that needs a caller goes through these.
 *
 * - Signed out → `UNAUTHENTICATED`.
 * - Admin = email listed in `ADMIN_EMAILS` (comma-separated, any case, read
 *   when the function runs) or a user record with role `"admin"`.
 * - Not an admin where one is needed → `FORBIDDEN`.
 */
import type { UserIdentity } from "convex/server";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import { findUserByToken, getOrCreateUser } from "./users";
import { env } from "../_generated/server";

type AuthCtx = Pick<QueryCtx, "auth">;

/** Emails listed in the `ADMIN_EMAILS` environment variable, lower-cased. */
export function adminEmailsFromEnv(): Set<string> {
  return new Set(
    (env.ADMIN_EMAILS ?? "")
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e.length > 0),
  );
}

/** True when the identity's email is listed in `ADMIN_EMAILS`. */
export function isAdminByEmail(email: string | undefined): boolean {
  return email !== undefined && adminEmailsFromEnv().has(email.toLowerCase());
}

/**
 * True when a user record is an admin's: its email is listed in
 * `ADMIN_EMAILS` or its role is `"admin"` (the admin rule, used everywhere).
 */
export function isAdminUser(user: Doc<"users">): boolean {
  return isAdminByEmail(user.email) || user.role === "admin";
}

/** True when the identity or its user record makes the caller an admin. */
export function isAdmin(
  identity: UserIdentity,
  user: Doc<"users"> | null,
): boolean {
  return isAdminByEmail(identity.email) || (user !== null && isAdminUser(user));
}

/**
 * The caller's identity.
 * @throws `UNAUTHENTICATED` when signed out.
 */
export async function requireIdentity(ctx: AuthCtx): Promise<UserIdentity> {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) fail("UNAUTHENTICATED", "Sign in to continue.");
  return identity;
}

/**
 * The caller's identity and user record (null if `users:store` has not run
 * yet), for queries.
 * @throws `UNAUTHENTICATED` when signed out.
 */
export async function requireUserIdentity(
  ctx: QueryCtx,
): Promise<{ identity: UserIdentity; user: Doc<"users"> | null }> {
  const identity = await requireIdentity(ctx);
  return {
    identity,
    user: await findUserByToken(ctx, identity.tokenIdentifier),
  };
}

/**
 * The caller's user record, created (with starter credits) when missing.
 * @throws `UNAUTHENTICATED` when signed out.
 */
export async function requireUser(ctx: MutationCtx): Promise<Doc<"users">> {
  const identity = await requireIdentity(ctx);
  return await getOrCreateUser(ctx, identity);
}

/**
 * Checks that the caller is an admin, for queries.
 * @throws `UNAUTHENTICATED` when signed out, `FORBIDDEN` when not an admin.
 */
export async function requireAdminQuery(
  ctx: QueryCtx,
): Promise<{ identity: UserIdentity; user: Doc<"users"> | null }> {
  const { identity, user } = await requireUserIdentity(ctx);
  if (!isAdmin(identity, user)) fail("FORBIDDEN", "Only admins can do this.");
  return { identity, user };
}

/**
 * Checks that the caller is an admin, for mutations; returns their user
 * record (created when missing) so changes can name who made them.
 * @throws `UNAUTHENTICATED` when signed out, `FORBIDDEN` when not an admin.
 */
export async function requireAdmin(ctx: MutationCtx): Promise<Doc<"users">> {
  const identity = await requireIdentity(ctx);
  const existing = await findUserByToken(ctx, identity.tokenIdentifier);
  // A non-admin gets FORBIDDEN without a user record being written for them.
  if (!isAdmin(identity, existing))
    fail("FORBIDDEN", "Only admins can do this.");
  return existing ?? (await getOrCreateUser(ctx, identity));
}

/** A label for the audit trail: the admin's email, else their name or id. */
export function actorLabel(user: Doc<"users">): string {
  return user.email ?? user.name ?? user._id;
}
