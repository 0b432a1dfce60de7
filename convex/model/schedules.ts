/**
 * Dated changes to the catalogue (API-CONTRACT "Scheduled prices and
 * sunsets"): a price that changes at a given time, and a model that retires
 * at its sunset and hands the default over to its successor.
 *
 * Each is applied by a function scheduled for its time with
 * `scheduler.runAt` (scheduled functions are stored in the deployment, so
 * they survive a backend restart) and, in case one is ever lost, by a cron
 * that applies anything overdue. Applying is idempotent: a change applies
 * only while pending, a sunset only while the model is active with that
 * sunset. Both are audited (ADR 0037).
 */
import type { Doc, Id } from "../_generated/dataModel";
import { internal } from "../_generated/api";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "../lib/errors";
import { isValidCostPerSecond } from "../lib/money";
import type { ScheduledPriceChange } from "../validators";
import {
  clearOtherDefaults,
  findModel,
  isUsable,
  recordAudit,
  requireModel,
  type Actor,
} from "./catalogue";

/** Who applies scheduled changes, in the audit trail. */
export const SCHEDULER_ACTOR: Actor = { label: "scheduler" };
/** Most pending changes one model may have. */
export const MAX_PENDING_CHANGES = 20;

function pendingOf(model: Doc<"models">): ScheduledPriceChange[] {
  return model.scheduledPriceChanges ?? [];
}

/**
 * Schedules a new price for a model at `effectiveAt`.
 * @returns the change's id.
 * @throws `MODEL_NOT_FOUND`; `INVALID_ARGUMENT` for a price that is not a
 *   valid `costPerSecond` or a time not in the future (`data.field` names
 *   it), or too many pending changes.
 */
export async function schedulePriceChange(
  ctx: MutationCtx,
  args: { modelId: string; costPerSecond: number; effectiveAt: number },
  actor: Actor,
): Promise<Id<"scheduledPriceChanges">> {
  const model = await requireModel(ctx, args.modelId);
  if (!isValidCostPerSecond(args.costPerSecond)) {
    fail(
      "INVALID_ARGUMENT",
      "Cost per second must be a US-dollar amount from 0 to 1000 with at most 4 decimal places.",
      "costPerSecond",
    );
  }
  const now = Date.now();
  if (!Number.isSafeInteger(args.effectiveAt) || args.effectiveAt <= now) {
    fail(
      "INVALID_ARGUMENT",
      "The new price must start in the future.",
      "effectiveAt",
    );
  }
  const pending = pendingOf(model);
  if (pending.length >= MAX_PENDING_CHANGES) {
    fail(
      "INVALID_ARGUMENT",
      `A model can have at most ${MAX_PENDING_CHANGES} pending price changes.`,
    );
  }
  const changeId = await ctx.db.insert("scheduledPriceChanges", {
    modelId: model.modelId,
    costPerSecond: args.costPerSecond,
    effectiveAt: args.effectiveAt,
    status: "pending",
    actorUserId: actor.userId,
    actor: actor.label,
    createdAt: now,
  });
  await ctx.db.patch("models", model._id, {
    scheduledPriceChanges: [
      ...pending,
      {
        changeId,
        costPerSecond: args.costPerSecond,
        effectiveAt: args.effectiveAt,
      },
    ].sort((a, b) => a.effectiveAt - b.effectiveAt),
  });
  await recordAudit(
    ctx,
    model.modelId,
    "schedule_price",
    [
      {
        field: "costPerSecond",
        oldValue: model.costPerSecond,
        newValue: args.costPerSecond,
      },
      { field: "effectiveAt", oldValue: null, newValue: args.effectiveAt },
    ],
    actor,
  );
  await ctx.scheduler.runAt(
    args.effectiveAt,
    internal.schedules.applyPriceChange,
    { changeId },
  );
  return changeId;
}

async function requireChange(
  ctx: QueryCtx,
  changeId: string,
): Promise<Doc<"scheduledPriceChanges">> {
  const id = ctx.db.normalizeId("scheduledPriceChanges", changeId);
  const change =
    id === null ? null : await ctx.db.get("scheduledPriceChanges", id);
  if (change === null) fail("NOT_FOUND", "No such scheduled price change.");
  return change;
}

async function removePending(
  ctx: MutationCtx,
  change: Doc<"scheduledPriceChanges">,
  extra: Partial<Doc<"models">> = {},
): Promise<Doc<"models"> | null> {
  const model = await findModel(ctx, change.modelId);
  if (model === null) return null;
  await ctx.db.patch("models", model._id, {
    ...extra,
    scheduledPriceChanges: pendingOf(model).filter(
      (c) => c.changeId !== change._id,
    ),
  });
  return model;
}

/**
 * Cancels a pending price change.
 * @throws `NOT_FOUND` for an unknown id; `INVALID_STATE` once it has
 *   applied (or its time has come), or when it was canceled already.
 */
export async function cancelPriceChange(
  ctx: MutationCtx,
  changeId: string,
  actor: Actor,
): Promise<void> {
  const change = await requireChange(ctx, changeId);
  if (change.status !== "pending" || change.effectiveAt <= Date.now()) {
    fail(
      "INVALID_STATE",
      change.status === "canceled"
        ? "This price change was canceled already."
        : "This price change has already taken effect.",
    );
  }
  await ctx.db.patch("scheduledPriceChanges", change._id, {
    status: "canceled",
    canceledAt: Date.now(),
  });
  await removePending(ctx, change);
  await recordAudit(
    ctx,
    change.modelId,
    "cancel_price",
    [
      {
        field: "scheduledPriceChange",
        oldValue: {
          costPerSecond: change.costPerSecond,
          effectiveAt: change.effectiveAt,
        },
        newValue: null,
      },
    ],
    actor,
  );
}

/**
 * Applies a pending price change whose time has come: the model's
 * `costPerSecond` becomes the new price (videos already created keep their
 * `creditsCost`), audited.
 * @returns false when there was nothing to do (not due, canceled, applied).
 */
export async function applyPriceChange(
  ctx: MutationCtx,
  changeId: Id<"scheduledPriceChanges">,
): Promise<boolean> {
  const change = await ctx.db.get("scheduledPriceChanges", changeId);
  const now = Date.now();
  if (change === null || change.status !== "pending") return false;
  if (change.effectiveAt > now) return false;
  await ctx.db.patch("scheduledPriceChanges", change._id, {
    status: "applied",
    appliedAt: now,
  });
  const model = await removePending(ctx, change, {
    costPerSecond: change.costPerSecond,
    updatedAt: now,
  });
  if (model !== null) {
    await recordAudit(
      ctx,
      change.modelId,
      "apply_price",
      [
        {
          field: "costPerSecond",
          oldValue: model.costPerSecond,
          newValue: change.costPerSecond,
        },
      ],
      SCHEDULER_ACTOR,
    );
  }
  return true;
}

/**
 * Applies up to `limit` overdue price changes, oldest first (the cron's
 * safety net for a lost scheduled function).
 * @returns how many were applied.
 */
export async function applyDuePriceChanges(
  ctx: MutationCtx,
  limit: number,
): Promise<number> {
  const due = await ctx.db
    .query("scheduledPriceChanges")
    .withIndex("by_status_and_effectiveAt", (q) =>
      q.eq("status", "pending").lte("effectiveAt", Date.now()),
    )
    .take(limit);
  let applied = 0;
  for (const change of due) {
    if (await applyPriceChange(ctx, change._id)) applied++;
  }
  return applied;
}

/**
 * Retires a model at its sunset: it becomes inactive; when it was the
 * default, its successor (if usable and not deprecated) becomes the default.
 * Audited as "sunset". Does nothing unless the model is active and its
 * `sunsetAt` has come (and equals `expected` when given).
 * @returns true when it retired the model.
 */
export async function applySunset(
  ctx: MutationCtx,
  modelId: string,
  expected?: number,
): Promise<boolean> {
  const model = await findModel(ctx, modelId);
  const now = Date.now();
  if (model === null || !model.isActive || model.sunsetAt === undefined)
    return false;
  if (model.sunsetAt > now) return false;
  if (expected !== undefined && model.sunsetAt !== expected) return false;
  await ctx.db.patch("models", model._id, {
    isActive: false,
    isDefault: false,
    updatedAt: now,
  });
  await recordAudit(
    ctx,
    modelId,
    "sunset",
    [
      { field: "isActive", oldValue: true, newValue: false },
      ...(model.isDefault
        ? [{ field: "isDefault", oldValue: true, newValue: false }]
        : []),
    ],
    SCHEDULER_ACTOR,
  );
  if (model.isDefault && model.successorModelId !== undefined) {
    const successor = await findModel(ctx, model.successorModelId);
    if (
      successor !== null &&
      isUsable(successor, now) &&
      !successor.isDeprecated &&
      !successor.isDefault
    ) {
      await ctx.db.patch("models", successor._id, {
        isDefault: true,
        updatedAt: now,
      });
      await recordAudit(
        ctx,
        successor.modelId,
        "sunset",
        [
          { field: "isDefault", oldValue: false, newValue: true },
          { field: "predecessorModelId", oldValue: null, newValue: modelId },
        ],
        SCHEDULER_ACTOR,
      );
      await clearOtherDefaults(ctx, successor._id, SCHEDULER_ACTOR);
    }
  }
  return true;
}

/**
 * Retires up to `limit` active models whose sunset has passed (the cron's
 * safety net).
 * @returns how many were retired.
 */
export async function applyDueSunsets(
  ctx: MutationCtx,
  limit: number,
): Promise<number> {
  const due = await ctx.db
    .query("models")
    .withIndex("by_isActive_and_sunsetAt", (q) =>
      q.eq("isActive", true).gte("sunsetAt", 0).lte("sunsetAt", Date.now()),
    )
    .take(limit);
  let retired = 0;
  for (const model of due) {
    if (await applySunset(ctx, model.modelId)) retired++;
  }
  return retired;
}
