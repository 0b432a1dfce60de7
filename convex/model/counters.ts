/**
 * Named platform-wide counters (e.g. the number of users), kept in the
 * `platformCounters` sharded-counter component (ADR 0025): each sign-up adds
 * to one of `COUNTER_SHARDS` shards instead of rewriting one document, and a
 * read sums the shards. A value written before sharding (the old
 * `platformCounters` table) is still added in until the stats migration
 * moves it over.
 */
import { ShardedCounter } from "@convex-dev/sharded-counter";
import { components } from "../_generated/api";
import type { MutationCtx, QueryCtx } from "../_generated/server";

export type CounterName = "users";

/** Shards per counter: concurrent sign-ups rarely touch the same one. */
export const COUNTER_SHARDS = 16;

const counters = new ShardedCounter<CounterName>(components.platformCounters, {
  defaultShards: COUNTER_SHARDS,
});

/** Adds `delta` to a counter (one shard written). */
export async function incrementCounter(
  ctx: MutationCtx,
  name: CounterName,
  delta: number,
): Promise<void> {
  await counters.add(ctx, name, delta);
}

/** The pre-sharding value of a counter, if any is left. */
async function legacyCounter(ctx: QueryCtx, name: CounterName) {
  return await ctx.db
    .query("platformCounters")
    .withIndex("by_name", (q) => q.eq("name", name))
    .unique();
}

/** A counter's value (0 when it was never incremented). */
export async function readCounter(
  ctx: QueryCtx,
  name: CounterName,
): Promise<number> {
  const [sharded, legacy] = await Promise.all([
    counters.count(ctx, name),
    legacyCounter(ctx, name),
  ]);
  return sharded + (legacy?.value ?? 0);
}

/**
 * Moves a pre-sharding counter value into the sharded counter, in one
 * transaction (so readers never see it twice or not at all).
 */
export async function migrateLegacyCounter(
  ctx: MutationCtx,
  name: CounterName,
): Promise<void> {
  const legacy = await legacyCounter(ctx, name);
  if (legacy === null) return;
  if (legacy.value !== 0) await counters.add(ctx, name, legacy.value);
  await ctx.db.delete("platformCounters", legacy._id);
}
