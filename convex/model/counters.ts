/**
 * Named platform-wide counters (e.g. the number of users), sharded the way
 * `@convex-dev/sharded-counter` does it (ADR 0025): each sign-up adds to one
 * of `COUNTER_SHARDS` documents of `counterShards` chosen at random, so
 * concurrent sign-ups rarely touch the same document, and a read sums the
 * shards. (The component itself is not used: its compiled modules import
 * without file extensions, which the local backend's Node loader refuses.)
 * A value written before sharding (the old `platformCounters` table) is
 * still added in until the stats migration moves it over.
 */
import type { MutationCtx, QueryCtx } from "../_generated/server";

export type CounterName = "users";

/** Shards per counter. */
export const COUNTER_SHARDS = 16;

async function addToCounterShard(
  ctx: MutationCtx,
  name: CounterName,
  shard: number,
  delta: number,
): Promise<void> {
  const existing = await ctx.db
    .query("counterShards")
    .withIndex("by_name_and_shard", (q) =>
      q.eq("name", name).eq("shard", shard),
    )
    .unique();
  if (existing === null)
    await ctx.db.insert("counterShards", { name, shard, value: delta });
  else
    await ctx.db.patch("counterShards", existing._id, {
      value: existing.value + delta,
    });
}

/** Adds `delta` to a counter (one random shard written). */
export async function incrementCounter(
  ctx: MutationCtx,
  name: CounterName,
  delta: number,
): Promise<void> {
  const shard = Math.floor(Math.random() * COUNTER_SHARDS);
  await addToCounterShard(ctx, name, shard, delta);
}

/** The pre-sharding value of a counter, if any is left. */
async function legacyCounter(ctx: QueryCtx, name: CounterName) {
  return await ctx.db
    .query("platformCounters")
    .withIndex("by_name", (q) => q.eq("name", name))
    .unique();
}

/** A counter's value (0 when it was never incremented); ≤ 17 reads. */
export async function readCounter(
  ctx: QueryCtx,
  name: CounterName,
): Promise<number> {
  const shards = await ctx.db
    .query("counterShards")
    .withIndex("by_name_and_shard", (q) => q.eq("name", name))
    .take(COUNTER_SHARDS);
  const legacy = await legacyCounter(ctx, name);
  return shards.reduce((sum, s) => sum + s.value, legacy?.value ?? 0);
}

/**
 * Moves a pre-sharding counter value into shard 0, in one transaction (so
 * readers never see it twice or not at all).
 */
export async function migrateLegacyCounter(
  ctx: MutationCtx,
  name: CounterName,
): Promise<void> {
  const legacy = await legacyCounter(ctx, name);
  if (legacy === null) return;
  if (legacy.value !== 0) await addToCounterShard(ctx, name, 0, legacy.value);
  await ctx.db.delete("platformCounters", legacy._id);
}
