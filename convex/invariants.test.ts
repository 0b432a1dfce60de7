/**
 * Randomised invariant test: a few hundred operations in random order
 * (create, webhook in any status and replayed, finalize a success, cancel,
 * time out, admin grant and adjustment) and, after each one:
 * - every balance equals the sum of its ledger entries and is ≥ 0;
 * - every failed or canceled video has exactly one refund, others none;
 * - every video has exactly one "generation" charge equal to its cost;
 * - the model statistics count each finished video once.
 * The PRNG is seeded, so a failure replays with the same seed. Fake timers
 * that never advance keep the scheduled starts and polls from running, so
 * every transition here is one this test made (the same invariants against
 * the fake Replicate, with real outcomes: invariants.replicate.test.ts).
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import type { Id } from "./_generated/dataModel";
import { exactModelStats } from "./model/stats";
import {
  creators,
  deliverReplicateWebhook,
  prng,
  VIDEO_CHOICES,
} from "./invariants.testkit";
import { ADMIN, api, internal, setupWithDefaults } from "./test.setup";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OPERATIONS = 300;
const SEED = 20261121;

beforeEach(() => {
  vi.useFakeTimers(); // scheduled starts and polls never run: we drive every step
  process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
  // Random failures would trip the circuit breaker (health.test.ts covers it).
  process.env.CIRCUIT_BREAKER_MIN_RUNS = "1000000";
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.REPLICATE_WEBHOOK_SECRET;
  delete process.env.CIRCUIT_BREAKER_MIN_RUNS;
  delete process.env.VIDEO_TIMEOUT_MINUTES;
});

const CREATORS = creators("c");
const CHOICES = VIDEO_CHOICES;
const WEBHOOK_STATUSES = [
  "starting",
  "processing",
  "failed",
  "canceled",
  "aborted",
];

test("balances, refunds and statistics hold under random operations", async () => {
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(random() * items.length)];
  const t = await setupWithDefaults();
  const admin = t.withIdentity(ADMIN);
  for (const c of CREATORS)
    await t.withIdentity(c).mutation(api.users.store, {});
  await admin.mutation(api.credits.grantCredits, {
    email: CREATORS[0].email,
    amount: 2000,
    reason: "seed",
  });

  const videos: {
    id: Id<"videos">;
    owner: (typeof CREATORS)[number];
    predictionId?: string;
  }[] = [];
  let webhookCounter = 0;
  const counts: Record<string, number> = {};

  const sendWebhook = async (
    prediction: object,
    id = `msg_${webhookCounter++}`,
  ) => {
    expect(await deliverReplicateWebhook(t, SECRET, prediction, id)).toBe(200);
    return id;
  };
  let lastWebhook: { id: string; prediction: object } | null = null;

  for (let step = 0; step < OPERATIONS; step++) {
    const op = pick([
      "create",
      "create",
      "start",
      "webhook",
      "webhook",
      "replay",
      "succeed",
      "cancel",
      "timeout",
      "grant",
    ]);
    counts[op] = (counts[op] ?? 0) + 1;
    const target = videos.length > 0 ? pick(videos) : null;
    try {
      if (op === "create") {
        const owner = pick(CREATORS);
        const id = await t
          .withIdentity(owner)
          .mutation(api.videos.createVideo, {
            prompt: `step ${step}`,
            quality: "standard",
            ...pick(CHOICES),
          });
        videos.push({ id, owner });
      } else if (op === "start" && target && !target.predictionId) {
        target.predictionId = `pred_${step}`;
        await t.mutation(internal.predictions.recordPredictionCreated, {
          videoId: target.id,
          prediction: { id: target.predictionId, status: "starting" },
        });
      } else if (op === "webhook" && target?.predictionId) {
        const status = pick(WEBHOOK_STATUSES);
        const prediction = {
          id: target.predictionId,
          status,
          error: status === "failed" ? "boom" : null,
          logs: `${Math.floor(random() * 100)}%|###| 1/2`,
          metrics: { predict_time: random() * 10 },
        };
        lastWebhook = { id: await sendWebhook(prediction), prediction };
      } else if (op === "replay" && lastWebhook) {
        await sendWebhook(lastWebhook.prediction, lastWebhook.id);
      } else if (op === "succeed" && target?.predictionId) {
        // The finalization path of a succeeded prediction, as syncPrediction runs it.
        const claim = await t.mutation(internal.predictions.claimFinalization, {
          predictionId: target.predictionId,
        });
        if (claim.videoId !== null) {
          const storageId = await t.run((ctx) =>
            ctx.storage.store(new Blob(["mp4"], { type: "video/mp4" })),
          );
          const done = await t.mutation(
            internal.predictions.completeSucceeded,
            {
              videoId: claim.videoId,
              storageId,
              predictTime: 2.5,
            },
          );
          if (!done) await t.run((ctx) => ctx.storage.delete(storageId));
        }
      } else if (op === "cancel" && target) {
        // The owner or an admin; a finished video refuses with INVALID_STATE.
        await t
          .withIdentity(random() < 0.5 ? target.owner : ADMIN)
          .mutation(api.videos.cancelVideo, { videoId: target.id })
          .catch((e: { data?: { code?: string } }) =>
            expect(e.data?.code).toBe("INVALID_STATE"),
          );
      } else if (op === "timeout") {
        // Move the clock, not the timers: the scheduled starts and polls
        // must not run (there is no Replicate here; every step is ours).
        process.env.VIDEO_TIMEOUT_MINUTES = "1";
        vi.setSystemTime(Date.now() + 20_000);
        await t.mutation(internal.predictions.timeoutStaleVideos, {});
      } else if (op === "grant") {
        const amount = Math.round((random() - 0.6) * 300) || 1;
        await admin
          .mutation(api.credits.grantCredits, {
            email: pick(CREATORS).email,
            amount,
            reason: `step ${step}`,
          })
          .catch((e: { data?: { code?: string } }) =>
            expect(e.data?.code).toBe("INSUFFICIENT_CREDITS"),
          );
      }
    } catch (error) {
      const code = (error as { data?: { code?: string } }).data?.code;
      // Only a creator without enough credits may be refused.
      expect(code, `step ${step} (${op}) threw ${String(error)}`).toBe(
        "INSUFFICIENT_CREDITS",
      );
    }
    await checkInvariants(step, op);
  }
  console.log("operations:", JSON.stringify(counts), "videos:", videos.length);
  expect(videos.length).toBeGreaterThan(20);

  async function checkInvariants(step: number, op: string) {
    const problems = await t.run(async (ctx) => {
      const found: string[] = [];
      const users = await ctx.db.query("users").collect();
      for (const user of users) {
        const entries = await ctx.db
          .query("creditTransactions")
          .withIndex("by_userId_and_createdAt", (q) => q.eq("userId", user._id))
          .collect();
        const sum = entries.reduce((s, e) => s + e.amount, 0);
        if (sum !== user.balance)
          found.push(`${user.email}: balance ${user.balance} ≠ ledger ${sum}`);
        if (user.balance < 0)
          found.push(`${user.email}: negative balance ${user.balance}`);
      }
      const finished: Record<string, number> = {};
      for (const video of await ctx.db.query("videos").collect()) {
        const byType = async (type: "refund" | "generation") =>
          await ctx.db
            .query("creditTransactions")
            .withIndex("by_videoId_and_type", (q) =>
              q.eq("videoId", video._id).eq("type", type),
            )
            .collect();
        const refunds = await byType("refund");
        const charges = await byType("generation");
        const shouldRefund =
          video.status === "failed" || video.status === "canceled";
        if (refunds.length !== (shouldRefund ? 1 : 0))
          found.push(
            `${video._id} (${video.status}): ${refunds.length} refunds`,
          );
        if (charges.length !== 1 || charges[0].amount !== -video.creditsCost)
          found.push(`${video._id}: charge mismatch`);
        if (shouldRefund && refunds[0]?.amount !== video.creditsCost)
          found.push(`${video._id}: refund amount`);
        if (["succeeded", "failed", "canceled"].includes(video.status)) {
          finished[video.model] = (finished[video.model] ?? 0) + 1;
        }
      }
      // Per-user counters agree with the videos and the ledger.
      for (const row of await ctx.db.query("userModelStats").collect()) {
        const own = (await ctx.db.query("videos").collect()).filter(
          (v) => v.userId === row.userId && v.model === row.modelId,
        );
        const spent = own.reduce(
          (s, v) => s + v.creditsCost - (v.refunded ? v.creditsCost : 0),
          0,
        );
        if (row.videos !== own.length || row.creditsSpent !== spent) {
          found.push(
            `${row.userId}/${row.modelId}: usage ${row.videos} videos, ${row.creditsSpent} credits ≠ ${own.length}, ${spent}`,
          );
        }
      }
      // The sharded counters (summed) agree with the videos.
      const models = new Set(
        (await ctx.db.query("videos").collect()).map((v) => v.model),
      );
      for (const modelId of models) {
        const stats = await exactModelStats(ctx, modelId);
        if (stats.totalGenerations !== (finished[modelId] ?? 0)) {
          found.push(
            `${modelId}: stats count ${stats.totalGenerations} ≠ ${finished[modelId] ?? 0}`,
          );
        }
      }
      return found;
    });
    expect(problems, `after step ${step} (${op})`).toEqual([]);
  }
}, 120_000);
