/**
 * Plans, per-user overrides and premium unlocks: who may use which model and
 * at what price (API-CONTRACT "Plans, overrides, unlocks"; seeds 001, 003,
 * 004). Pure rules (`accessOf`) plus the bounded reads that feed them: a
 * caller's price depends only on their own user record, plan, overrides and
 * unlocks, never on anybody else's.
 *
 * Defaults keep round one: a user without a plan, override or unlock is
 * unrestricted at list price, and no model needs an unlock unless an admin
 * gives it `unlockCredits`.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import type { CallerTerms } from "../lib/modelRules";
import type { AccessAuditAction, AuditChange } from "../validators";
import { appendLedgerEntry } from "./ledger";

/** Upper bound on plan reads: plans are a handful by nature. */
export const MAX_PLANS = 100;
/** Upper bound on one user's overrides and unlocks read at once. */
export const MAX_PER_USER_ROWS = 1000;

/** What a caller may do with a model, and what they pay. */
export type ModelAccess = {
  /** False when the caller's plan or an override excludes the model. */
  allowed: boolean;
  /** True when the model needs an unlock the caller has not bought. */
  locked: boolean;
  /** The one-time unlock price in credits, when the model has one. */
  unlockCredits?: number;
  /** Why the access is what it is, for the UI. */
  source: "list" | "plan" | "override";
  /** The caller's price terms (override price, plan multiplier). */
  terms: CallerTerms;
};

/** Everything about a caller that their prices depend on. */
export type CallerAccess = {
  user: Doc<"users">;
  plan: Doc<"plans"> | null;
  /** Active overrides by modelId (expired ones left out). */
  overrides: Map<string, Doc<"userModelOverrides">>;
  /** Unlocked modelIds. */
  unlocks: Set<string>;
};

/** Access for a caller with no plan, override or unlock: round one. */
export function listAccess(model: Pick<Doc<"models">, "unlockCredits">) {
  return accessOf(model as Doc<"models">, {
    plan: null,
    override: null,
    unlocked: false,
  });
}

/** True when an override still applies at `now`. */
export function isOverrideActive(
  override: Pick<Doc<"userModelOverrides">, "expiresAt">,
  now: number,
): boolean {
  return override.expiresAt === undefined || override.expiresAt > now;
}

/**
 * True when a plan lets its users use a model: its id or its category is
 * listed, or the plan lists neither (API-CONTRACT).
 */
export function planAllows(
  plan: Doc<"plans"> | null,
  model: Pick<Doc<"models">, "modelId" | "category">,
): boolean {
  if (plan === null) return true;
  const ids = plan.allowedModelIds;
  const categories = plan.allowedCategories;
  if (ids === undefined && categories === undefined) return true;
  if (ids?.includes(model.modelId)) return true;
  return (
    model.category !== undefined &&
    (categories?.includes(model.category) ?? false)
  );
}

/**
 * The access rule (ADR 0035), pure:
 * - allowed: an active override's `allowed` wins, else the plan decides;
 * - locked: the model has `unlockCredits`, the caller has not unlocked it
 *   and their plan does not list it in `allowedModelIds`;
 * - price: an active override's `costPerSecond` replaces the list price;
 *   the plan's `priceMultiplier` multiplies whatever price applies.
 */
export function accessOf(
  model: Pick<Doc<"models">, "modelId" | "category" | "unlockCredits">,
  {
    plan,
    override,
    unlocked,
  }: {
    plan: Doc<"plans"> | null;
    override: Doc<"userModelOverrides"> | null;
    unlocked: boolean;
  },
): ModelAccess {
  const overrideAllowed = override?.allowed;
  const allowed = overrideAllowed ?? planAllows(plan, model);
  const planUnlocks = plan?.allowedModelIds?.includes(model.modelId) ?? false;
  const needsUnlock =
    model.unlockCredits !== undefined && model.unlockCredits > 0;
  const terms: CallerTerms = {};
  if (override?.costPerSecond !== undefined)
    terms.costPerSecond = override.costPerSecond;
  if (plan?.priceMultiplier !== undefined && plan.priceMultiplier !== 1)
    terms.priceMultiplier = plan.priceMultiplier;
  return {
    allowed,
    locked: needsUnlock && !unlocked && !planUnlocks,
    unlockCredits: needsUnlock ? model.unlockCredits : undefined,
    source: override !== null ? "override" : plan !== null ? "plan" : "list",
    terms,
  };
}

/** The plan with this planId, or null. */
export async function findPlan(
  ctx: QueryCtx,
  planId: string,
): Promise<Doc<"plans"> | null> {
  return await ctx.db
    .query("plans")
    .withIndex("by_planId", (q) => q.eq("planId", planId))
    .unique();
}

/** The plan new users start on, or null. */
export async function findDefaultPlan(
  ctx: QueryCtx,
): Promise<Doc<"plans"> | null> {
  return await ctx.db
    .query("plans")
    .withIndex("by_isDefault", (q) => q.eq("isDefault", true))
    .first();
}

/** A user's plan, or null (also when the plan has been removed). */
export async function planOf(
  ctx: QueryCtx,
  user: Doc<"users">,
): Promise<Doc<"plans"> | null> {
  return user.planId === undefined ? null : await findPlan(ctx, user.planId);
}

/** A user's override for one model (active or not), or null. */
export async function findOverride(
  ctx: QueryCtx,
  userId: Id<"users">,
  modelId: string,
): Promise<Doc<"userModelOverrides"> | null> {
  return await ctx.db
    .query("userModelOverrides")
    .withIndex("by_userId_and_modelId", (q) =>
      q.eq("userId", userId).eq("modelId", modelId),
    )
    .unique();
}

/** A user's unlock of one model, or null. */
export async function findUnlock(
  ctx: QueryCtx,
  userId: Id<"users">,
  modelId: string,
): Promise<Doc<"modelUnlocks"> | null> {
  return await ctx.db
    .query("modelUnlocks")
    .withIndex("by_userId_and_modelId", (q) =>
      q.eq("userId", userId).eq("modelId", modelId),
    )
    .first();
}

/**
 * One caller's access to one model: reads their plan, their override for
 * this model and (only for a model with an unlock price) their unlock.
 */
export async function accessForModel(
  ctx: QueryCtx,
  user: Doc<"users"> | null,
  model: Doc<"models">,
  now: number,
): Promise<ModelAccess> {
  if (user === null) return listAccess(model);
  const plan = await planOf(ctx, user);
  const override = await findOverride(ctx, user._id, model.modelId);
  const unlocked =
    model.unlockCredits !== undefined &&
    (await findUnlock(ctx, user._id, model.modelId)) !== null;
  return accessOf(model, {
    plan,
    override:
      override !== null && isOverrideActive(override, now) ? override : null,
    unlocked,
  });
}

/**
 * Everything the caller's prices depend on, for a list of models: their
 * plan, active overrides and unlocks (bounded by their own rows).
 */
/**
 * A user's plan and every override and unlock row of theirs (each list
 * bounded by `MAX_PER_USER_ROWS`), read in parallel: what the caller's
 * prices and the admin's access panel are built from.
 */
export async function readAccessRows(ctx: QueryCtx, user: Doc<"users">) {
  const [plan, overrides, unlocks] = await Promise.all([
    planOf(ctx, user),
    ctx.db
      .query("userModelOverrides")
      .withIndex("by_userId_and_modelId", (q) => q.eq("userId", user._id))
      .take(MAX_PER_USER_ROWS),
    ctx.db
      .query("modelUnlocks")
      .withIndex("by_userId_and_modelId", (q) => q.eq("userId", user._id))
      .take(MAX_PER_USER_ROWS),
  ]);
  return { plan, overrides, unlocks };
}

export async function loadCallerAccess(
  ctx: QueryCtx,
  user: Doc<"users"> | null,
  now: number,
): Promise<CallerAccess | null> {
  if (user === null) return null;
  const { plan, overrides, unlocks } = await readAccessRows(ctx, user);
  return {
    user,
    plan,
    overrides: new Map(
      overrides
        .filter((o) => isOverrideActive(o, now))
        .map((o) => [o.modelId, o]),
    ),
    unlocks: new Set(unlocks.map((u) => u.modelId)),
  };
}

/** A caller's access to one model of a list (see `loadCallerAccess`). */
export function accessFromLoaded(
  caller: CallerAccess | null,
  model: Doc<"models">,
): ModelAccess {
  if (caller === null) return listAccess(model);
  return accessOf(model, {
    plan: caller.plan,
    override: caller.overrides.get(model.modelId) ?? null,
    unlocked: caller.unlocks.has(model.modelId),
  });
}

export { monthOf } from "../lib/clock";

/** The user's monthly grant record for a month, or null. */
export async function findMonthlyGrant(
  ctx: QueryCtx,
  userId: Id<"users">,
  month: string,
): Promise<Doc<"monthlyGrants"> | null> {
  return await ctx.db
    .query("monthlyGrants")
    .withIndex("by_userId_and_month", (q) =>
      q.eq("userId", userId).eq("month", month),
    )
    .first();
}

/**
 * Grants a plan's `monthlyCredits` to a user for `month`, once: the
 * `monthlyGrants` row for (user, month) and the ledger entry are written in
 * the same transaction, and the row is checked first, so any number of runs
 * (cron, retries, overlapping batches, a plan change mid-month) grant at most
 * once per user and month (ADR 0036).
 * @returns true when this call granted.
 */
export async function grantMonthlyCreditsOnce(
  ctx: MutationCtx,
  user: Doc<"users">,
  plan: Doc<"plans">,
  month: string,
): Promise<boolean> {
  const credits = plan.monthlyCredits ?? 0;
  if (credits <= 0) return false;
  if ((await findMonthlyGrant(ctx, user._id, month)) !== null) return false;
  await ctx.db.insert("monthlyGrants", {
    userId: user._id,
    month,
    planId: plan.planId,
    credits,
    createdAt: Date.now(),
  });
  await appendLedgerEntry(ctx, {
    userId: user._id,
    amount: credits,
    type: "grant",
    reason: `Monthly credits: ${plan.name} plan, ${month}`,
  });
  return true;
}

/** Appends an entry to the access audit trail. */
export async function recordAccessAudit(
  ctx: MutationCtx,
  entry: {
    action: AccessAuditAction;
    userId?: Id<"users">;
    planId?: string;
    modelId?: string;
    changes: AuditChange[];
    reason?: string;
    actorUserId?: Id<"users">;
    actor: string;
  },
): Promise<void> {
  await ctx.db.insert("accessAuditLog", { ...entry, createdAt: Date.now() });
}
