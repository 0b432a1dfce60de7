/**
 * Fixtures of the dispute suites (disputes.test.ts, disputesEdges.test.ts):
 * a backend with some users signed up, and a dispute opened by CREATOR on a
 * succeeded video of theirs. Not a function module (two dots in the name),
 * so never deployed.
 */
import { succeededVideo } from "./shop.testkit";
import { api, CREATOR, setupWithDefaults } from "./test.setup";

export const PAGE = { paginationOpts: { numItems: 20, cursor: null } };
export const DAY = 24 * 60 * 60 * 1000;

/** A seeded backend on which CREATOR and then each of `others` signed up. */
export async function setup(...others: (typeof CREATOR)[]) {
  const t = await setupWithDefaults();
  for (const identity of [CREATOR, ...others])
    await t.withIdentity(identity).mutation(api.users.store, {});
  return t;
}

type Backend = Awaited<ReturnType<typeof setup>>;

/**
 * CREATOR's succeeded video (its prediction `predictionId`) and the dispute
 * they opened on it with `reason`.
 */
export async function openedDispute(
  t: Backend,
  predictionId: string,
  reason: string,
) {
  const videoId = await succeededVideo(t, CREATOR, predictionId);
  const creator = t.withIdentity(CREATOR);
  const disputeId = await creator.mutation(api.disputes.openDispute, {
    videoId,
    reason,
  });
  return { videoId, creator, disputeId };
}
