/**
 * The offline identity provider used when Clerk is not configured: the app
 * signs RS256 JWTs itself and publishes the public key as an OIDC issuer, so
 * Convex verifies them exactly as it verifies Clerk's (convex/auth.config.ts
 * lists `LOCAL_AUTH_ISSUER` with audience "convex").
 *
 * Keys: `LOCAL_AUTH_PRIVATE_KEY_FILE` (PKCS8 PEM) when set, else a key pair
 * generated in memory on first use. The `kid` is the key's RFC 7638
 * thumbprint, so the JWKS and the token header always agree.
 */
import { readFile } from "node:fs/promises";
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importPKCS8,
  SignJWT,
  type CryptoKey,
  type JWK,
} from "jose";
import { getEnv } from "./env.server";

const ALG = "RS256";
/** Audience Convex expects (`applicationID` in convex/auth.config.ts). */
export const LOCAL_AUTH_AUDIENCE = "convex";
/** Token lifetime: short, because the browser fetches a fresh one on demand. */
export const LOCAL_TOKEN_TTL_SECONDS = 60 * 60;

type SigningKeys = { privateKey: CryptoKey; publicJwk: JWK & { kid: string } };

let keysPromise: Promise<SigningKeys> | undefined;

const PRIVATE_JWK_FIELDS = [
  "d",
  "p",
  "q",
  "dp",
  "dq",
  "qi",
  "oth",
  "key_ops",
  "ext",
] as const;

async function loadKeys(): Promise<SigningKeys> {
  const file = getEnv().LOCAL_AUTH_PRIVATE_KEY_FILE;
  let privateKey: CryptoKey;
  let jwk: JWK;
  if (file) {
    const pem = await readFile(file, "utf8");
    privateKey = await importPKCS8(pem, ALG, { extractable: true });
    // The private JWK carries the public modulus and exponent too.
    jwk = await exportJWK(privateKey);
    for (const field of PRIVATE_JWK_FIELDS) delete jwk[field];
  } else {
    const pair = await generateKeyPair(ALG, { extractable: true });
    privateKey = pair.privateKey;
    jwk = await exportJWK(pair.publicKey);
    delete jwk.ext;
    delete jwk.key_ops;
  }
  const kid = await calculateJwkThumbprint({
    kty: jwk.kty,
    n: jwk.n,
    e: jwk.e,
  });
  return { privateKey, publicJwk: { ...jwk, kid, alg: ALG, use: "sig" } };
}

function keys(): Promise<SigningKeys> {
  keysPromise ??= loadKeys().catch((error: unknown) => {
    keysPromise = undefined; // let a later request retry (e.g. file fixed)
    throw error;
  });
  return keysPromise;
}

/**
 * The stable subject for an email: `local:<lower-cased email>`, so signing in
 * again with any casing reaches the same Convex user record.
 */
export function localSubject(email: string): string {
  return `local:${email.trim().toLowerCase()}`;
}

/**
 * Signs a Convex access token for a locally signed-in person.
 * Claims: `iss` = LOCAL_AUTH_ISSUER, `aud` = "convex", `sub` =
 * `localSubject(email)`, `email`, `name`, `iat`, `exp` (+1 hour); header
 * `kid` matching `/.well-known/jwks.json`.
 */
export async function signLocalToken(user: {
  email: string;
  name: string;
}): Promise<string> {
  const { privateKey, publicJwk } = await keys();
  const email = user.email.trim().toLowerCase();
  return await new SignJWT({ email, name: user.name })
    .setProtectedHeader({ alg: ALG, kid: publicJwk.kid, typ: "JWT" })
    .setIssuer(getEnv().LOCAL_AUTH_ISSUER)
    .setAudience(LOCAL_AUTH_AUDIENCE)
    .setSubject(localSubject(email))
    .setIssuedAt()
    .setExpirationTime(`${LOCAL_TOKEN_TTL_SECONDS}s`)
    .sign(privateKey);
}

/** The JSON Web Key Set served at `/.well-known/jwks.json`. */
export async function localJwks(): Promise<{ keys: JWK[] }> {
  return { keys: [(await keys()).publicJwk] };
}

/** The OIDC discovery document served at `/.well-known/openid-configuration`. */
export function openIdConfiguration() {
  const issuer = getEnv().LOCAL_AUTH_ISSUER;
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    authorization_endpoint: `${issuer}/sign-in`,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [ALG],
    claims_supported: ["iss", "sub", "aud", "exp", "iat", "email", "name"],
  };
}
