/**
 * OIDC discovery for the local sign-in: Convex reads it to find the JWKS of
 * the issuer named in convex/auth.config.ts (`LOCAL_AUTH_ISSUER`).
 * 404 in clerk mode.
 */
import { requireLocalAuthMode } from "~/utils/auth.server";
import { openIdConfiguration } from "~/utils/local-auth.server";

export function loader() {
  requireLocalAuthMode();
  return Response.json(openIdConfiguration(), {
    headers: {
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
