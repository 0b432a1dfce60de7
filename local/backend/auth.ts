/**
 * JWT verification against the providers of `convex/auth.config.ts`, as the
 * Convex backend does it: OIDC providers (`{ domain, applicationID }`, keys
 * found through the issuer's discovery document) and custom JWT providers
 * (`{ type: "customJwt", issuer, jwks, algorithm, applicationID? }`).
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import type { UserIdentity } from "convex/server";
import { ANONYMOUS, type Caller } from "./engine.js";

interface OidcProvider {
  kind: "oidc";
  issuer: string;
  applicationID: string;
}

interface CustomJwtProvider {
  kind: "customJwt";
  issuer: string;
  jwks: string;
  algorithm: string;
  applicationID?: string;
}

type Provider = OidcProvider | CustomJwtProvider;

/** A token that is not accepted; the message says why. */
export class TokenRejected extends Error {}

/** OIDC claim → `UserIdentity` field (the mapping Convex documents on `UserIdentity`). */
const IDENTITY_FIELD_BY_CLAIM: Record<string, string> = {
  sub: "subject",
  iss: "issuer",
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};

/** Claims about the token itself, not the user: never part of the identity. */
const TOKEN_CLAIMS = new Set(["aud", "exp", "iat", "nbf", "jti", "azp"]);

/** Builds the identity Convex functions see from verified claims; custom claims pass through. */
export function identityFromClaims(claims: JWTPayload): UserIdentity {
  const identity: Record<string, unknown> = {};
  for (const [claim, value] of Object.entries(claims)) {
    if (!TOKEN_CLAIMS.has(claim) && value !== undefined) {
      identity[IDENTITY_FIELD_BY_CLAIM[claim] ?? claim] = value;
    }
  }
  identity.tokenIdentifier = `${claims.iss}|${claims.sub}`;
  return identity as unknown as UserIdentity;
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "");

function parseProviders(config: unknown): Provider[] {
  const list = (config as { providers?: unknown } | undefined)?.providers ?? [];
  if (!Array.isArray(list)) {
    throw new Error("auth.config.ts: `providers` must be an array");
  }
  return list.map((entry: Record<string, unknown>): Provider => {
    if (entry.type === "customJwt") {
      const { issuer, jwks, algorithm, applicationID } = entry;
      if (
        typeof issuer !== "string" ||
        typeof jwks !== "string" ||
        typeof algorithm !== "string"
      ) {
        throw new Error(
          "auth.config.ts: a customJwt provider needs string `issuer`, `jwks` and `algorithm`",
        );
      }
      return {
        kind: "customJwt",
        issuer,
        jwks,
        algorithm,
        applicationID: applicationID as string | undefined,
      };
    }
    const { domain, applicationID } = entry;
    if (typeof domain !== "string" || typeof applicationID !== "string") {
      throw new Error(
        "auth.config.ts: an OIDC provider needs string `domain` and `applicationID`",
      );
    }
    return { kind: "oidc", issuer: domain, applicationID };
  });
}

/** Verifies JWTs for one deployment's auth config. */
export class TokenVerifier {
  private readonly providers: Provider[];
  private readonly keySets = new Map<Provider, JWTVerifyGetKey>();
  /** Tokens already verified, until they expire: HTTP clients send one per request. */
  private readonly verified = new Map<
    string,
    { identity: UserIdentity; expiresAt: number }
  >();

  /** @param authConfig The default export of `auth.config.ts` (undefined when there is none). */
  constructor(authConfig: unknown) {
    this.providers = parseProviders(authConfig);
  }

  /** Verifies the token and returns its identity, or throws {@link TokenRejected}. */
  async verify(token: string): Promise<UserIdentity> {
    const cached = this.verified.get(token);
    if (cached !== undefined && cached.expiresAt > Date.now())
      return cached.identity;
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new TokenRejected(
        "Could not parse JWT payload. Check that the token is a valid JWT format.",
      );
    }
    const candidates = this.providers.filter(
      (p) =>
        issuer !== undefined &&
        withoutTrailingSlash(p.issuer) === withoutTrailingSlash(issuer),
    );
    if (candidates.length === 0) {
      const known =
        this.providers.map((p) => p.issuer).join(", ") || "none configured";
      throw new TokenRejected(
        `No auth provider found matching the given token (issuer ${issuer ?? "missing"}; providers: ${known}).`,
      );
    }
    let lastReason = "";
    for (const provider of candidates) {
      try {
        const { payload } = await jwtVerify(
          token,
          await this.keysFor(provider),
          {
            issuer,
            audience: provider.applicationID,
            algorithms:
              provider.kind === "customJwt" ? [provider.algorithm] : undefined,
            requiredClaims: ["iat", "exp", "sub"],
          },
        );
        const identity = identityFromClaims(payload);
        if (this.verified.size > 1000) this.verified.clear();
        this.verified.set(token, {
          identity,
          expiresAt: (payload.exp as number) * 1000,
        });
        return identity;
      } catch (error) {
        if (error instanceof TokenRejected) throw error;
        lastReason = error instanceof Error ? error.message : String(error);
      }
    }
    throw new TokenRejected(
      `Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired. (${lastReason})`,
    );
  }

  private async keysFor(provider: Provider): Promise<JWTVerifyGetKey> {
    let keys = this.keySets.get(provider);
    if (keys === undefined) {
      keys =
        provider.kind === "oidc"
          ? await discoverKeys(provider.issuer)
          : customKeys(provider.jwks);
      this.keySets.set(provider, keys);
    }
    return keys;
  }
}

/** Short cooldown so keys rotated by a restarted local issuer are picked up at once. */
const REMOTE_KEYS_OPTIONS = { cooldownDuration: 1000 };

/**
 * Finds an OIDC issuer's keys from its discovery document, falling back to
 * `/.well-known/jwks.json`. A network failure is not cached: the issuer (the
 * local Remix app) may simply not be up yet.
 */
async function discoverKeys(issuer: string): Promise<JWTVerifyGetKey> {
  const base = withoutTrailingSlash(issuer);
  let response: Response;
  try {
    response = await fetch(`${base}/.well-known/openid-configuration`);
  } catch (error) {
    throw new TokenRejected(
      `Could not reach the auth provider ${base}: ${String(error)}`,
    );
  }
  const discovery = response.ok
    ? ((await response.json()) as { jwks_uri?: unknown })
    : {};
  const jwksUri =
    typeof discovery.jwks_uri === "string"
      ? discovery.jwks_uri
      : `${base}/.well-known/jwks.json`;
  return createRemoteJWKSet(new URL(jwksUri), REMOTE_KEYS_OPTIONS);
}

/** Keys of a custom JWT provider: a URL, or an inline `data:` URI holding the JWKS. */
function customKeys(jwks: string): JWTVerifyGetKey {
  if (jwks.startsWith("data:")) {
    const comma = jwks.indexOf(",");
    const meta = jwks.slice(5, comma);
    const body = jwks.slice(comma + 1);
    const text = meta.endsWith(";base64")
      ? Buffer.from(body, "base64").toString("utf8")
      : decodeURIComponent(body);
    return createLocalJWKSet(JSON.parse(text) as JSONWebKeySet);
  }
  return createRemoteJWKSet(new URL(jwks), REMOTE_KEYS_OPTIONS);
}

/** Identity attributes an admin acts as; convex-test fills `subject`, `issuer` and `tokenIdentifier` when missing. */
function actingAsIdentity(attributes: unknown): UserIdentity | null {
  if (typeof attributes !== "object" || attributes === null) return null;
  const identity = { ...(attributes as Record<string, unknown>) };
  if (
    identity.tokenIdentifier === undefined &&
    identity.subject !== undefined &&
    identity.issuer !== undefined
  ) {
    identity.tokenIdentifier = `${String(identity.issuer)}|${String(identity.subject)}`;
  }
  return identity as unknown as UserIdentity;
}

/**
 * The caller of an admin-key request: may call internal functions, acting as
 * `actingAs` (UserIdentity attributes) when given, as `npx convex run
 * --identity` does.
 */
export function adminCaller(
  key: string,
  adminKey: string,
  actingAs?: unknown,
): Caller {
  if (key !== adminKey)
    throw new TokenRejected(
      "The provided admin key was invalid for this instance",
    );
  return { admin: true, identity: actingAsIdentity(actingAs) };
}

/**
 * The caller of an HTTP request from its `Authorization` header:
 * `Bearer <jwt>` (a user), `Convex <adminKey>` or `Convex <adminKey>:<base64 JSON identity>`
 * (what `ConvexHttpClient.setAdminAuth` sends), or nothing (signed out).
 */
export async function callerFromAuthorization(
  header: string | undefined,
  verifier: TokenVerifier,
  adminKey: string,
): Promise<Caller> {
  if (header === undefined || header === "") return ANONYMOUS;
  const [scheme, ...rest] = header.split(" ");
  const value = rest.join(" ").trim();
  if (scheme === "Bearer") {
    return { admin: false, identity: await verifier.verify(value) };
  }
  if (scheme === "Convex") {
    // Keys may themselves contain ":", so split off the identity only after a
    // matching key.
    if (!value.startsWith(`${adminKey}:`)) return adminCaller(value, adminKey);
    let actingAs: unknown;
    try {
      actingAs = JSON.parse(
        Buffer.from(value.slice(adminKey.length + 1), "base64").toString(
          "utf8",
        ),
      );
    } catch {
      throw new TokenRejected(
        "The acting-as identity of the admin key is not base64-encoded JSON",
      );
    }
    return adminCaller(adminKey, adminKey, actingAs);
  }
  throw new TokenRejected(`Unsupported Authorization scheme ${scheme}`);
}
