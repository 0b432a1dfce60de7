import { createHmac, randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * Signs a webhook the way Replicate does (the Standard Webhooks scheme).
 *
 * @param secret    the signing secret, `whsec_<base64 key>`; the `whsec_` prefix is optional.
 * @param id        the `webhook-id` header value, e.g. `msg_...`.
 * @param timestamp the `webhook-timestamp` header value: Unix time in **seconds** (number or string).
 * @param body      the exact raw request body that will be sent (signing is byte-sensitive).
 * @returns the `webhook-signature` header value: `v1,<base64 HMAC-SHA256>` where the HMAC key is the
 *          base64-decoded secret and the message is `${id}.${timestamp}.${body}`.
 */
export function signWebhook(
  secret: string,
  id: string,
  timestamp: number | string,
  body: string,
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const digest = createHmac("sha256", key)
    .update(`${id}.${timestamp}.${body}`)
    .digest("base64");
  return `v1,${digest}`;
}

/**
 * Creates a fresh signing secret in Replicate's format.
 *
 * @returns `whsec_` followed by the base64 of 24 random bytes.
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/**
 * Creates a webhook message id shaped like Replicate's (Svix-style).
 *
 * @returns `msg_` followed by 27 random base62 characters; unique per event, reused by its retries.
 */
export function newWebhookId(): string {
  return `msg_${randomString(27, BASE62)}`;
}

/**
 * Returns `length` characters drawn uniformly from `alphabet` using a CSPRNG.
 * Rejection sampling keeps the distribution uniform for alphabets whose size does not divide 256.
 */
export function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  let result = "";
  while (result.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && result.length < length)
        result += alphabet[byte % alphabet.length];
    }
  }
  return result;
}
