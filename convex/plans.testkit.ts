/**
 * Fixtures of the plan suites (plans.test.ts, planAdmin.test.ts): a seeded
 * backend with CREATOR signed up, as ADMIN and CREATOR see it. Not a
 * function module (two dots in the name), so never deployed.
 */
import {
  ADMIN,
  api,
  CREATOR,
  OTHER_CREATOR,
  setupWithDefaults,
} from "./test.setup";

/** A seeded backend on which CREATOR signed up. */
export async function withCreator() {
  const t = await setupWithDefaults();
  await t.withIdentity(CREATOR).mutation(api.users.store, {});
  return { t, admin: t.withIdentity(ADMIN), creator: t.withIdentity(CREATOR) };
}

/**
 * `withCreator`, then OTHER_CREATOR signed up too and CREATOR granted 5,000
 * credits to spend.
 */
export async function withCreators() {
  const { t, admin, creator } = await withCreator();
  const other = t.withIdentity(OTHER_CREATOR);
  await other.mutation(api.users.store, {});
  await admin.mutation(api.credits.grantCredits, {
    email: CREATOR.email,
    amount: 5000,
    reason: "test budget",
  });
  return { t, admin, creator, other };
}
