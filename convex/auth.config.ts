/**
 * Identity providers whose JWTs Convex accepts (Convex docs "Custom OIDC
 * providers" / "Clerk"). Convex reads this file when functions are pushed, so
 * each provider is listed only when its environment variable is set:
 *
 * - `CLERK_JWT_ISSUER_DOMAIN`: the Clerk Frontend API URL, with a JWT template
 *   named "convex" (production path).
 * - `LOCAL_AUTH_ISSUER`: the Remix app's own origin when it runs the local
 *   sign-in (no Clerk keys, offline). Never set in production.
 *
 * Both use the audience (`applicationID`) "convex".
 */
const providers: { domain: string; applicationID: string }[] = [];

const clerkIssuer = process.env.CLERK_JWT_ISSUER_DOMAIN;
if (clerkIssuer) {
  providers.push({ domain: clerkIssuer, applicationID: "convex" });
}

const localIssuer = process.env.LOCAL_AUTH_ISSUER;
if (localIssuer) {
  providers.push({ domain: localIssuer, applicationID: "convex" });
}

export default { providers };
