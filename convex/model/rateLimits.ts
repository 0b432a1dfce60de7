/**
 * Per-user rate limits (API-CONTRACT "Rate limit"), kept by the
 * `@convex-dev/rate-limiter` component (`components.rateLimiter`).
 */
import { MINUTE, RateLimiter } from "@convex-dev/rate-limiter";
import { components } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { env } from "../_generated/server";
import { failWith } from "../lib/errors";

/** Videos per user per minute when `CREATE_VIDEO_RATE_LIMIT` is unset or invalid. */
export const DEFAULT_CREATE_VIDEO_RATE_LIMIT = 20;

/** `CREATE_VIDEO_RATE_LIMIT` (a positive integer), else the default. */
export function createVideoRateLimit(): number {
  const raw = (env.CREATE_VIDEO_RATE_LIMIT ?? "").trim();
  const value = Number(raw);
  return raw !== "" && Number.isInteger(value) && value > 0
    ? value
    : DEFAULT_CREATE_VIDEO_RATE_LIMIT;
}

const rateLimiter = new RateLimiter(components.rateLimiter);

/**
 * Takes one `createVideo` token from the user's bucket (capacity = the limit,
 * refilled at the limit per minute). The token is only spent if the calling
 * mutation commits: a request refused later (e.g. `INSUFFICIENT_CREDITS`)
 * rolls it back with everything else.
 * @throws `RATE_LIMITED` with `data.retryAfterMs` (a positive integer) when
 *   the bucket is empty; nothing is written.
 */
export async function limitVideoCreation(
  ctx: MutationCtx,
  userId: Id<"users">,
): Promise<void> {
  const limit = createVideoRateLimit();
  const status = await rateLimiter.limit(ctx, "createVideo", {
    key: userId,
    config: {
      kind: "token bucket",
      rate: limit,
      period: MINUTE,
      capacity: limit,
    },
  });
  if (!status.ok) {
    const retryAfterMs = Math.max(1, Math.ceil(status.retryAfter));
    failWith(
      "RATE_LIMITED",
      `Too many videos at once: try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
      { retryAfterMs },
    );
  }
}
