/**
 * `GET /auth/token` → `{ token }`: a fresh Convex JWT for the local sign-in's
 * session (the browser's ConvexReactClient calls it from `setAuth`), or 401
 * `{ token: null }` when signed out. 404 in clerk mode.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser, requireLocalAuthMode } from "~/utils/auth.server";

export async function loader(args: LoaderFunctionArgs) {
  requireLocalAuthMode();
  const user = await getOptionalUser(args);
  const headers = { "Cache-Control": "no-store", Vary: "Cookie" };
  if (!user) return Response.json({ token: null }, { status: 401, headers });
  return Response.json({ token: user.token }, { headers });
}
