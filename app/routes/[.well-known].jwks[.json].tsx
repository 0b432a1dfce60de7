/**
 * The local sign-in's public signing key as a JWKS (RS256), for Convex to
 * verify the app's tokens. 404 in clerk mode.
 */
import { requireLocalAuthMode } from "~/utils/auth.server";
import { localJwks } from "~/utils/local-auth.server";

export async function loader() {
  requireLocalAuthMode();
  return Response.json(await localJwks(), {
    // Short: an in-memory key changes when the app restarts.
    headers: {
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
