/**
 * The Stripe client as this backend uses it (shared/notes/stripe-checkout.md):
 * the official `stripe` package with its fetch HTTP client and Web Crypto,
 * so it runs in Convex's default runtime. `STRIPE_API_BASE_URL` points it
 * at the local fake. Environment variables are read when a function runs.
 */
import Stripe from "stripe";
import { env } from "../_generated/server";

/** Checkout returns here; `SITE_URL` is the web app's origin. */
export function siteUrl(): string {
  const raw = (env.SITE_URL ?? "").trim();
  if (raw === "") throw new Error("SITE_URL is not set");
  return raw.replace(/\/+$/, "");
}

/** `host`/`port`/`protocol` for the client from `STRIPE_API_BASE_URL`, if set. */
export function stripeHostConfig(
  baseUrl: string | undefined,
): { host: string; port: number; protocol: "http" | "https" } | object {
  const raw = (baseUrl ?? "").trim();
  if (raw === "") return {};
  const url = new URL(raw);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return {
    host: url.hostname,
    port: url.port !== "" ? Number(url.port) : protocol === "http" ? 80 : 443,
    protocol,
  };
}

/**
 * A Stripe client for `STRIPE_SECRET_KEY` (fetch HTTP client; one network
 * retry, which Stripe makes safe with the idempotency key we send).
 * @throws Error when `STRIPE_SECRET_KEY` is not set.
 */
export function stripeClient(): Stripe {
  const key = (env.STRIPE_SECRET_KEY ?? "").trim();
  if (key === "") throw new Error("STRIPE_SECRET_KEY is not set");
  return new Stripe(key, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 1,
    timeout: 20_000,
    telemetry: false,
    ...stripeHostConfig(env.STRIPE_API_BASE_URL),
  });
}

/** Stripe's default tolerance for a webhook timestamp, in seconds. */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Verifies a webhook's `Stripe-Signature` with `STRIPE_WEBHOOK_SECRET` and
 * parses the event (`constructEventAsync` with the SubtleCrypto provider).
 * @returns the event, or `{ error }` for a missing secret, a bad or stale
 *   signature, or a body that is not an event.
 */
export async function verifyStripeEvent(
  body: string,
  signature: string | null,
): Promise<{ event: Stripe.Event } | { error: string }> {
  const secret = (env.STRIPE_WEBHOOK_SECRET ?? "").trim();
  if (secret === "") return { error: "STRIPE_WEBHOOK_SECRET is not set" };
  if (!signature) return { error: "missing Stripe-Signature" };
  try {
    const event = await Stripe.webhooks.constructEventAsync(
      body,
      signature,
      secret,
      STRIPE_WEBHOOK_TOLERANCE_SECONDS,
      Stripe.createSubtleCryptoProvider(),
    );
    return { event };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * True for failures worth reporting as `PAYMENT_FAILED` (Stripe down,
 * refusing, or unreachable) rather than as a bug of ours.
 */
export function isStripeFailure(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError;
}

export type { Stripe };
