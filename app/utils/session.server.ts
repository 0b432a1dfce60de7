/**
 * The cookie session of the local sign-in: who is signed in (`email`,
 * `name`), nothing else. Tokens are minted from it on demand
 * (`/auth/token`), so the cookie never holds a credential Convex accepts.
 */
import { createCookieSessionStorage, type Session } from "@remix-run/node";
import { getEnv } from "./env.server";

/** What the session remembers about a locally signed-in person. */
export type LocalSessionUser = { email: string; name: string };

type SessionData = { email: string; name: string };

let storage:
  ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined;

function sessionStorage() {
  if (storage) return storage;
  const env = getEnv();
  storage = createCookieSessionStorage<SessionData>({
    cookie: {
      name: "__videoai_session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      // Secure only when served over https: the offline stack runs on plain
      // http://localhost, where a Secure cookie would be dropped by some browsers.
      secure: env.LOCAL_AUTH_ISSUER.startsWith("https://"),
      secrets: [env.SESSION_SECRET],
      maxAge: 60 * 60 * 24 * 30,
    },
  });
  return storage;
}

/** The session of a request (empty when there is no valid cookie). */
export async function getSession(
  request: Request,
): Promise<Session<SessionData>> {
  return await sessionStorage().getSession(request.headers.get("Cookie"));
}

/** The signed-in person of a request's session, or null. */
export async function getSessionUser(
  request: Request,
): Promise<LocalSessionUser | null> {
  const session = await getSession(request);
  const email = session.get("email");
  const name = session.get("name");
  return email && name ? { email, name } : null;
}

/** A `Set-Cookie` value that signs `user` in. */
export async function commitSignIn(
  request: Request,
  user: LocalSessionUser,
): Promise<string> {
  const session = await getSession(request);
  session.set("email", user.email);
  session.set("name", user.name);
  return await sessionStorage().commitSession(session);
}

/** A `Set-Cookie` value that signs out (destroys the session). */
export async function commitSignOut(request: Request): Promise<string> {
  return await sessionStorage().destroySession(await getSession(request));
}
