/**
 * Test helpers for the shop suites: the fake Stripe started by
 * `test.globalSetup.ts` (for `startCheckout`), and signed webhook
 * deliveries with the same `Stripe-Signature` scheme as Stripe and the fake.
 * Not a function module (two dots in the name), so never deployed.
 */
import { inject } from "vitest";
import { stripeId, stripeSignatureHeader } from "../local/fake-stripe/signing";
import type { FakeSession } from "../local/fake-stripe/server";
import { ADMIN, api, CREATOR, internal, setupWithDefaults } from "./test.setup";

export const WEBHOOK_SECRET = "whsec_test_shop_secret_0123456789";

/** Points the backend at the fake Stripe (read when functions run). */
export function useFakeStripe() {
  process.env.STRIPE_SECRET_KEY = "sk_test_convex";
  process.env.STRIPE_API_BASE_URL = inject("stripeUrl");
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.SITE_URL = "http://app.test";
}

export function clearStripeEnv() {
  for (const name of [
    "STRIPE_SECRET_KEY",
    "STRIPE_API_BASE_URL",
    "STRIPE_WEBHOOK_SECRET",
    "SITE_URL",
  ])
    delete process.env[name];
}

/** Calls the fake's test hooks (`/_control/...`). */
export async function fakeControl<T = FakeSession>(
  path: string,
  body: unknown = {},
): Promise<T> {
  const response = await fetch(`${inject("stripeUrl")}/_control/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`fake stripe ${path}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** A session as Stripe's API returns it now. */
export async function getSession(sessionId: string): Promise<FakeSession> {
  const response = await fetch(
    `${inject("stripeUrl")}/v1/checkout/sessions/${sessionId}`,
    { headers: { authorization: "Bearer sk_test_convex" } },
  );
  return (await response.json()) as FakeSession;
}

type Backend = Awaited<ReturnType<typeof setupWithDefaults>>;

/** A Stripe event envelope around `object`. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  id = stripeId("evt"),
) {
  return {
    id,
    object: "event",
    api_version: "2025-01-01",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type,
    data: { object },
  };
}

/**
 * POSTs an event to `/stripe/webhook`, signed with `secret` at `timestamp`
 * (defaults: the right secret, now).
 */
export async function deliver(
  t: Backend,
  event: ReturnType<typeof stripeEvent>,
  options: { secret?: string; timestamp?: number; signature?: string } = {},
): Promise<Response> {
  const body = JSON.stringify(event);
  const signature =
    options.signature ??
    (await stripeSignatureHeader(
      options.secret ?? WEBHOOK_SECRET,
      body,
      options.timestamp,
    ));
  return await t.fetch("/stripe/webhook", {
    method: "POST",
    headers: {
      "stripe-signature": signature,
      "content-type": "application/json",
    },
    body,
  });
}

/** The charge object of a paid fake session, as `charge.refunded` carries it. */
export function chargeOf(session: FakeSession, amountRefunded: number) {
  return {
    id: `ch_${session.id.slice(-10)}`,
    object: "charge",
    amount: session.amount_total,
    amount_refunded: amountRefunded,
    refunded: amountRefunded >= session.amount_total,
    currency: session.currency,
    payment_intent: session.payment_intent,
  };
}

/** A backend with the defaults, the fake Stripe, and one $5 package (500 + 50 credits). */
export async function setupShop() {
  useFakeStripe();
  const t = await setupWithDefaults();
  const packageId = await t
    .withIdentity(ADMIN)
    .mutation(api.credits.createCreditPackage, {
      name: "Starter",
      credits: 500,
      bonusCredits: 50,
      priceCents: 500,
    });
  await t.withIdentity(CREATOR).mutation(api.users.store, {});
  return { t, packageId };
}

/** Starts checkout as `identity` and pays it at the fake; returns the paid session. */
export async function paidSession(
  t: Backend,
  packageId: string,
  identity = CREATOR,
): Promise<FakeSession> {
  const { sessionId } = await t
    .withIdentity(identity)
    .action(api.credits.startCheckout, { packageId });
  return await fakeControl(`sessions/${sessionId}/complete`);
}

/**
 * Creates a video for `identity` and drives it to `succeeded` through the
 * real lifecycle steps (call with fake timers so nothing is scheduled).
 */
export async function succeededVideo(
  t: Backend,
  identity: typeof CREATOR,
  predictionId: string,
  model = "luma/ray-flash-2-540p",
  duration = 5,
) {
  const videoId = await t
    .withIdentity(identity)
    .mutation(api.videos.createVideo, {
      prompt: `video ${predictionId}`,
      model,
      duration,
      quality: "standard",
    });
  await t.mutation(internal.predictions.recordPredictionCreated, {
    videoId,
    prediction: { id: predictionId, status: "starting" },
  });
  await t.mutation(internal.predictions.claimFinalization, { predictionId });
  const storageId = await t.run((ctx) =>
    ctx.storage.store(new Blob(["mp4"], { type: "video/mp4" })),
  );
  await t.mutation(internal.predictions.completeSucceeded, {
    videoId,
    storageId,
    predictTime: 2,
  });
  return videoId;
}
