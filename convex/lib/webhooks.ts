/**
 * Standard Webhooks signature verification, as Replicate signs its webhooks
 * (Replicate docs "Verifying webhooks"; standardwebhooks.com): the signature
 * is base64(HMAC-SHA256(key = base64-decode(secret without "whsec_"),
 * message = `${webhook-id}.${webhook-timestamp}.${body}`)), sent as one or
 * more space-separated `v1,<base64>` entries in `webhook-signature`.
 *
 * Uses Web Crypto only, so it runs in Convex's default runtime (HTTP actions).
 */

/** How far a webhook's timestamp may be from now: 5 minutes, in seconds. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type WebhookHeaders = {
  id: string | null;
  timestamp: string | null;
  signature: string | null;
};

export type WebhookVerdict = { ok: true } | { ok: false; reason: string };

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Constant-time comparison of two strings of equal length. */
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The `v1,<base64>` signature of a webhook body.
 * @param secret `whsec_…` signing secret.
 * @param timestamp seconds since the epoch, as sent in `webhook-timestamp`.
 */
export async function signWebhook(
  secret: string,
  id: string,
  timestamp: string,
  body: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    base64ToBytes(secret.replace(/^whsec_/, "")),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    new TextEncoder().encode(`${id}.${timestamp}.${body}`),
  );
  return `v1,${bytesToBase64(new Uint8Array(mac))}`;
}

/**
 * Verifies a delivery: all three headers present, timestamp within ±5
 * minutes of `nowSeconds`, and any `v1,` entry of the signature matching.
 * @returns `{ ok: true }` or `{ ok: false, reason }`; never throws.
 */
export async function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<WebhookVerdict> {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature)
    return { ok: false, reason: "missing webhook headers" };
  const sentAt = Number(timestamp);
  if (!Number.isInteger(sentAt))
    return { ok: false, reason: "malformed timestamp" };
  if (Math.abs(nowSeconds - sentAt) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, reason: "timestamp outside the 5-minute window" };
  }
  let expected: string;
  try {
    expected = await signWebhook(secret, id, timestamp, body);
  } catch {
    return { ok: false, reason: "invalid signing secret" };
  }
  const matches = signature
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .some((entry) => timingSafeEqual(entry, expected));
  return matches ? { ok: true } : { ok: false, reason: "signature mismatch" };
}
