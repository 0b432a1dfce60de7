/**
 * The guard of every admin loader and action (Epic Stack's
 * `requireUserWithPermission`): signed out → redirect to sign-in, signed in
 * but not an admin → 403. The backend refuses non-admins on its own
 * (`FORBIDDEN`); this makes the page say so before any admin query runs.
 */
import { api } from "./api";
import { requireUser, type AuthUser } from "./auth.server";
import { loaderQuery } from "./convex.server";

type DataArgs = Parameters<typeof requireUser>[0];

/**
 * The signed-in admin of a request.
 * @throws a redirect to `/sign-in?redirectTo=…` when signed out; a 403
 *   Response when the person is not an admin (role or `ADMIN_EMAILS`).
 */
export async function requireAdminUser(args: DataArgs): Promise<AuthUser> {
  const user = await requireUser(args);
  const me = await loaderQuery(user.token, api.users.getMe, {});
  if (!me?.isAdmin) throw new Response("Admins only", { status: 403 });
  return user;
}
