/**
 * Stripe's webhook signature scheme (shared/notes/stripe-checkout.md), with
 * Web Crypto so both the fake (Node) and the convex tests (edge runtime)
 * can use it: `Stripe-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" keyed with the whole whsec_… string as UTF-8>`.
 */

/** The hex HMAC-SHA256 of `"<timestamp>.<body>"` keyed with `secret`. */
export async function stripeSignature(
  secret: string,
  timestamp: number,
  body: string,
): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    encoder.encode(`${timestamp}.${body}`),
  );
  return Array.from(new Uint8Array(mac), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
}

/**
 * The `Stripe-Signature` header for `body`.
 * @param timestamp Unix seconds; default now.
 */
export async function stripeSignatureHeader(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Promise<string> {
  return `t=${timestamp},v1=${await stripeSignature(secret, timestamp, body)}`;
}

/** A random id with Stripe's prefix, e.g. `cs_test_…`, `evt_…`. */
export function stripeId(prefix: string, length = 24): string {
  const alphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return `${prefix}_${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("")}`;
}
