/**
 * HTTP actions. `POST /replicate/webhook` receives Replicate's prediction
 * webhooks (API-CONTRACT "Replicate"; Replicate docs "Webhooks" and
 * "Verifying webhooks"); `POST /stripe/webhook` Stripe's Checkout and
 * charge events (API-CONTRACT "Selling credits").
 */
import { httpRouter } from "convex/server";
import { internal } from "./_generated/api";
import { env, httpAction } from "./_generated/server";
import type { Prediction } from "./lib/replicate";
import { type Stripe, verifyStripeEvent } from "./lib/stripe";
import { verifyWebhook } from "./lib/webhooks";
import { syncPrediction } from "./model/predictionSync";

const http = httpRouter();

/**
 * Verifies the Standard Webhooks signature (5-minute window) with
 * `REPLICATE_WEBHOOK_SECRET`, then applies the prediction like a poll does.
 * 401 and no change for a bad or missing signature; 400 for a body that is
 * not a prediction; 200 for a redelivery (same `webhook-id`), an unknown
 * prediction, or an event older than the video's state (all harmless).
 */
export const replicateWebhook = httpAction(async (ctx, request) => {
  const secret = env.REPLICATE_WEBHOOK_SECRET;
  if (!secret)
    return new Response("Webhooks are not configured.", { status: 401 });
  const body = await request.text();
  const webhookId = request.headers.get("webhook-id");
  const verdict = await verifyWebhook(
    secret,
    {
      id: webhookId,
      timestamp: request.headers.get("webhook-timestamp"),
      signature: request.headers.get("webhook-signature"),
    },
    body,
  );
  if (!verdict.ok)
    return new Response(`Invalid webhook: ${verdict.reason}.`, { status: 401 });

  let prediction: Prediction;
  try {
    prediction = JSON.parse(body) as Prediction;
  } catch {
    return new Response("Body is not JSON.", { status: 400 });
  }
  if (
    typeof prediction?.id !== "string" ||
    typeof prediction.status !== "string"
  ) {
    return new Response("Body is not a prediction.", { status: 400 });
  }
  // A terminal delivery is applied once, by its webhook-id, in the same
  // transaction that applies it (model/webhookDeliveries.ts).
  const { duplicate } = await syncPrediction(ctx, prediction, {
    webhookId: webhookId!,
  });
  if (duplicate === true)
    return new Response("Already applied.", { status: 200 });
  return new Response(null, { status: 200 });
});

http.route({
  path: "/replicate/webhook",
  method: "POST",
  handler: replicateWebhook,
});

/** A string field of a Stripe object, or a nested object's id, or null. */
function idOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "id" in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === "string" ? id : null;
  }
  return null;
}

/** The few fields of a verified event that fulfilment reads. */
function slimEvent(event: Stripe.Event) {
  const object = event.data.object as unknown as Record<string, unknown>;
  const num = (value: unknown) => (typeof value === "number" ? value : null);
  const str = (value: unknown) => (typeof value === "string" ? value : null);
  const slim = {
    eventId: event.id,
    type: event.type,
    objectId: str(object.id) ?? "",
  };
  if (event.type.startsWith("checkout.session.")) {
    return {
      ...slim,
      session: {
        paymentStatus: str(object.payment_status) ?? "",
        amountTotal: num(object.amount_total),
        currency: str(object.currency),
        paymentIntentId: idOf(object.payment_intent),
        clientReferenceId: str(object.client_reference_id),
      },
    };
  }
  if (event.type === "charge.refunded") {
    return {
      ...slim,
      charge: {
        paymentIntentId: idOf(object.payment_intent),
        amount: num(object.amount) ?? 0,
        amountRefunded: num(object.amount_refunded) ?? 0,
      },
    };
  }
  if (event.type === "charge.dispute.created") {
    return {
      ...slim,
      dispute: {
        paymentIntentId: idOf(object.payment_intent),
        reason: str(object.reason),
        amount: num(object.amount) ?? 0,
      },
    };
  }
  return slim;
}

/**
 * `POST /stripe/webhook` (API-CONTRACT "Selling credits"): verifies
 * `Stripe-Signature` with `STRIPE_WEBHOOK_SECRET` (5-minute tolerance) →
 * 400 and no change when it fails; otherwise applies the event once per
 * event id and answers 200 (also for duplicates, unmatched sessions and
 * event types we do not use, so Stripe stops retrying them). A 500 (the
 * mutation failed) makes Stripe retry later.
 */
export const stripeWebhook = httpAction(async (ctx, request) => {
  const body = await request.text();
  const verdict = await verifyStripeEvent(
    body,
    request.headers.get("stripe-signature"),
  );
  if ("error" in verdict) {
    return new Response(`Invalid webhook: ${verdict.error}`, { status: 400 });
  }
  const outcome = await ctx.runMutation(
    internal.purchases.applyStripeEvent,
    slimEvent(verdict.event),
  );
  return new Response(JSON.stringify({ received: true, outcome }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
});

http.route({
  path: "/stripe/webhook",
  method: "POST",
  handler: stripeWebhook,
});

export default http;
