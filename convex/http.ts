/**
 * HTTP actions. `POST /replicate/webhook` receives Replicate's prediction
 * webhooks (API-CONTRACT "Replicate"; Replicate docs "Webhooks" and
 * "Verifying webhooks").
 */
import { httpRouter } from "convex/server";
import { internal } from "./_generated/api";
import { env, httpAction } from "./_generated/server";
import { type Prediction, TERMINAL_REPLICATE_STATUSES } from "./lib/replicate";
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
  // Only terminal deliveries are deduplicated (below): a replayed progress
  // event is harmless, so it costs no lookup.
  const terminal = TERMINAL_REPLICATE_STATUSES.includes(prediction.status);
  if (
    terminal &&
    (await ctx.runQuery(internal.predictions.isWebhookDeliveryKnown, {
      webhookId: webhookId!,
    }))
  ) {
    return new Response("Already applied.", { status: 200 });
  }
  await syncPrediction(ctx, prediction);
  // Only terminal deliveries are worth remembering: replaying one would
  // otherwise redo a download; progress events are cheap and idempotent.
  if (terminal) {
    await ctx.runMutation(internal.predictions.recordWebhookDelivery, {
      webhookId: webhookId!,
      predictionId: prediction.id,
      status: prediction.status,
    });
  }
  return new Response(null, { status: 200 });
});

http.route({
  path: "/replicate/webhook",
  method: "POST",
  handler: replicateWebhook,
});

export default http;
