/**
 * Shared by the randomised invariant suites (invariants.test.ts,
 * invariants.replicate.test.ts, shopInvariants.test.ts): a seeded PRNG,
 * creator identities, the video choices, and the ledger invariants checked
 * after every step. Not a function module (two dots in the name).
 */
import type { Id } from "./_generated/dataModel";
import type { QueryCtx } from "./_generated/server";
import { signWebhook } from "./lib/webhooks";

/**
 * Delivers a Replicate webhook (Standard Webhooks signature with `secret`)
 * to the deployment's `/replicate/webhook`, as Replicate would; the same
 * `id` again is a replay. Returns the HTTP status.
 */
export async function deliverReplicateWebhook(
  t: { fetch(path: string, init: RequestInit): Promise<Response> },
  secret: string,
  prediction: object,
  id: string,
): Promise<number> {
  const body = JSON.stringify(prediction);
  const ts = String(Math.floor(Date.now() / 1000));
  const response = await t.fetch("/replicate/webhook", {
    method: "POST",
    headers: {
      "webhook-id": id,
      "webhook-timestamp": ts,
      "webhook-signature": await signWebhook(secret, id, ts, body),
    },
    body,
  });
  return response.status;
}

/** mulberry32: a small deterministic PRNG, so a failing run replays. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` creator identities named `<prefix>0…`. */
export function creators(prefix: string, count = 3) {
  return Array.from({ length: count }, (_, i) => ({
    subject: `${prefix}${i}`,
    issuer: "https://issuer.test",
    tokenIdentifier: `https://issuer.test|${prefix}${i}`,
    email: `${prefix}${i}@example.com`,
  }));
}

/** Model, duration pairs of the default catalogue the suites create. */
export const VIDEO_CHOICES = [
  { model: "luma/ray-flash-2-540p", duration: 5 },
  { model: "luma/ray-flash-2-540p", duration: 9 },
  { model: "luma/ray-2-720p", duration: 5 },
  { model: "google/veo-3", duration: 8 },
];

/**
 * What breaks the ledger's rules (seed 000; ADR 0005), as messages: a
 * balance that differs from the sum of its entries or is negative; a video
 * without exactly one charge of its cost; a failed or canceled video without
 * exactly one refund of that cost (any other video with one), or whose
 * `refunded` flag disagrees. Reads at most `maxUsers` users and the videos
 * named (all of them when `videoIds` is omitted, up to 10,000).
 */
export async function ledgerProblems(
  ctx: QueryCtx,
  videoIds?: Id<"videos">[],
  maxUsers = 50,
): Promise<string[]> {
  const found: string[] = [];
  for (const user of await ctx.db.query("users").take(maxUsers)) {
    const entries = await ctx.db
      .query("creditTransactions")
      .withIndex("by_userId_and_createdAt", (q) => q.eq("userId", user._id))
      .take(10_000);
    const sum = entries.reduce((s, e) => s + e.amount, 0);
    if (sum !== user.balance)
      found.push(`${user.email}: balance ${user.balance} ≠ ledger ${sum}`);
    if (user.balance < 0)
      found.push(`${user.email}: negative balance ${user.balance}`);
  }
  const ids =
    videoIds ?? (await ctx.db.query("videos").take(10_000)).map((v) => v._id);
  for (const id of ids) {
    const video = await ctx.db.get("videos", id);
    if (video === null) {
      found.push(`${id}: missing`);
      continue;
    }
    const entries = await ctx.db
      .query("creditTransactions")
      .withIndex("by_videoId_and_type", (q) => q.eq("videoId", id))
      .take(10);
    const charges = entries.filter((e) => e.type === "generation");
    const refunds = entries.filter((e) => e.type === "refund");
    const shouldRefund =
      video.status === "failed" || video.status === "canceled";
    if (charges.length !== 1 || charges[0].amount !== -video.creditsCost)
      found.push(`${id}: ${charges.length} charges`);
    if (refunds.length !== (shouldRefund ? 1 : 0))
      found.push(`${id} (${video.status}): ${refunds.length} refunds`);
    if (shouldRefund && refunds[0]?.amount !== video.creditsCost)
      found.push(`${id}: refund of ${refunds[0]?.amount}`);
    if ((video.refunded ?? false) !== shouldRefund)
      found.push(`${id} (${video.status}): refunded ${video.refunded}`);
  }
  return found;
}
