/**
 * Public user API (API-CONTRACT "Identity, users and roles").
 */
import {
  paginationOptsValidator,
  paginationResultValidator,
} from "convex/server";
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import {
  adminMutation,
  adminQuery,
  publicQuery,
  userMutation,
} from "./functions";
import { fail } from "./lib/errors";
import { internalQuery } from "./_generated/server";
import {
  actorLabel,
  isAdmin,
  isAdminByEmail,
  isAdminUser,
  requireAdminQuery,
} from "./model/access";
import {
  findUserByEmail,
  findUserByToken,
  requireUserByEmail,
} from "./model/users";
import { recordAccessAudit } from "./model/plans";
import { roleValidator } from "./validators";

/** What the app shows about a user. */
const userSummaryValidator = v.object({
  _id: v.id("users"),
  email: v.optional(v.string()),
  name: v.optional(v.string()),
  role: roleValidator,
  /** True when the role or `ADMIN_EMAILS` makes this user an admin. */
  isAdmin: v.boolean(),
  /** True when the admin rights come from `ADMIN_EMAILS` (not changeable here). */
  isAdminByEmail: v.boolean(),
  /** Credits. */
  balance: v.number(),
  createdAt: v.number(),
});

function summary(user: Doc<"users">) {
  return {
    _id: user._id,
    email: user.email,
    name: user.name,
    role: user.role,
    isAdmin: isAdminUser(user),
    isAdminByEmail: isAdminByEmail(user.email),
    balance: user.balance,
    createdAt: user.createdAt,
  };
}

/**
 * `store()` → the caller's user id. Creates the record if missing (granting
 * `STARTER_CREDITS` once, ledger type "grant") or refreshes name and email.
 * Call it after every sign-in.
 * @throws `UNAUTHENTICATED`.
 */
export const store = userMutation({
  args: {},
  returns: v.id("users"),
  handler: async (ctx) => ctx.user._id,
});

/**
 * `getMe({})` → the signed-in user's summary (`isAdmin`, `balance` in
 * credits, ...) or `null` when signed out or before `store` ran. Never
 * throws, so the app shell can render for everyone.
 */
export const getMe = publicQuery({
  args: {},
  returns: v.union(
    v.null(),
    v.object({
      user: v.union(userSummaryValidator, v.null()),
      email: v.optional(v.string()),
      name: v.optional(v.string()),
      isAdmin: v.boolean(),
    }),
  ),
  handler: async (ctx) => {
    const { identity } = ctx;
    if (identity === null) return null;
    const user = await findUserByToken(ctx, identity.tokenIdentifier);
    return {
      user: user === null ? null : summary(user),
      email: identity.email,
      name: identity.name,
      isAdmin: isAdmin(identity, user),
    };
  },
});

/**
 * Admin: `findUserByEmail({ email })` → the user's summary or `null`.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const findByEmail = adminQuery({
  args: { email: v.string() },
  returns: v.union(userSummaryValidator, v.null()),
  handler: async (ctx, { email }) => {
    const user = await findUserByEmail(ctx, email);
    return user === null ? null : summary(user);
  },
});

/**
 * Admin: `listUsers({ paginationOpts })` → a page of user summaries (`_id`,
 * `email?`, `name?`, `role`, `isAdmin`, `isAdminByEmail`, `balance` in
 * credits, `createdAt` ms), newest first.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const listUsers = adminQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(userSummaryValidator),
  handler: async (ctx, { paginationOpts }) => {
    const page = await ctx.db
      .query("users")
      .order("desc")
      .paginate(paginationOpts);
    return { ...page, page: page.page.map(summary) };
  },
});

/**
 * Admin: `setRole({ email, role })` → null; promotes a user to `"admin"` or
 * demotes to `"creator"`, recorded in the access audit trail
 * (`plans:getAccessAuditTrail`, action `"role_set"`: who, when, old → new
 * role; nothing when the role is unchanged). An admin cannot demote themselves (they would lose
 * the page they are on); admins listed in `ADMIN_EMAILS` stay admins whatever
 * their role.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND` (unknown email),
 *   `INVALID_STATE` (demoting yourself).
 */
export const setRole = adminMutation({
  args: { email: v.string(), role: roleValidator },
  returns: v.null(),
  handler: async (ctx, { email, role }) => {
    const { user: admin, identity } = ctx;
    const user = await requireUserByEmail(ctx, email);
    if (
      user._id === admin._id &&
      role !== "admin" &&
      !isAdminByEmail(identity.email)
    ) {
      fail("INVALID_STATE", "You cannot remove your own admin role.");
    }
    if (user.role !== role) {
      await ctx.db.patch("users", user._id, { role, updatedAt: Date.now() });
      await recordAccessAudit(ctx, {
        action: "role_set",
        userId: user._id,
        changes: [{ field: "role", oldValue: user.role, newValue: role }],
        actorUserId: admin._id,
        actor: actorLabel(admin),
      });
    }
    return null;
  },
});

/** Most users a search returns. */
const MAX_SEARCH_RESULTS = 20;

/**
 * Admin: `searchByEmail({ prefix })` → up to 20 users whose email starts
 * with `prefix` (any case), in email order; an indexed range read.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const searchByEmail = adminQuery({
  args: { prefix: v.string() },
  returns: v.array(userSummaryValidator),
  handler: async (ctx, { prefix }) => {
    const start = prefix.trim().toLowerCase();
    if (start.length === 0) return [];
    const users = await ctx.db
      .query("users")
      .withIndex("by_emailLower", (q) =>
        q.gte("emailLower", start).lt("emailLower", `${start}\uffff`),
      )
      .take(MAX_SEARCH_RESULTS);
    return users.map(summary);
  },
});

/**
 * Internal: the calling admin for `adminAction` (actions cannot read the
 * database): `{ userId, label }` for the audit trail.
 * @throws `UNAUTHENTICATED`, `FORBIDDEN`.
 */
export const requireAdminCaller = internalQuery({
  args: {},
  returns: v.object({
    userId: v.optional(v.id("users")),
    label: v.string(),
  }),
  handler: async (ctx) => {
    const { identity, user } = await requireAdminQuery(ctx);
    return user === null
      ? { label: identity.email ?? identity.subject }
      : { userId: user._id, label: actorLabel(user) };
  },
});
