/**
 * The caller-facing side of videos: validating and pricing a new video,
 * finding the videos a caller may see, and a person's cancel. Every status
 * change goes through the state machine in `videoLifecycle.ts`.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail, failWith } from "../lib/errors";
import { checkPrompt } from "../lib/limits";
import { isTerminalVideoStatus } from "../lib/videoStatus";
import { isAdmin, requireIdentity } from "./access";
import { priceVideo } from "./pricing";
import type { PublicVideo } from "../validators";
import { limitVideoCreation } from "./rateLimits";
import { findUserByToken } from "./users";
import * as Lifecycle from "./videoLifecycle";

/**
 * Creates a video for the caller and charges it, in one transaction.
 * Order of checks (API-CONTRACT `createVideo`): prompt (blank or over the
 * limit → `INVALID_ARGUMENT`, `lib/limits.ts`), model (`MODEL_NOT_FOUND`,
 * `MODEL_INACTIVE`), then duration and quality (`UNSUPPORTED_DURATION`,
 * `UNSUPPORTED_QUALITY`), then `inputs` and `outputs` (`INVALID_ARGUMENT`,
 * `field` `inputs.<name>` or `outputs`), then the caller's access
 * (`MODEL_NOT_ALLOWED`, `MODEL_LOCKED`), then the quote (`PRICE_CHANGED`
 * with `data.credits` when `expectedCredits` differs from the caller's price
 * now), then the per-user rate limit (`RATE_LIMITED` with `retryAfterMs`,
 * `model/rateLimits.ts`), then the balance (`INSUFFICIENT_CREDITS`, nothing
 * written). Then the state machine's (new) → pending transition charges it.
 * @returns the video's id.
 */
export async function createVideo(
  ctx: MutationCtx,
  user: Doc<"users">,
  args: {
    prompt: string;
    model: string;
    duration: number;
    quality: string;
    expectedCredits?: number;
    inputs?: Record<string, unknown>;
    outputs?: number;
  },
): Promise<Id<"videos">> {
  const prompt = args.prompt.trim();
  const problem = checkPrompt(prompt);
  if (problem !== null) fail("INVALID_ARGUMENT", problem, "prompt");
  const { model, credits, inputs, outputs, access } = await priceVideo(
    ctx,
    args.model,
    args.duration,
    args.quality,
    { inputs: args.inputs, outputs: args.outputs },
    user,
    Date.now(),
  );
  if (!access.allowed) {
    fail("MODEL_NOT_ALLOWED", `${model.name} is not included in your plan.`);
  }
  if (access.locked) {
    fail(
      "MODEL_LOCKED",
      `Unlock ${model.name} first (${access.unlockCredits} credits, once).`,
    );
  }
  if (args.expectedCredits !== undefined && args.expectedCredits !== credits) {
    failWith(
      "PRICE_CHANGED",
      `The price is now ${credits} credits (you were shown ${args.expectedCredits}).`,
      { credits },
    );
  }
  // After every validation and plans' checks, before the balance
  // (API-CONTRACT's order).
  await limitVideoCreation(ctx, user._id);
  if (user.balance < credits) {
    fail(
      "INSUFFICIENT_CREDITS",
      `This video costs ${credits} credits and your balance is ${user.balance}.`,
    );
  }
  return await Lifecycle.createPendingVideo(ctx, {
    userId: user._id,
    prompt,
    model: model.modelId,
    modelName: model.name,
    duration: args.duration,
    quality: args.quality,
    ...(Object.keys(inputs).length > 0 ? { inputs } : {}),
    ...(outputs > 1 ? { outputs } : {}),
    creditsCost: credits,
    chargeReason: `${model.name}, ${args.duration}s ${args.quality}`,
  });
}

/**
 * The video if the caller owns it or is an admin, else null (also signed
 * out, and for ids of other tables).
 */
export async function findVisibleVideo(
  ctx: QueryCtx,
  videoId: string,
): Promise<Doc<"videos"> | null> {
  const id = ctx.db.normalizeId("videos", videoId);
  if (id === null) return null;
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) return null;
  const video = await ctx.db.get("videos", id);
  if (video === null) return null;
  const user = await findUserByToken(ctx, identity.tokenIdentifier);
  if (user !== null && video.userId === user._id) return video;
  return isAdmin(identity, user) ? video : null;
}

/**
 * Cancels a non-terminal video for a person (its owner or an admin) and
 * refunds it; the Replicate prediction, if any, is canceled by a scheduled
 * action.
 * @throws `UNAUTHENTICATED`; `NOT_FOUND` when the video does not exist or
 *   is not the caller's; `INVALID_STATE` when it has finished already.
 */
export async function cancelVideoForCaller(
  ctx: MutationCtx,
  videoId: string,
): Promise<void> {
  await requireIdentity(ctx);
  const video = await findVisibleVideo(ctx, videoId);
  if (video === null) fail("NOT_FOUND", "Video not found.");
  if (isTerminalVideoStatus(video.status)) {
    fail("INVALID_STATE", `This video has already ${video.status}.`);
  }
  await Lifecycle.cancelVideo(ctx, video, "Canceled by the user.");
}

/**
 * A video as clients see it: without `PRIVATE_VIDEO_FIELDS` (validators.ts),
 * plus `storing` while the lease is held.
 */
export function toPublicVideo(video: Doc<"videos">): PublicVideo {
  const {
    finalizingUntil: _lease,
    downloadFailures: _failures,
    pollCount: _polls,
    pollsFrom: _pollsFrom,
    outputStorageId: _storageId,
    outputStorageIds: _storageIds,
    replicateStatus: _replicateStatus,
    predictTime: _predictTime,
    updatedAt: _updatedAt,
    ...rest
  } = video;
  // The lease is bookkeeping; that the output is being stored is not.
  return _lease === undefined ? rest : { ...rest, storing: true };
}
