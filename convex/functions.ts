/**
 * Function builders: the one way a public function gets its caller
 * (STYLE.md; convex-helpers "customFunctions"). Every public query, mutation
 * and action is registered with one of these, never with the bare
 * `query`/`mutation`/`action` from `_generated/server` (ESLint refuses those
 * imports outside this file), so no function can forget its access check.
 *
 * | builder                       | caller                    | ctx gains                         |
 * | ----------------------------- | ------------------------- | --------------------------------- |
 * | `publicQuery`/`publicMutation`| anyone, signed out too    | `identity` (or null)              |
 * | `userQuery`                   | signed in                 | `identity`, `user` (null before `users:store`) |
 * | `userMutation`                | signed in                 | `identity`, `user` (created with starter credits when missing) |
 * | `adminQuery`                  | admin                     | `identity`, `user` (or null)      |
 * | `adminMutation`               | admin                     | `identity`, `user` (created when missing) |
 * | `userAction`                  | signed in                 | `identity`                        |
 * | `adminAction`                 | admin                     | `identity`, `admin` (`{ userId?, label }`) |
 *
 * Refusals use the contract's codes (API-CONTRACT "Identity, users and
 * roles"): signed out → `UNAUTHENTICATED`, not an admin → `FORBIDDEN`. The
 * admin rule itself lives in `model/access.ts` (`isAdmin`).
 */
import {
  customAction,
  customCtx,
  customMutation,
  customQuery,
} from "convex-helpers/server/customFunctions";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { action, mutation, query } from "./_generated/server";
import {
  requireAdmin,
  requireAdminQuery,
  requireIdentity,
  requireUser,
  requireUserIdentity,
} from "./model/access";

/**
 * A query anyone may call; `ctx.identity` is null when signed out. It reads
 * no document, so a catalogue query does not re-run when the caller's own
 * record changes; look the user up explicitly where a rule needs it.
 */
export const publicQuery = customQuery(
  query,
  customCtx(async (ctx) => ({ identity: await ctx.auth.getUserIdentity() })),
);

/** A mutation anyone may call; `ctx.identity` is null when signed out. */
export const publicMutation = customMutation(
  mutation,
  customCtx(async (ctx) => ({ identity: await ctx.auth.getUserIdentity() })),
);

/**
 * A query for signed-in callers. `ctx.user` is null until `users:store` has
 * created the record.
 * @throws `UNAUTHENTICATED` when signed out.
 */
export const userQuery = customQuery(
  query,
  customCtx(async (ctx) => await requireUserIdentity(ctx)),
);

/**
 * A mutation for signed-in callers; `ctx.user` is their record, created
 * (with the starter grant) when missing.
 * @throws `UNAUTHENTICATED` when signed out.
 */
export const userMutation = customMutation(
  mutation,
  customCtx(async (ctx) => {
    const identity = await requireIdentity(ctx);
    const user = await requireUser(ctx);
    return { identity, user };
  }),
);

/**
 * A query for admins.
 * @throws `UNAUTHENTICATED` when signed out; `FORBIDDEN` for non-admins.
 */
export const adminQuery = customQuery(
  query,
  customCtx(async (ctx) => await requireAdminQuery(ctx)),
);

/**
 * A mutation for admins; `ctx.user` is the admin's record (created when
 * missing) so changes can name who made them.
 * @throws `UNAUTHENTICATED` when signed out; `FORBIDDEN` for non-admins
 *   (without writing a user record for them).
 */
export const adminMutation = customMutation(
  mutation,
  customCtx(async (ctx) => {
    const identity = await requireIdentity(ctx);
    const user = await requireAdmin(ctx);
    return { identity, user };
  }),
);

/**
 * An action for signed-in callers (in Convex's default runtime).
 * @throws `UNAUTHENTICATED` when signed out.
 */
export const userAction = customAction(
  action,
  customCtx(async (ctx) => ({ identity: await requireIdentity(ctx) })),
);

/** Who an `adminAction` runs for, for the audit trail. */
export type AdminCaller = { userId?: Id<"users">; label: string };

/**
 * An action for admins (in Convex's default runtime); `ctx.admin` names
 * them for the audit trail. The check runs as an internal query, since an
 * action cannot read the database.
 * @throws `UNAUTHENTICATED` when signed out; `FORBIDDEN` for non-admins.
 */
export const adminAction = customAction(
  action,
  customCtx(async (ctx) => {
    const identity = await requireIdentity(ctx);
    const admin: AdminCaller = await ctx.runQuery(
      internal.users.requireAdminCaller,
      {},
    );
    return { identity, admin };
  }),
);
