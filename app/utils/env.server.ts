/**
 * Server environment, validated once (Epic Stack's `env.server.ts`). The app
 * refuses to boot with a broken configuration instead of failing on the
 * first request that happens to need the broken variable.
 *
 * Variables:
 * - `CONVEX_URL` (required): the Convex deployment URL, e.g.
 *   `http://127.0.0.1:3210` for the local backend.
 * - `CLERK_PUBLISHABLE_KEY` + `CLERK_SECRET_KEY` (both or neither): when
 *   set, auth mode is "clerk"; otherwise "local" (the password-less offline
 *   sign-in: anyone as any email, admins included). Required in production,
 *   unless `ALLOW_LOCAL_SIGN_IN=true` says the local sign-in is wanted there
 *   (e.g. a private demo behind other protection).
 * - `SESSION_DIR` (local mode): where the server keeps the sessions it
 *   checks on every request (sign-out deletes one, so a copied cookie stops
 *   working). Default `.local-data/sessions`.
 * - `SESSION_SECRET` (local mode): signs the session cookie. Required in
 *   production; in development a fixed dev secret is used with a warning.
 * - `LOCAL_AUTH_ISSUER` (local mode): the app's own origin, used as the JWT
 *   `iss` and to publish the OIDC discovery document. Must equal the Convex
 *   deployment's `LOCAL_AUTH_ISSUER`. Required in production; defaults to
 *   `http://localhost:3000` in development with a warning.
 * - `LOCAL_AUTH_PRIVATE_KEY_FILE` (optional): a PKCS8 PEM RS256 private key;
 *   without it a key pair is generated in memory at boot (tokens then stop
 *   verifying after a restart, until the browser fetches a new one).
 */
import { z } from "zod";

const DEV_SESSION_SECRET = "dev-only-session-secret-change-me";
const DEV_ISSUER = "http://localhost:3000";

/** Empty strings count as unset, so `FOO=` in a shell or .env means "not set". */
const optionalString = z.preprocess(
  (value) =>
    typeof value === "string" && value.trim() === "" ? undefined : value,
  z.string().trim().min(1).optional(),
);

const httpUrl = (name: string) =>
  z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` });

const rawSchema = z.object({
  NODE_ENV: z
    .enum(["production", "development", "test"])
    .default("development"),
  CONVEX_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    httpUrl("CONVEX_URL"),
  ),
  CLERK_PUBLISHABLE_KEY: optionalString,
  CLERK_SECRET_KEY: optionalString,
  SESSION_SECRET: optionalString,
  LOCAL_AUTH_ISSUER: optionalString.pipe(
    httpUrl("LOCAL_AUTH_ISSUER").optional(),
  ),
  LOCAL_AUTH_PRIVATE_KEY_FILE: optionalString,
  ALLOW_LOCAL_SIGN_IN: optionalString,
  SESSION_DIR: optionalString,
});

/** "clerk" when both Clerk keys are set, else "local" (offline sign-in). */
export type AuthMode = "clerk" | "local";

/** The validated server environment. */
export type ServerEnv = {
  NODE_ENV: "production" | "development" | "test";
  CONVEX_URL: string;
  AUTH_MODE: AuthMode;
  CLERK_PUBLISHABLE_KEY?: string;
  CLERK_SECRET_KEY?: string;
  /** Always set in local mode (the dev default outside production). */
  SESSION_SECRET: string;
  /** The app's origin without a trailing slash, e.g. `http://localhost:3000`. */
  LOCAL_AUTH_ISSUER: string;
  LOCAL_AUTH_PRIVATE_KEY_FILE?: string;
  /** Where local sign-in sessions are kept (local mode). */
  SESSION_DIR: string;
};

/** What the browser may see (rendered into `window.ENV` by the root). */
export type PublicEnv = {
  CONVEX_URL: string;
  AUTH_MODE: AuthMode;
  CLERK_PUBLISHABLE_KEY?: string;
};

/**
 * Parses and checks `source` (default `process.env`).
 * @throws Error listing every problem when the configuration is invalid.
 */
export function parseEnv(
  source: Record<string, string | undefined> = process.env,
): ServerEnv {
  const result = rawSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  - ${issue.path.join(".") || "env"}: ${issue.message}`,
    );
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  const raw = result.data;
  const problems: string[] = [];
  const hasPublishable = raw.CLERK_PUBLISHABLE_KEY !== undefined;
  const hasSecret = raw.CLERK_SECRET_KEY !== undefined;
  if (hasPublishable !== hasSecret) {
    problems.push(
      "Set both CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY, or neither.",
    );
  }
  const mode: AuthMode = hasPublishable && hasSecret ? "clerk" : "local";
  const production = raw.NODE_ENV === "production";

  let sessionSecret = raw.SESSION_SECRET;
  let issuer = raw.LOCAL_AUTH_ISSUER;
  if (mode === "local" && production && raw.ALLOW_LOCAL_SIGN_IN !== "true") {
    throw new Error(
      [
        "Invalid environment: no sign-in is configured for production.",
        "  - Set CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY (Clerk, see the README's",
        '    "Running against real Convex, Clerk and Replicate").',
        "  - The password-less local sign-in lets anyone in as any email, admins",
        "    included; it is off under NODE_ENV=production. Only if that is really",
        "    wanted (a private demo), set ALLOW_LOCAL_SIGN_IN=true.",
      ].join("\n"),
    );
  }
  if (mode === "local") {
    if (sessionSecret === undefined) {
      if (production)
        problems.push(
          "SESSION_SECRET is required for the local sign-in in production.",
        );
      else {
        console.warn(
          "⚠️  SESSION_SECRET is not set: using an insecure development secret.",
        );
        sessionSecret = DEV_SESSION_SECRET;
      }
    }
    if (issuer === undefined) {
      if (production)
        problems.push(
          "LOCAL_AUTH_ISSUER is required for the local sign-in in production.",
        );
      else {
        console.warn(`⚠️  LOCAL_AUTH_ISSUER is not set: using ${DEV_ISSUER}.`);
        issuer = DEV_ISSUER;
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return {
    NODE_ENV: raw.NODE_ENV,
    CONVEX_URL: raw.CONVEX_URL.replace(/\/+$/, ""),
    AUTH_MODE: mode,
    CLERK_PUBLISHABLE_KEY: raw.CLERK_PUBLISHABLE_KEY,
    CLERK_SECRET_KEY: raw.CLERK_SECRET_KEY,
    // In clerk mode the cookie session is unused; a random value keeps the
    // type simple without ever signing anything with a guessable secret.
    SESSION_SECRET: sessionSecret ?? crypto.randomUUID(),
    LOCAL_AUTH_ISSUER: (issuer ?? DEV_ISSUER).replace(/\/+$/, ""),
    LOCAL_AUTH_PRIVATE_KEY_FILE: raw.LOCAL_AUTH_PRIVATE_KEY_FILE,
    SESSION_DIR: raw.SESSION_DIR ?? ".local-data/sessions",
  };
}

let cached: ServerEnv | undefined;

/** The validated environment, parsed on first use and then cached. */
export function getEnv(): ServerEnv {
  cached ??= parseEnv();
  return cached;
}

/** The browser-safe subset of the environment. */
export function getPublicEnv(): PublicEnv {
  const env = getEnv();
  return {
    CONVEX_URL: env.CONVEX_URL,
    AUTH_MODE: env.AUTH_MODE,
    ...(env.CLERK_PUBLISHABLE_KEY
      ? { CLERK_PUBLISHABLE_KEY: env.CLERK_PUBLISHABLE_KEY }
      : {}),
  };
}
