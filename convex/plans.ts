/**
 * Plans, per-user overrides and premium unlocks (API-CONTRACT "Plans,
 * overrides, unlocks"; seeds 001, 003, 004). Admin functions throw
 * `UNAUTHENTICATED` signed out and `FORBIDDEN` for non-admins; every admin
 * change is recorded in the access audit trail.
 *
 * With no plan, override or unlock price defined, every user is
 * unrestricted at list price, exactly as before plans existed.
 */
import {
  paginationOptsValidator,
  paginationResultValidator,
} from "convex/server";
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { internal } from "./_generated/api";
import { internalMutation, type MutationCtx } from "./_generated/server";
import {
  adminMutation,
  adminQuery,
  userMutation,
  userQuery,
} from "./functions";
import { AS_STORED, MONTH_PATTERN, startOfNextMonth } from "./lib/clock";
import { fail } from "./lib/errors";
import { isValidCostPerSecond } from "./lib/money";
import { ledgerCapProblem } from "./lib/modelRules";
import {
  cleanPlanList,
  MAX_MONTHLY_CREDITS as PLAN_MAX_MONTHLY_CREDITS,
  PLAN_ID_MESSAGE,
  PLAN_ID_PATTERN,
  planFieldErrors,
  type PlanFieldsInput,
} from "./lib/planRules";
import { actorLabel } from "./model/access";
import { requireUsableModel, requireModel } from "./model/catalogue";
import { appendLedgerEntry } from "./model/ledger";
import {
  accessForModel,
  findMonthlyGrant,
  findOverride,
  findPlan,
  findUnlock,
  grantMonthlyCreditsOnce,
  isOverrideActive,
  MAX_PLANS,
  monthOf,
  planOf,
  readAccessRows,
  recordAccessAudit,
} from "./model/plans";
import { emailsOf, requireUserByEmail } from "./model/users";
import {
  accessAuditActionValidator,
  auditChangeValidator,
  planDocValidator,
  planInputFields,
  type AuditChange,
} from "./validators";

/** Largest monthly grant, in credits (US$10,000); the rule is in lib/planRules. */
export const MAX_MONTHLY_CREDITS = PLAN_MAX_MONTHLY_CREDITS;
/** Users granted per batch of the monthly job. */
export const GRANT_BATCH_SIZE = 100;
const MAX_REASON_LENGTH = 500;

/**
 * Checks plan fields with the shared rules (`planFieldErrors`, also the
 * admin form's) and normalises them: names trimmed, lists cleaned (empty =
 * not restricting). Throws INVALID_ARGUMENT naming the first broken rule.
 */
function checkPlanFields(fields: PlanFieldsInput): PlanFieldsInput {
  const [first] = planFieldErrors(fields);
  if (first) fail("INVALID_ARGUMENT", first.message, first.field);
  const out: PlanFieldsInput = { ...fields };
  if (out.name !== undefined) out.name = out.name.trim();
  for (const field of ["allowedModelIds", "allowedCategories"] as const) {
    const list = out[field];
    if (list !== undefined && list !== null) out[field] = cleanPlanList(list);
  }
  return out;
}

function planSnapshot(plan: Partial<Doc<"plans">>) {
  return {
    name: plan.name ?? null,
    allowedModelIds: plan.allowedModelIds ?? null,
    allowedCategories: plan.allowedCategories ?? null,
    priceMultiplier: plan.priceMultiplier ?? null,
    monthlyCredits: plan.monthlyCredits ?? null,
    isDefault: plan.isDefault ?? null,
  };
}

function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): AuditChange[] {
  return Object.keys(after)
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((field) => ({
      field,
      oldValue: before[field] ?? null,
      newValue: after[field] ?? null,
    }));
}

/**
 * Admin: `createPlan({ planId, name, allowedModelIds?, allowedCategories?,
 * priceMultiplier? (≤ 2 decimals, default 1), monthlyCredits?, isDefault? })`
 * → the plan's document id. `isDefault: true` makes it the plan new users
 * start on (and no other plan the default). Audited.
 * @throws `INVALID_ARGUMENT` (a `planId` that exists already, or a field
 *   breaking its rule, named in `data.field`).
 */
export const createPlan = adminMutation({
  args: { planId: v.string(), ...planInputFields },
  returns: v.id("plans"),
  handler: async (ctx, { planId, ...fields }) => {
    const id = planId.trim();
    if (!PLAN_ID_PATTERN.test(id)) {
      fail("INVALID_ARGUMENT", PLAN_ID_MESSAGE, "planId");
    }
    if ((await findPlan(ctx, id)) !== null)
      fail("INVALID_ARGUMENT", `A plan "${id}" exists already.`, "planId");
    const checked = checkPlanFields(fields);
    const now = Date.now();
    const doc = {
      planId: id,
      name: checked.name!,
      allowedModelIds: checked.allowedModelIds ?? undefined,
      allowedCategories: checked.allowedCategories ?? undefined,
      priceMultiplier: checked.priceMultiplier ?? undefined,
      monthlyCredits: checked.monthlyCredits ?? undefined,
      isDefault: checked.isDefault === true ? true : undefined,
      createdAt: now,
      updatedAt: now,
    };
    if (doc.isDefault) await unsetDefaultPlans(ctx, id, ctx.user);
    const docId = await ctx.db.insert("plans", doc);
    await recordAccessAudit(ctx, {
      action: "plan_create",
      planId: id,
      changes: diff({}, planSnapshot(doc)),
      actorUserId: ctx.user._id,
      actor: actorLabel(ctx.user),
    });
    return docId;
  },
});

/** Clears `isDefault` on every plan but `keepPlanId`, audited. */
async function unsetDefaultPlans(
  ctx: MutationCtx,
  keepPlanId: string,
  admin: Doc<"users">,
) {
  const defaults = await ctx.db
    .query("plans")
    .withIndex("by_isDefault", (q) => q.eq("isDefault", true))
    .take(MAX_PLANS);
  for (const plan of defaults) {
    if (plan.planId === keepPlanId) continue;
    await ctx.db.patch("plans", plan._id, {
      isDefault: undefined,
      updatedAt: Date.now(),
    });
    await recordAccessAudit(ctx, {
      action: "plan_update",
      planId: plan.planId,
      changes: [{ field: "isDefault", oldValue: true, newValue: null }],
      actorUserId: admin._id,
      actor: actorLabel(admin),
    });
  }
}

/**
 * Admin: `updatePlan({ planId, ...fields })` → null. `null` clears an
 * optional field (a cleared list stops restricting). Audited per field.
 * @throws `NOT_FOUND` (unknown plan), `INVALID_ARGUMENT`.
 */
export const updatePlan = adminMutation({
  args: {
    planId: v.string(),
    name: v.optional(v.string()),
    allowedModelIds: v.optional(v.union(v.array(v.string()), v.null())),
    allowedCategories: v.optional(v.union(v.array(v.string()), v.null())),
    priceMultiplier: v.optional(v.union(v.number(), v.null())),
    monthlyCredits: v.optional(v.union(v.number(), v.null())),
    isDefault: v.optional(v.boolean()),
  },
  returns: v.null(),
  handler: async (ctx, { planId, ...fields }) => {
    const plan = await findPlan(ctx, planId);
    if (plan === null) fail("NOT_FOUND", `No plan "${planId}".`);
    const checked = checkPlanFields(fields);
    const next: Record<string, unknown> = { ...plan };
    for (const [field, value] of Object.entries(checked)) {
      if (value === undefined) continue;
      next[field] = value === null || value === false ? undefined : value;
    }
    const changes = diff(
      planSnapshot(plan),
      planSnapshot(next as Partial<Doc<"plans">>),
    );
    if (changes.length === 0) return null;
    const { _id, _creationTime, ...rest } = next as Doc<"plans">;
    if (rest.isDefault && !plan.isDefault)
      await unsetDefaultPlans(ctx, plan.planId, ctx.user);
    await ctx.db.replace("plans", plan._id, { ...rest, updatedAt: Date.now() });
    await recordAccessAudit(ctx, {
      action: "plan_update",
      planId: plan.planId,
      changes,
      actorUserId: ctx.user._id,
      actor: actorLabel(ctx.user),
    });
    return null;
  },
});

/**
 * Admin: `assignPlan({ email, planId | null })` → null. Puts the user on the
 * plan (null: no plan, unrestricted at list price). A plan with
 * `monthlyCredits` grants this month's credits at once, if not granted
 * already this month. Audited.
 * @throws `NOT_FOUND` for an unknown email or plan.
 */
export const assignPlan = adminMutation({
  args: { email: v.string(), planId: v.union(v.string(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { email, planId }) => {
    const user = await requireUserByEmail(ctx, email);
    const plan = planId === null ? null : await findPlan(ctx, planId);
    if (planId !== null && plan === null)
      fail("NOT_FOUND", `No plan "${planId}".`);
    const next = plan?.planId;
    if (user.planId !== next) {
      await ctx.db.patch("users", user._id, {
        planId: next,
        updatedAt: Date.now(),
      });
      await recordAccessAudit(ctx, {
        action: "plan_assign",
        userId: user._id,
        planId: next,
        changes: [
          {
            field: "planId",
            oldValue: user.planId ?? null,
            newValue: next ?? null,
          },
        ],
        actorUserId: ctx.user._id,
        actor: actorLabel(ctx.user),
      });
    }
    if (plan !== null) {
      const fresh = (await ctx.db.get("users", user._id))!;
      await grantMonthlyCreditsOnce(ctx, fresh, plan, monthOf(Date.now()));
    }
    return null;
  },
});

/** Admin: `listPlans({})` → every plan, by planId. */
export const listPlans = adminQuery({
  args: {},
  returns: v.array(planDocValidator),
  handler: async (ctx) =>
    await ctx.db.query("plans").withIndex("by_planId").take(MAX_PLANS),
});

/** Admin: `getPlan({ planId })` → the plan or null. */
export const getPlan = adminQuery({
  args: { planId: v.string() },
  returns: v.union(planDocValidator, v.null()),
  handler: async (ctx, { planId }) => await findPlan(ctx, planId),
});

/**
 * Admin: `setUserModelOverride({ email, modelId, allowed?, costPerSecond?
 * (US$/s), expiresAt? (ms), reason? })` → null. Replaces the user's
 * override of that model: `allowed: false` excludes the model, `true`
 * allows it whatever the plan says; `costPerSecond` replaces the list price
 * for this user (the plan multiplier still applies). Past `expiresAt` it no
 * longer applies (and is removed by a scheduled job). Audited with the
 * reason.
 * @throws `NOT_FOUND` (unknown email), `MODEL_NOT_FOUND`,
 *   `INVALID_ARGUMENT` (neither `allowed` nor `costPerSecond`, an invalid
 *   price, an over-long reason).
 */
export const setUserModelOverride = adminMutation({
  args: {
    email: v.string(),
    modelId: v.string(),
    allowed: v.optional(v.boolean()),
    costPerSecond: v.optional(v.number()),
    expiresAt: v.optional(v.number()),
    reason: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const user = await requireUserByEmail(ctx, args.email);
    const model = await requireModel(ctx, args.modelId);
    if (args.allowed === undefined && args.costPerSecond === undefined) {
      fail(
        "INVALID_ARGUMENT",
        "An override allows or denies the model, or sets a price, or both.",
        "allowed",
      );
    }
    if (
      args.costPerSecond !== undefined &&
      !isValidCostPerSecond(args.costPerSecond)
    ) {
      fail(
        "INVALID_ARGUMENT",
        "Cost per second must be a US-dollar amount from 0 to 1000 with at most 4 decimal places.",
        "costPerSecond",
      );
    }
    if (args.costPerSecond !== undefined) {
      const problem = ledgerCapProblem({
        ...model,
        costPerSecond: args.costPerSecond,
      });
      if (problem !== null) fail("INVALID_ARGUMENT", problem, "costPerSecond");
    }
    if (args.expiresAt !== undefined && !Number.isSafeInteger(args.expiresAt))
      fail("INVALID_ARGUMENT", "Expiry must be a time in ms.", "expiresAt");
    const reason = args.reason?.trim() || undefined;
    if (reason !== undefined && reason.length > MAX_REASON_LENGTH)
      fail("INVALID_ARGUMENT", "The reason is too long.", "reason");
    const existing = await findOverride(ctx, user._id, model.modelId);
    const now = Date.now();
    const fields = {
      allowed: args.allowed,
      costPerSecond: args.costPerSecond,
      expiresAt: args.expiresAt,
      reason,
      actorUserId: ctx.user._id,
      updatedAt: now,
    };
    if (existing === null) {
      await ctx.db.insert("userModelOverrides", {
        userId: user._id,
        modelId: model.modelId,
        ...fields,
        createdAt: now,
      });
    } else {
      await ctx.db.replace("userModelOverrides", existing._id, {
        userId: user._id,
        modelId: model.modelId,
        ...fields,
        createdAt: existing.createdAt,
      });
    }
    const shape = (o: Partial<Doc<"userModelOverrides">> | null) => ({
      allowed: o?.allowed ?? null,
      costPerSecond: o?.costPerSecond ?? null,
      expiresAt: o?.expiresAt ?? null,
    });
    await recordAccessAudit(ctx, {
      action: "override_set",
      userId: user._id,
      modelId: model.modelId,
      changes: diff(shape(existing), shape(fields)),
      reason,
      actorUserId: ctx.user._id,
      actor: actorLabel(ctx.user),
    });
    if (args.expiresAt !== undefined) {
      // Removing it at expiry (at once when already past) re-runs the
      // caller's live price queries, which show what is stored.
      await ctx.scheduler.runAt(args.expiresAt, internal.plans.expireOverride, {
        userId: user._id,
        modelId: model.modelId,
        expiresAt: args.expiresAt,
      });
    }
    return null;
  },
});

/**
 * Admin: `clearUserModelOverride({ email, modelId, reason? })` → null.
 * Removes the user's override of that model (nothing to remove is fine).
 * Audited.
 * @throws `NOT_FOUND` (unknown email).
 */
export const clearUserModelOverride = adminMutation({
  args: {
    email: v.string(),
    modelId: v.string(),
    reason: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, { email, modelId, reason }) => {
    const user = await requireUserByEmail(ctx, email);
    const existing = await findOverride(ctx, user._id, modelId);
    if (existing === null) return null;
    await ctx.db.delete("userModelOverrides", existing._id);
    await recordAccessAudit(ctx, {
      action: "override_clear",
      userId: user._id,
      modelId,
      changes: [
        {
          field: "override",
          oldValue: {
            allowed: existing.allowed ?? null,
            costPerSecond: existing.costPerSecond ?? null,
            expiresAt: existing.expiresAt ?? null,
          },
          newValue: null,
        },
      ],
      reason: reason?.trim() || undefined,
      actorUserId: ctx.user._id,
      actor: actorLabel(ctx.user),
    });
    return null;
  },
});

/** Removes an override at its expiry (unless it was changed since). */
export const expireOverride = internalMutation({
  args: { userId: v.id("users"), modelId: v.string(), expiresAt: v.number() },
  returns: v.null(),
  handler: async (ctx, { userId, modelId, expiresAt }) => {
    const existing = await findOverride(ctx, userId, modelId);
    if (existing !== null && existing.expiresAt === expiresAt) {
      await ctx.db.delete("userModelOverrides", existing._id);
    }
    return null;
  },
});

/**
 * `unlockModel({ modelId })` → null. Charges the model's `unlockCredits`
 * once (ledger type "unlock", a negative amount); afterwards, and for a
 * model that needs no unlock or that the caller's plan includes, it changes
 * nothing. Audited.
 * @throws `UNAUTHENTICATED`; `MODEL_NOT_FOUND`; `MODEL_INACTIVE`;
 *   `MODEL_NOT_ALLOWED` (the caller's plan or an override excludes it);
 *   `INSUFFICIENT_CREDITS` (nothing charged).
 */
export const unlockModel = userMutation({
  args: { modelId: v.string() },
  returns: v.null(),
  handler: async (ctx, { modelId }) => {
    const now = Date.now();
    const model = await requireUsableModel(ctx, modelId, now);
    const access = await accessForModel(ctx, ctx.user, model, now);
    if (!access.allowed)
      fail("MODEL_NOT_ALLOWED", `${model.name} is not included in your plan.`);
    if (!access.locked || access.unlockCredits === undefined) return null;
    await appendLedgerEntry(ctx, {
      userId: ctx.user._id,
      amount: -access.unlockCredits,
      type: "unlock",
      reason: `Unlocked ${model.name}`,
    });
    await ctx.db.insert("modelUnlocks", {
      userId: ctx.user._id,
      modelId: model.modelId,
      credits: access.unlockCredits,
      createdAt: Date.now(),
    });
    await recordAccessAudit(ctx, {
      action: "unlock",
      userId: ctx.user._id,
      modelId: model.modelId,
      changes: [
        {
          field: "unlockCredits",
          oldValue: null,
          newValue: access.unlockCredits,
        },
      ],
      actorUserId: ctx.user._id,
      actor: actorLabel(ctx.user),
    });
    return null;
  },
});

const planSummaryValidator = v.object({
  planId: v.string(),
  name: v.string(),
  priceMultiplier: v.number(),
  monthlyCredits: v.number(),
  allowedModelIds: v.optional(v.array(v.string())),
  allowedCategories: v.optional(v.array(v.string())),
});

function planSummary(plan: Doc<"plans">) {
  return {
    planId: plan.planId,
    name: plan.name,
    priceMultiplier: plan.priceMultiplier ?? 1,
    monthlyCredits: plan.monthlyCredits ?? 0,
    allowedModelIds: plan.allowedModelIds,
    allowedCategories: plan.allowedCategories,
  };
}

/**
 * Admin: `grantUnlock({ email, modelId, reason? })` → null. Unlocks a model
 * that needs an unlock (`unlockCredits`) for one user at no charge (a
 * goodwill or support unlock; recorded with `credits: 0`). Idempotent: a
 * user who has it unlocked already keeps their unlock. Audited
 * (`unlock_grant`, with the reason).
 * @throws `NOT_FOUND` (unknown email); `MODEL_NOT_FOUND`; `INVALID_STATE`
 *   (the model needs no unlock); `INVALID_ARGUMENT` (reason over 500
 *   characters).
 */
export const grantUnlock = adminMutation({
  args: {
    email: v.string(),
    modelId: v.string(),
    reason: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const user = await requireUserByEmail(ctx, args.email);
    const model = await requireModel(ctx, args.modelId);
    if (model.unlockCredits === undefined)
      fail("INVALID_STATE", `${model.name} needs no unlock.`);
    const reason = args.reason?.trim() || undefined;
    if (reason !== undefined && reason.length > MAX_REASON_LENGTH)
      fail("INVALID_ARGUMENT", "The reason is too long.", "reason");
    if ((await findUnlock(ctx, user._id, model.modelId)) !== null) return null;
    await ctx.db.insert("modelUnlocks", {
      userId: user._id,
      modelId: model.modelId,
      credits: 0,
      createdAt: Date.now(),
    });
    await recordAccessAudit(ctx, {
      action: "unlock_grant",
      userId: user._id,
      modelId: model.modelId,
      changes: [{ field: "unlocked", oldValue: false, newValue: true }],
      reason,
      actorUserId: ctx.user._id,
      actor: actorLabel(ctx.user),
    });
    return null;
  },
});

/**
 * Admin: `revokeUnlock({ email, modelId, reason? })` → null. Removes the
 * user's unlock of a model (bought or granted); nothing to remove is fine.
 * Credits paid for a bought unlock are not refunded by this (grant them
 * back with `credits:grantCredits` when that is meant). Audited
 * (`unlock_revoke`, with the credits it had cost).
 * @throws `NOT_FOUND` (unknown email); `INVALID_ARGUMENT` (reason over 500
 *   characters).
 */
export const revokeUnlock = adminMutation({
  args: {
    email: v.string(),
    modelId: v.string(),
    reason: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    const user = await requireUserByEmail(ctx, args.email);
    const reason = args.reason?.trim() || undefined;
    if (reason !== undefined && reason.length > MAX_REASON_LENGTH)
      fail("INVALID_ARGUMENT", "The reason is too long.", "reason");
    const unlock = await findUnlock(ctx, user._id, args.modelId);
    if (unlock === null) return null;
    await ctx.db.delete("modelUnlocks", unlock._id);
    await recordAccessAudit(ctx, {
      action: "unlock_revoke",
      userId: user._id,
      modelId: unlock.modelId,
      changes: [
        { field: "unlocked", oldValue: true, newValue: false },
        { field: "unlockCredits", oldValue: unlock.credits, newValue: null },
      ],
      reason,
      actorUserId: ctx.user._id,
      actor: actorLabel(ctx.user),
    });
    return null;
  },
});

/**
 * `getMyPlan({ month })` → `{ plan: { planId, name, priceMultiplier,
 * monthlyCredits, ... } | null, grantedThisMonth, nextGrantAt (ms) | null }`
 * for the Credits page ("next grant on …"). `month` is the caller's current
 * calendar month in UTC (`YYYY-MM`): a query must not read the clock
 * (convex/lib/clock.ts), so the page passes it. `nextGrantAt` is the start
 * of the month after `month` once that month's credits are granted, else
 * the start of `month` (due: the hourly job grants them); null for a plan
 * without monthly credits.
 * @throws `UNAUTHENTICATED`; `INVALID_ARGUMENT` (`month` not `YYYY-MM`).
 */
export const getMyPlan = userQuery({
  args: { month: v.string() },
  returns: v.object({
    plan: v.union(planSummaryValidator, v.null()),
    grantedThisMonth: v.boolean(),
    nextGrantAt: v.union(v.number(), v.null()),
  }),
  handler: async (ctx, { month }) => {
    if (!MONTH_PATTERN.test(month))
      fail("INVALID_ARGUMENT", "Month must be YYYY-MM.", "month");
    const { user } = ctx;
    const plan = user === null ? null : await planOf(ctx, user);
    if (user === null || plan === null)
      return { plan: null, grantedThisMonth: false, nextGrantAt: null };
    const granted = (await findMonthlyGrant(ctx, user._id, month)) !== null;
    const monthly = (plan.monthlyCredits ?? 0) > 0;
    return {
      plan: planSummary(plan),
      grantedThisMonth: granted,
      nextGrantAt: !monthly
        ? null
        : granted
          ? startOfNextMonth(month)
          : Date.parse(`${month}-01T00:00:00Z`),
    };
  },
});

/**
 * Admin: `getUserAccess({ email })` → the user's plan, overrides (with
 * `active`) and unlocks, for the admin user page. An override is deleted
 * at its `expiresAt` by a scheduled job, so every listed one is active
 * until then (queries do not read the clock: convex/lib/clock.ts).
 * @throws `NOT_FOUND` (unknown email).
 */
export const getUserAccess = adminQuery({
  args: { email: v.string() },
  returns: v.object({
    plan: v.union(planSummaryValidator, v.null()),
    planId: v.union(v.string(), v.null()),
    overrides: v.array(
      v.object({
        modelId: v.string(),
        allowed: v.optional(v.boolean()),
        /** US$ per second replacing the list price. */
        costPerSecond: v.optional(v.number()),
        expiresAt: v.optional(v.number()),
        reason: v.optional(v.string()),
        updatedAt: v.number(),
        active: v.boolean(),
      }),
    ),
    unlocks: v.array(
      v.object({
        modelId: v.string(),
        /** Credits paid for the unlock. */
        credits: v.number(),
        createdAt: v.number(),
      }),
    ),
  }),
  handler: async (ctx, { email }) => {
    const user = await requireUserByEmail(ctx, email);
    const { plan, overrides, unlocks } = await readAccessRows(ctx, user);
    return {
      plan: plan === null ? null : planSummary(plan),
      planId: user.planId ?? null,
      overrides: overrides.map((o) => ({
        modelId: o.modelId,
        allowed: o.allowed,
        costPerSecond: o.costPerSecond,
        expiresAt: o.expiresAt,
        reason: o.reason,
        updatedAt: o.updatedAt,
        active: isOverrideActive(o, AS_STORED),
      })),
      unlocks: unlocks.map((u) => ({
        modelId: u.modelId,
        credits: u.credits,
        createdAt: u.createdAt,
      })),
    };
  },
});

/**
 * Admin: a page of the access audit trail, newest first: for one user
 * (`email`), one plan (`planId`), or everything. Entries `{ action, planId?,
 * modelId?, changes, reason?, actor, createdAt, userEmail? }`.
 * @throws `NOT_FOUND` (unknown email).
 */
export const getAccessAuditTrail = adminQuery({
  args: {
    email: v.optional(v.string()),
    planId: v.optional(v.string()),
    paginationOpts: paginationOptsValidator,
  },
  returns: paginationResultValidator(
    v.object({
      _id: v.id("accessAuditLog"),
      action: accessAuditActionValidator,
      planId: v.optional(v.string()),
      modelId: v.optional(v.string()),
      changes: v.array(auditChangeValidator),
      reason: v.optional(v.string()),
      actor: v.string(),
      createdAt: v.number(),
      userEmail: v.optional(v.string()),
    }),
  ),
  handler: async (ctx, { email, planId, paginationOpts }) => {
    const user =
      email === undefined ? null : await requireUserByEmail(ctx, email);
    const result =
      user !== null
        ? await ctx.db
            .query("accessAuditLog")
            .withIndex("by_userId_and_createdAt", (q) =>
              q.eq("userId", user._id),
            )
            .order("desc")
            .paginate(paginationOpts)
        : planId !== undefined
          ? await ctx.db
              .query("accessAuditLog")
              .withIndex("by_planId_and_createdAt", (q) =>
                q.eq("planId", planId),
              )
              .order("desc")
              .paginate(paginationOpts)
          : await ctx.db
              .query("accessAuditLog")
              .withIndex("by_createdAt")
              .order("desc")
              .paginate(paginationOpts);
    const emails = await emailsOf(
      ctx,
      result.page.flatMap((e) => (e.userId ? [e.userId] : [])),
    );
    return {
      ...result,
      page: result.page.map((e) => ({
        _id: e._id,
        action: e.action,
        planId: e.planId,
        modelId: e.modelId,
        changes: e.changes,
        reason: e.reason,
        actor: e.actor,
        createdAt: e.createdAt,
        userEmail: e.userId ? emails.get(e.userId) : undefined,
      })),
    };
  },
});

/**
 * Cron (hourly): grants every plan's `monthlyCredits` to its users for the
 * current calendar month (UTC), once per user and month
 * (`grantMonthlyCreditsOnce`). Processes `GRANT_BATCH_SIZE` users per
 * transaction and schedules itself for the next batch, so it stays within
 * transaction limits at any number of users; the month is fixed when the
 * run starts (ADR 0036).
 * @returns how many users this batch granted.
 */
export const grantMonthlyCredits = internalMutation({
  args: {
    month: v.optional(v.string()),
    cursor: v.optional(v.union(v.string(), v.null())),
  },
  returns: v.number(),
  handler: async (ctx, { month, cursor }) => {
    const plans = await ctx.db
      .query("plans")
      .withIndex("by_planId")
      .take(MAX_PLANS);
    const granting = new Map(
      plans
        .filter((p) => (p.monthlyCredits ?? 0) > 0)
        .map((p) => [p.planId, p]),
    );
    if (granting.size === 0) return 0;
    const forMonth = month ?? monthOf(Date.now());
    const page = await ctx.db
      .query("users")
      .withIndex("by_planId", (q) => q.gte("planId", ""))
      .paginate({ numItems: GRANT_BATCH_SIZE, cursor: cursor ?? null });
    let granted = 0;
    for (const user of page.page) {
      const plan = user.planId ? granting.get(user.planId) : undefined;
      if (plan && (await grantMonthlyCreditsOnce(ctx, user, plan, forMonth)))
        granted++;
    }
    if (!page.isDone) {
      await ctx.scheduler.runAfter(0, internal.plans.grantMonthlyCredits, {
        month: forMonth,
        cursor: page.continueCursor,
      });
    }
    return granted;
  },
});
