/**
 * The session of the local sign-in: who is signed in (`email`, `name`),
 * nothing else. The server keeps each session in a file of its own
 * (`SESSION_DIR`); the cookie carries only the signed session id. Signing
 * out deletes the file, so a copied cookie stops working at once (ADR 0016).
 * Tokens are minted from the session on demand (`/auth/token`), so the
 * cookie never holds a credential Convex accepts.
 */
import {
  createFileSessionStorage,
  type Session,
  type SessionStorage,
} from "@remix-run/node";
import { getEnv } from "./env.server";

/** What the session remembers about a locally signed-in person. */
export type LocalSessionUser = { email: string; name: string };

type SessionData = { email: string; name: string };

/** How long a session lasts without signing in again (30 days). */
const MAX_AGE_SECONDS = 60 * 60 * 24 * 30;

let storage: SessionStorage<SessionData> | undefined;

function sessionStorage(): SessionStorage<SessionData> {
  if (storage) return storage;
  const env = getEnv();
  storage = createFileSessionStorage<SessionData>({
    dir: env.SESSION_DIR,
    cookie: {
      name: "__videoai_session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: env.LOCAL_AUTH_ISSUER.startsWith("https://"),
      secrets: [env.SESSION_SECRET],
      maxAge: MAX_AGE_SECONDS,
    },
  });
  return storage;
}

/**
 * Whether the site is served over https for this request: the configured
 * origin, the request URL, or a proxy's `X-Forwarded-Proto`. The cookie is
 * `Secure` then; the offline stack's plain http://localhost is not.
 */
export function isHttps(request: Request): boolean {
  return (
    getEnv().LOCAL_AUTH_ISSUER.startsWith("https://") ||
    new URL(request.url).protocol === "https:" ||
    request.headers.get("X-Forwarded-Proto")?.split(",")[0]?.trim() === "https"
  );
}

/** The session of a request (empty when there is no valid, live session). */
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

/**
 * A `Set-Cookie` value that signs `user` in, in a new session (a session id
 * from before signing in is never reused: no session fixation).
 */
export async function commitSignIn(
  request: Request,
  user: LocalSessionUser,
): Promise<string> {
  const previous = await getSession(request);
  if (previous.id) await sessionStorage().destroySession(previous);
  const session = await sessionStorage().getSession();
  session.set("email", user.email);
  session.set("name", user.name);
  return await sessionStorage().commitSession(session, {
    secure: isHttps(request),
  });
}

/**
 * A `Set-Cookie` value that signs out: the server forgets the session (so
 * the cookie, or any copy of it, no longer signs anyone in) and the browser
 * drops the cookie.
 */
export async function commitSignOut(request: Request): Promise<string> {
  return await sessionStorage().destroySession(await getSession(request), {
    secure: isHttps(request),
  });
}
