/**
 * Refuses form posts from other sites (login CSRF, cross-site actions) with
 * a 403, before any action runs. Browsers send `Origin` on every POST, and
 * `Sec-Fetch-Site` on requests they make; clients that send neither (curl,
 * server-to-server) are not browsers riding a victim's cookie and pass.
 */

/** Methods that change something and so must come from this site. */
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Why a request is refused, for the server in front of Remix (server.js). */
export type Refusal = { status: 403; message: string };

/**
 * @throws a 403 response when `request` changes something and a browser
 *   says it comes from another origin.
 */
export function requireSameOrigin(request: Request): void {
  const refusal = crossSiteRefusal(request);
  if (refusal) {
    throw new Response(refusal.message, {
      status: refusal.status,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

/** The refusal of a cross-site `request` that changes something, or null. */
export function crossSiteRefusal(request: Request): Refusal | null {
  if (!UNSAFE_METHODS.has(request.method.toUpperCase())) return null;
  const origin = request.headers.get("Origin");
  const site = request.headers.get("Sec-Fetch-Site");
  const self = new URL(request.url);
  let refused = false;
  if (origin !== null) {
    // `Origin: null` (sandboxed frames, some redirects) is not this site.
    try {
      refused = new URL(origin).host !== self.host;
    } catch {
      refused = true;
    }
  } else if (site !== null) {
    refused = site !== "same-origin" && site !== "none";
  }
  return refused
    ? { status: 403, message: "Cross-site form posts are refused." }
    : null;
}
