/**
 * Named platform-wide counters (e.g. the number of users), so the admin
 * dashboard reads one document instead of counting a table.
 */
import type { MutationCtx, QueryCtx } from "../_generated/server";

export type CounterName = "users";

/** Adds `delta` to a counter, creating it at 0 first. */
export async function incrementCounter(
  ctx: MutationCtx,
  name: CounterName,
  delta: number,
): Promise<void> {
  const counter = await ctx.db
    .query("platformCounters")
    .withIndex("by_name", (q) => q.eq("name", name))
    .unique();
  if (counter === null) {
    await ctx.db.insert("platformCounters", { name, value: delta });
  } else {
    await ctx.db.patch("platformCounters", counter._id, {
      value: counter.value + delta,
    });
  }
}

/** A counter's value (0 when it was never incremented). */
export async function readCounter(
  ctx: QueryCtx,
  name: CounterName,
): Promise<number> {
  const counter = await ctx.db
    .query("platformCounters")
    .withIndex("by_name", (q) => q.eq("name", name))
    .unique();
  return counter?.value ?? 0;
}
