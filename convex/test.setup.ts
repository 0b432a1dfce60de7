/**
 * Shared helpers for the convex-test suites: the module map, the components,
 * identities and a seeded catalogue.
 */
/// <reference types="vite/client" />
import aggregateTest from "@convex-dev/aggregate/test";
import rateLimiterTest from "@convex-dev/rate-limiter/test";
import workpoolTest from "@convex-dev/workpool/test";
import { convexTest, type TestConvex } from "convex-test";
import { afterEach, beforeEach, inject, vi } from "vitest";
import { api, internal } from "./_generated/api";
import schema from "./schema";

export const modules = import.meta.glob([
  "./**/*.ts",
  "./**/*.js",
  "!./**/*.test.ts",
  "!./**/*.d.ts",
  "!./test.setup.ts",
]);

export const ADMIN = {
  subject: "admin-1",
  issuer: "https://issuer.test",
  tokenIdentifier: "https://issuer.test|admin-1",
  email: "admin@example.com",
  name: "Ada Admin",
};
export const CREATOR = {
  subject: "creator-1",
  issuer: "https://issuer.test",
  tokenIdentifier: "https://issuer.test|creator-1",
  email: "creator@example.com",
  name: "Cleo Creator",
};
export const OTHER_CREATOR = {
  subject: "creator-2",
  issuer: "https://issuer.test",
  tokenIdentifier: "https://issuer.test|creator-2",
  email: "other@example.com",
  name: "Otto Other",
};

/**
 * Registers on a convex-test instance every component the app declares in
 * `convex/convex.config.ts`, under the same names (API-CONTRACT "Testing").
 * Call it right after `convexTest(schema, modules)`; returns `t`.
 */
export function registerComponents<T extends TestConvex<typeof schema>>(
  t: T,
): T {
  rateLimiterTest.register(t, "rateLimiter");
  aggregateTest.register(t, "generationTimes");
  workpoolTest.register(t, "replicatePool");
  return t;
}

/** A fresh backend with `ADMIN_EMAILS` naming ADMIN and the components registered. */
export function setup(options: { transactionLimits?: boolean } = {}) {
  process.env.ADMIN_EMAILS = ADMIN.email;
  delete process.env.STARTER_CREDITS;
  return registerComponents(convexTest({ schema, modules, ...options }));
}

/** A fresh backend with the three default models seeded. */
export async function setupWithDefaults() {
  const t = setup();
  await t.mutation(internal.models.initializeDefaultModelsInternal, {});
  return t;
}

/** The data of a ConvexError thrown by `promise`. */
export async function errorData(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    const data = (error as { data?: unknown }).data;
    if (data && typeof data === "object")
      return data as { code: string; message: string };
    throw error;
  }
  throw new Error("expected the call to throw a ConvexError");
}

/** The error code of the ConvexError thrown by `promise`. */
export async function errorCode(promise: Promise<unknown>) {
  return (await errorData(promise)).code;
}

/**
 * Fake timers in each test of the suite, so scheduled functions run only
 * when a test advances time; the clock starts at `now` when given.
 */
export function useFakeClock(now?: number) {
  beforeEach(() => {
    vi.useFakeTimers();
    if (now !== undefined) vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/**
 * A user's balance, the sum of their ledger and the entries themselves (for
 * the ledger invariant), by email.
 */
export async function ledgerOf(t: ReturnType<typeof setup>, email: string) {
  return await t.run(async (ctx) => {
    const user = await ctx.db
      .query("users")
      .withIndex("by_emailLower", (q) =>
        q.eq("emailLower", email.toLowerCase()),
      )
      .unique();
    const entries = await ctx.db
      .query("creditTransactions")
      .withIndex("by_userId_and_createdAt", (q) => q.eq("userId", user!._id))
      .collect();
    return {
      balance: user!.balance,
      sum: entries.reduce((s, e) => s + e.amount, 0),
      entries,
    };
  });
}

/** Calls the fake Replicate's test controls (`/_control/<path>`). */
export async function fakeReplicateControl(path: string, body?: object) {
  return await fetch(`${inject("replicateOrigin")}/_control/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Points the suite's backend at the fake Replicate started by the global
 * setup (token, API base URL, allowed output origin) and resets the fake
 * before each test; clears the variables after each.
 */
export function useFakeReplicate() {
  beforeEach(async () => {
    process.env.REPLICATE_API_TOKEN = "r8_test_token";
    process.env.REPLICATE_API_BASE_URL = inject("replicateUrl");
    process.env.REPLICATE_OUTPUT_HOSTS = inject("replicateOrigin");
    await fakeReplicateControl("reset", {});
  });
  afterEach(() => {
    delete process.env.REPLICATE_API_TOKEN;
    delete process.env.REPLICATE_API_BASE_URL;
    delete process.env.REPLICATE_OUTPUT_HOSTS;
  });
}

export { api, internal };
