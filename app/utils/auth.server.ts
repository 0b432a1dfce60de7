/**
 * Who is making a request, in either auth mode, as the Convex token the
 * loaders and actions call the backend with.
 *
 * - local mode: the cookie session (`session.server.ts`) → a JWT signed by
 *   the app (`local-auth.server.ts`).
 * - clerk mode: Clerk's `getAuth(args)` → `getToken({ template: "convex" })`.
 */
import { getAuth } from "@clerk/remix/ssr.server";
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { decodeJwt } from "jose";
import { getEnv } from "./env.server";
import { signLocalToken } from "./local-auth.server";
import { signInUrlFor } from "./redirect";
import { requireSameOrigin } from "./same-origin.server";
import { getSessionUser } from "./session.server";

/** A signed-in person: a Convex access token plus what to call them. */
export type AuthUser = {
  /** JWT for Convex (`Authorization: Bearer`), valid for about an hour. */
  token: string;
  email: string;
  name: string;
};

/** Loader or action arguments (Clerk needs more than the request). */
type DataArgs = Pick<LoaderFunctionArgs, "request" | "context" | "params">;

async function clerkUser(args: DataArgs): Promise<AuthUser | null> {
  const env = getEnv();
  const auth = await getAuth(args as LoaderFunctionArgs, {
    secretKey: env.CLERK_SECRET_KEY,
  });
  if (!auth.userId) return null;
  const token = await auth.getToken({ template: "convex" });
  if (!token) return null;
  // The "convex" JWT template carries email and name; the token came straight
  // from Clerk's API, so reading its claims without verifying is safe here.
  const claims = decodeJwt(token);
  const email = typeof claims.email === "string" ? claims.email : "";
  const name =
    typeof claims.name === "string" && claims.name
      ? claims.name
      : email || "Creator";
  return { token, email, name };
}

async function localUser(request: Request): Promise<AuthUser | null> {
  const user = await getSessionUser(request);
  if (!user) return null;
  return { ...user, token: await signLocalToken(user) };
}

/** The signed-in person of a request, or null when signed out. */
export async function getOptionalUser(
  args: DataArgs,
): Promise<AuthUser | null> {
  return getEnv().AUTH_MODE === "clerk"
    ? await clerkUser(args)
    : await localUser(args.request);
}

/**
 * The signed-in person of a request.
 * @throws a 403 for a form post from another site (`requireSameOrigin`);
 *   a redirect to `/sign-in?redirectTo=<this page>` when signed out.
 */
export async function requireUser(args: DataArgs): Promise<AuthUser> {
  requireSameOrigin(args.request);
  const user = await getOptionalUser(args);
  if (!user) throw redirect(signInUrlFor(args.request));
  return user;
}

/**
 * For routes that exist only for the local sign-in (the sign-in form, token
 * and OIDC endpoints).
 * @throws a 404 response in clerk mode, where they must not exist.
 */
export function requireLocalAuthMode(): void {
  if (getEnv().AUTH_MODE !== "local") {
    throw new Response("Not found", { status: 404 });
  }
}
