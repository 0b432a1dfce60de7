/**
 * The database schema. Index names follow `by_field_and_field`; every lookup a
 * function makes has an index, so no query scans a table (see
 * docs/model-management-system.md for which function uses which index).
 */
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import {
  accessAuditActionValidator,
  auditActionValidator,
  auditChangeValidator,
  creditPackageFields,
  disputeStatusValidator,
  ledgerTypeValidator,
  modelFields,
  modelListRowFields,
  purchaseStatusValidator,
  planFields,
  roleValidator,
  videoFields,
} from "./validators";

export default defineSchema({
  /**
   * The model catalogue (seed 000's `models` table + API-CONTRACT "Models").
   * Usage statistics live in `modelStats`, not here, so a finished video never
   * invalidates the catalogue subscriptions (ADR 0003).
   */
  models: defineTable(modelFields)
    .index("by_modelId", ["modelId"])
    .index("by_isActive_and_deletedAt_and_name", [
      "isActive",
      "deletedAt",
      "name",
    ])
    .index("by_isDefault", ["isDefault"])
    .index("by_isPremium_and_isActive_and_deletedAt_and_name", [
      "isPremium",
      "isActive",
      "deletedAt",
      "name",
    ])
    .index("by_provider_and_isActive_and_deletedAt_and_name", [
      "provider",
      "isActive",
      "deletedAt",
      "name",
    ])
    .index("by_category_and_isActive_and_deletedAt_and_name", [
      "category",
      "isActive",
      "deletedAt",
      "name",
    ])
    .index("by_deletedAt_and_name", ["deletedAt", "name"])
    .index("by_name", ["name"])
    .index("by_isActive_and_sunsetAt", ["isActive", "sunsetAt"]),

  /**
   * The ModelManager's read model (ADR 0059): each model once per filter
   * combination it belongs to, with its sort keys, so a page of any filter
   * and sort is one bounded index range. Refreshed by every audited model
   * change (`recordAudit`) and by usage updates.
   */
  modelListRows: defineTable(modelListRowFields)
    .index("by_modelId", ["modelId"])
    .index("by_facet_and_nameKey", ["facet", "nameKey"])
    .index("by_facet_and_costPerSecond", ["facet", "costPerSecond"])
    .index("by_facet_and_videos", ["facet", "videos"])
    .index("by_facet_and_successRate", ["facet", "successRate"])
    .index("by_facet_and_updatedAt", ["facet", "updatedAt"])
    .index("by_facet_and_p50GenerationTime", ["facet", "p50GenerationTime"])
    .searchIndex("search_searchText", {
      searchField: "searchText",
      filterFields: ["facet"],
    }),

  /**
   * How many models each ModelManager filter combination holds (ADR 0059):
   * the "N models" total and the provider/category/status choices.
   */
  modelListCounts: defineTable({
    facet: v.string(),
    status: v.string(),
    provider: v.string(),
    category: v.string(),
    count: v.number(),
  })
    .index("by_facet", ["facet"])
    .index("by_status_and_category_and_provider", [
      "status",
      "category",
      "provider",
    ])
    .index("by_status_and_provider_and_category", [
      "status",
      "provider",
      "category",
    ])
    .index("by_provider_and_category_and_status", [
      "provider",
      "category",
      "status",
    ]),

  /**
   * Per-model usage counters, one document per modelId, written when a video
   * is created and once when it reaches a terminal state.
   * Usage counters, written sharded (ADR 0025): each video event adds to ONE
   * randomly chosen shard of each of its keys: `all` (platform totals),
   * `m:<modelId>`, `d:<day>` and `md:<day>:<modelId>`, so no document is
   * written by every video of a model or of a day. Reading a key sums its
   * shards; `folded: false` marks shards the rollup (`statsFold`) has not
   * summed yet.
   */
  statShards: defineTable({
    key: v.string(),
    /** 0..STAT_SHARDS-1; -1 is the base shard holding pre-sharding history. */
    shard: v.number(),
    modelId: v.optional(v.string()),
    day: v.optional(v.string()),
    created: v.number(),
    succeeded: v.number(),
    failed: v.number(),
    canceled: v.number(),
    /** Sum of Replicate `metrics.predict_time` over timed successes, in ms. */
    timedMs: v.number(),
    timed: v.number(),
    creditsCharged: v.number(),
    creditsRefunded: v.number(),
    folded: v.boolean(),
    updatedAt: v.number(),
  })
    .index("by_key_and_shard", ["key", "shard"])
    .index("by_folded", ["folded"]),

  /**
   * Per-model usage, one document per modelId: a ROLLUP of the model's
   * `statShards`, written only by the fold (cron, every few seconds), so
   * the dashboard can rank models by use with an index. `getModelStats`
   * reads the shards themselves (exact).
   */
  modelStats: defineTable({
    modelId: v.string(),
    /** Videos created (charged) with this model. */
    createdGenerations: v.number(),
    /** Videos that reached a terminal state: succeeded + failed + canceled. */
    totalGenerations: v.number(),
    successfulGenerations: v.number(),
    failedGenerations: v.number(),
    canceledGenerations: v.number(),
    /** Sum of Replicate `metrics.predict_time` over timed successes, in ms. */
    totalGenerationTimeMs: v.number(),
    timedGenerations: v.number(),
    /** Credits charged by videos of this model, and refunded back. */
    creditsCharged: v.number(),
    creditsRefunded: v.number(),
    /** Median and 95th percentile of generation time (ms), from the aggregate. */
    p50GenerationTimeMs: v.optional(v.number()),
    p95GenerationTimeMs: v.optional(v.number()),
    updatedAt: v.number(),
  })
    .index("by_modelId", ["modelId"])
    .index("by_createdGenerations", ["createdGenerations"]),

  /**
   * Per-day, per-model counters for the admin dashboard's 30-day chart: a
   * rollup of the `md:` shards. `day` is the UTC date `YYYY-MM-DD` of the
   * video's creation.
   */
  modelDailyStats: defineTable({
    day: v.string(),
    modelId: v.string(),
    created: v.number(),
    succeeded: v.number(),
    failed: v.number(),
    canceled: v.number(),
    creditsCharged: v.number(),
    creditsRefunded: v.number(),
  })
    .index("by_day_and_modelId", ["day", "modelId"])
    .index("by_modelId_and_day", ["modelId", "day"]),

  /** Per-day counters over all models: a rollup of the `d:` shards. */
  dailyStats: defineTable({
    day: v.string(),
    created: v.number(),
    succeeded: v.number(),
    failed: v.number(),
    canceled: v.number(),
    creditsCharged: v.number(),
    creditsRefunded: v.number(),
  }).index("by_day", ["day"]),

  /**
   * The fold's own state (one document): whether pre-sharding history has
   * been moved into base shards yet, and the migration's cursor.
   */
  statsMeta: defineTable({
    migrated: v.boolean(),
    cursor: v.optional(v.string()),
    phase: v.optional(v.string()),
  }),

  /**
   * Per-user, per-model usage (seed 003's user analytics): written with the
   * model counters, so "My usage" reads one document per model used.
   */
  userModelStats: defineTable({
    userId: v.id("users"),
    modelId: v.string(),
    videos: v.number(),
    succeeded: v.number(),
    failed: v.number(),
    canceled: v.number(),
    /** Credits charged minus credits refunded. */
    creditsSpent: v.number(),
    lastUsedAt: v.number(),
  }).index("by_userId_and_modelId", ["userId", "modelId"]),

  /**
   * Platform-wide counters, sharded (ADR 0025): a sign-up adds to one of
   * `COUNTER_SHARDS` shards of its counter; a read sums them.
   */
  counterShards: defineTable({
    name: v.string(),
    shard: v.number(),
    value: v.number(),
  }).index("by_name_and_shard", ["name", "shard"]),

  /**
   * Platform-wide counters from before sharding (read-only now: the stats
   * migration moves each value into `counterShards`).
   */
  platformCounters: defineTable({
    name: v.string(),
    value: v.number(),
  }).index("by_name", ["name"]),

  /** Model audit trail: who changed which fields of which model, and when. */
  modelAuditLog: defineTable({
    modelId: v.string(),
    action: auditActionValidator,
    changes: v.array(auditChangeValidator),
    /** `users` id of the admin, absent for ops scripts (`npm run init-models`). */
    actorUserId: v.optional(v.id("users")),
    /** Email of the admin, or a label such as `"init-models"`. */
    actor: v.string(),
    createdAt: v.number(),
  }).index("by_modelId_and_createdAt", ["modelId", "createdAt"]),

  /**
   * One record per signed-in identity. `balance` is the running sum of the
   * user's ledger entries (credits, never negative).
   */
  users: defineTable({
    tokenIdentifier: v.string(),
    email: v.optional(v.string()),
    /** Lower-cased email, for case-insensitive lookup by admins. */
    emailLower: v.optional(v.string()),
    name: v.optional(v.string()),
    role: roleValidator,
    balance: v.number(),
    /** The user's plan (`plans.planId`); absent = unrestricted, list price. */
    planId: v.optional(v.string()),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_tokenIdentifier", ["tokenIdentifier"])
    .index("by_emailLower", ["emailLower"])
    .index("by_planId", ["planId"]),

  /** The credit ledger: append-only, one signed integer entry per change. */
  creditTransactions: defineTable({
    userId: v.id("users"),
    amount: v.number(),
    type: ledgerTypeValidator,
    videoId: v.optional(v.id("videos")),
    reason: v.optional(v.string()),
    /** Balance right after this entry, for audits and the ledger page. */
    balanceAfter: v.number(),
    /** Admin who granted or adjusted, when it was a person. */
    actorUserId: v.optional(v.id("users")),
    /** What the entry is about outside this database: a Checkout Session id. */
    reference: v.optional(v.string()),
    createdAt: v.number(),
  })
    .index("by_userId_and_createdAt", ["userId", "createdAt"])
    .index("by_videoId_and_type", ["videoId", "type"])
    .index("by_userId_and_type_and_createdAt", ["userId", "type", "createdAt"])
    .index("by_type_and_createdAt", ["type", "createdAt"]),

  /** Generated videos (API-CONTRACT "Videos"). */
  videos: defineTable(videoFields)
    .index("by_userId_and_createdAt", ["userId", "createdAt"])
    .index("by_replicatePredictionId", ["replicatePredictionId"])
    .index("by_status_and_createdAt", ["status", "createdAt"])
    .index("by_model_and_createdAt", ["model", "createdAt"])
    .index("by_model_and_status_and_createdAt", [
      "model",
      "status",
      "createdAt",
    ])
    .index("by_userId_and_hiddenAt_and_createdAt", [
      "userId",
      "hiddenAt",
      "createdAt",
    ])
    .index("by_userId_and_hiddenAt_and_status_and_createdAt", [
      "userId",
      "hiddenAt",
      "status",
      "createdAt",
    ])
    .index("by_userId_and_hiddenAt_and_model_and_createdAt", [
      "userId",
      "hiddenAt",
      "model",
      "createdAt",
    ])
    .index("by_userId_and_hiddenAt_and_model_and_status_and_createdAt", [
      "userId",
      "hiddenAt",
      "model",
      "status",
      "createdAt",
    ])
    .index("by_model_and_isTestRun_and_createdAt", [
      "model",
      "isTestRun",
      "createdAt",
    ])
    .searchIndex("search_prompt", {
      searchField: "prompt",
      filterFields: ["userId", "hiddenAt", "status", "model"],
    }),

  /**
   * The last lines of a running prediction's Replicate `logs`, one document
   * per video, kept out of `videos` so a chatty model does not re-send every
   * feed subscription (ADR 0046). Bounded by `MAX_LOG_TAIL_*`.
   */
  videoLogs: defineTable({
    videoId: v.id("videos"),
    tail: v.string(),
    updatedAt: v.number(),
  }).index("by_videoId", ["videoId"]),

  /**
   * Public share links (`/s/<token>`), one per video at most while active;
   * revoking sets `revokedAt` and the token stops working (ADR 0047).
   */
  videoShares: defineTable({
    videoId: v.id("videos"),
    userId: v.id("users"),
    token: v.string(),
    views: v.number(),
    createdAt: v.number(),
    revokedAt: v.optional(v.number()),
  })
    .index("by_token", ["token"])
    .index("by_videoId_and_revokedAt", ["videoId", "revokedAt"]),

  /** The sample video an admin features for a model (compare page, picker). */
  modelSamples: defineTable({
    modelId: v.string(),
    videoId: v.id("videos"),
    actorUserId: v.id("users"),
    updatedAt: v.number(),
  }).index("by_modelId", ["modelId"]),

  /**
   * A running video's progress (0..100), apart from the `videos` document
   * that lists subscribe to, and written only on a change of ≥ 5 points or
   * after ≥ 2 s (ADR 0029): a watcher gets one small update per step.
   */
  videoProgress: defineTable({
    videoId: v.id("videos"),
    progress: v.number(),
    updatedAt: v.number(),
  }).index("by_videoId", ["videoId"]),

  /** Plans (API-CONTRACT "Plans, overrides, unlocks"). */
  plans: defineTable(planFields)
    .index("by_planId", ["planId"])
    .index("by_isDefault", ["isDefault"]),

  /**
   * Per-user, per-model overrides set by admins: allow or deny a model, a
   * custom price per second, an optional expiry. One row per user and model.
   */
  userModelOverrides: defineTable({
    userId: v.id("users"),
    modelId: v.string(),
    allowed: v.optional(v.boolean()),
    /** US$ per second, replacing the list price for this user. */
    costPerSecond: v.optional(v.number()),
    /** ms since epoch; past it the override no longer applies. */
    expiresAt: v.optional(v.number()),
    reason: v.optional(v.string()),
    actorUserId: v.optional(v.id("users")),
    createdAt: v.number(),
    updatedAt: v.number(),
  }).index("by_userId_and_modelId", ["userId", "modelId"]),

  /** Models a user has unlocked (paid `unlockCredits` once). */
  modelUnlocks: defineTable({
    userId: v.id("users"),
    modelId: v.string(),
    credits: v.number(),
    createdAt: v.number(),
  }).index("by_userId_and_modelId", ["userId", "modelId"]),

  /**
   * One row per user and calendar month (UTC, `YYYY-MM`) whose plan credits
   * were granted: the idempotency key of the monthly grant (ADR 0036).
   */
  monthlyGrants: defineTable({
    userId: v.id("users"),
    month: v.string(),
    planId: v.string(),
    credits: v.number(),
    createdAt: v.number(),
  }).index("by_userId_and_month", ["userId", "month"]),

  /** Audit trail of plans, assignments, overrides and unlocks. */
  accessAuditLog: defineTable({
    action: accessAuditActionValidator,
    /** The user concerned (assignments, overrides, unlocks). */
    userId: v.optional(v.id("users")),
    planId: v.optional(v.string()),
    modelId: v.optional(v.string()),
    changes: v.array(auditChangeValidator),
    reason: v.optional(v.string()),
    actorUserId: v.optional(v.id("users")),
    actor: v.string(),
    createdAt: v.number(),
  })
    .index("by_userId_and_createdAt", ["userId", "createdAt"])
    .index("by_planId_and_createdAt", ["planId", "createdAt"])
    .index("by_createdAt", ["createdAt"]),

  /** Scheduled price changes (API-CONTRACT "Scheduled prices and sunsets"). */
  scheduledPriceChanges: defineTable({
    modelId: v.string(),
    /** US$ per second from `effectiveAt` on. */
    costPerSecond: v.number(),
    effectiveAt: v.number(),
    status: v.union(
      v.literal("pending"),
      v.literal("applied"),
      v.literal("canceled"),
    ),
    actorUserId: v.optional(v.id("users")),
    actor: v.string(),
    createdAt: v.number(),
    appliedAt: v.optional(v.number()),
    canceledAt: v.optional(v.number()),
  }).index("by_status_and_effectiveAt", ["status", "effectiveAt"]),

  /** Webhook deliveries already applied, keyed by `webhook-id` (dedupe). */
  webhookDeliveries: defineTable({
    webhookId: v.string(),
    predictionId: v.string(),
    status: v.string(),
    receivedAt: v.number(),
  })
    .index("by_webhookId", ["webhookId"])
    .index("by_receivedAt", ["receivedAt"]),

  /**
   * Credit packages sold through Stripe Checkout (API-CONTRACT "Selling
   * credits"). `packageId` is the public id (`pkg_…`); never deleted, only
   * deactivated, so purchases keep pointing at them.
   */
  creditPackages: defineTable({
    packageId: v.string(),
    ...creditPackageFields,
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_packageId", ["packageId"])
    .index("by_isActive_and_sortOrder", ["isActive", "sortOrder"])
    .index("by_sortOrder", ["sortOrder"]),

  /** Audit trail of credit packages: who changed what, when. */
  creditPackageAuditLog: defineTable({
    packageId: v.string(),
    action: auditActionValidator,
    changes: v.array(auditChangeValidator),
    actorUserId: v.optional(v.id("users")),
    actor: v.string(),
    createdAt: v.number(),
  }).index("by_packageId_and_createdAt", ["packageId", "createdAt"]),

  /**
   * One Checkout Session per row (ADR 0030). The package's name, credits and
   * price are copied when checkout starts, so a later package edit never
   * changes what a buyer gets. Credits are granted once, when `status` moves
   * from `pending` to `paid`, in the transaction that writes the ledger.
   */
  purchases: defineTable({
    userId: v.id("users"),
    /** Lower-cased buyer email, for the admin search. */
    emailLower: v.optional(v.string()),
    packageId: v.string(),
    packageName: v.string(),
    credits: v.number(),
    bonusCredits: v.number(),
    priceCents: v.number(),
    currency: v.string(),
    status: purchaseStatusValidator,
    /** Stripe's `cs_…`; absent only while the session is being created. */
    sessionId: v.optional(v.string()),
    /** Stripe's `pi_…`, learnt from the completed session; refunds match on it. */
    paymentIntentId: v.optional(v.string()),
    /** The ledger entry that granted the credits. */
    grantTransactionId: v.optional(v.id("creditTransactions")),
    paidAt: v.optional(v.number()),
    /** Cents refunded by Stripe so far (cumulative, from `charge.refunded`). */
    refundedCents: v.optional(v.number()),
    /** Credits taken back after refunds. */
    clawedBackCredits: v.optional(v.number()),
    /** Credits a refund should have taken back but the balance did not hold (ADR 0031). */
    unrecoverableCredits: v.optional(v.number()),
    /** Stripe dispute (`dp_…`) opened on the charge, and its reason. */
    stripeDisputeId: v.optional(v.string()),
    stripeDisputeReason: v.optional(v.string()),
    /** Needs an admin's eye: disputed at Stripe, or credits not recoverable. */
    flagged: v.boolean(),
    failureReason: v.optional(v.string()),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_paymentIntentId", ["paymentIntentId"])
    .index("by_userId_and_createdAt", ["userId", "createdAt"])
    .index("by_emailLower_and_createdAt", ["emailLower", "createdAt"])
    .index("by_flagged_and_createdAt", ["flagged", "createdAt"])
    .index("by_paidAt", ["paidAt"]),

  /**
   * Every verified Stripe event, by its `evt_…` id: a redelivery of a known
   * id changes nothing (ADR 0030). `outcome` says what it did; `unmatched`
   * ones (a session or charge this deployment did not start) are listed for
   * admins and never credited.
   */
  stripeEvents: defineTable({
    eventId: v.string(),
    type: v.string(),
    /** The session (`cs_…`), charge or dispute id the event is about. */
    objectId: v.optional(v.string()),
    outcome: v.string(),
    purchaseId: v.optional(v.id("purchases")),
    /** Amount in cents, for unmatched events (what the admin must look at). */
    amountCents: v.optional(v.number()),
    receivedAt: v.number(),
  })
    .index("by_eventId", ["eventId"])
    .index("by_outcome_and_receivedAt", ["outcome", "receivedAt"]),

  /**
   * Creators' disputes of a succeeded video's charge (API-CONTRACT
   * "Disputes"; seed 002 token disputes). One per video.
   */
  disputes: defineTable({
    videoId: v.id("videos"),
    userId: v.id("users"),
    reason: v.string(),
    status: disputeStatusValidator,
    /** The video's `creditsCost`, copied when opened. */
    credits: v.number(),
    note: v.optional(v.string()),
    resolvedByUserId: v.optional(v.id("users")),
    resolvedAt: v.optional(v.number()),
    refundTransactionId: v.optional(v.id("creditTransactions")),
    createdAt: v.number(),
  })
    .index("by_videoId", ["videoId"])
    .index("by_userId_and_createdAt", ["userId", "createdAt"])
    .index("by_status_and_createdAt", ["status", "createdAt"]),
});
