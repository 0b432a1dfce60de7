/**
 * Replicate webhook deduplication (Replicate docs "Webhooks": a delivery may
 * be retried, and Standard Webhooks' `webhook-id` is the same on every
 * retry of one delivery). The rule, in one place: a delivery that reports a
 * terminal status is remembered by its `webhook-id` in the same transaction
 * that applies it, and a redelivery of a remembered one is skipped. Progress
 * deliveries are neither looked up nor remembered: replaying one changes
 * nothing (the lifecycle never moves a video backwards), so the lookup would
 * only cost reads. `pruneWebhookDeliveries` forgets them after a day
 * (Replicate retries for less).
 */
import { v } from "convex/values";
import type { MutationCtx } from "../_generated/server";
import { TERMINAL_REPLICATE_STATUSES } from "../lib/replicate";

/** The delivery a webhook-observed prediction came with. */
export const webhookDeliveryValidator = v.object({
  /** Standard Webhooks `webhook-id` header: the same on every retry. */
  webhookId: v.string(),
});

/**
 * Remembers a terminal delivery, in the transaction that applies it.
 * @returns "duplicate" when this `webhookId` was applied already (the
 *   caller skips it), else "new" (remembered now, or a progress delivery).
 */
export async function admitWebhookDelivery(
  ctx: MutationCtx,
  delivery: { webhookId: string } | undefined,
  prediction: { id: string; status: string },
): Promise<"new" | "duplicate"> {
  if (
    delivery === undefined ||
    !TERMINAL_REPLICATE_STATUSES.includes(prediction.status)
  )
    return "new";
  const known = await ctx.db
    .query("webhookDeliveries")
    .withIndex("by_webhookId", (q) => q.eq("webhookId", delivery.webhookId))
    .first();
  if (known !== null) return "duplicate";
  await ctx.db.insert("webhookDeliveries", {
    webhookId: delivery.webhookId,
    predictionId: prediction.id,
    status: prediction.status,
    receivedAt: Date.now(),
  });
  return "new";
}
