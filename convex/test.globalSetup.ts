/**
 * Starts the local fakes of Replicate's and Stripe's HTTP APIs once for the convex test
 * project (in Node, outside the edge-runtime workers) and hands its URL to
 * the tests through `inject("replicateUrl")`.
 */
import type { TestProject } from "vitest/node";
import { startFakeReplicate } from "../local/fake-replicate/server";
import { startFakeStripe } from "../local/fake-stripe/server";

declare module "vitest" {
  export interface ProvidedContext {
    replicateUrl: string;
    replicateOrigin: string;
    stripeUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const fake = await startFakeReplicate({
    apiToken: "r8_test_token",
    durationMs: 700,
    startingMs: 150,
  });
  project.provide("replicateUrl", fake.url);
  project.provide("replicateOrigin", fake.origin);
  // Checkout tests call it through the stripe client; they send the
  // webhooks themselves (convex-test has no HTTP server to deliver to).
  const stripe = await startFakeStripe({ secretKey: "sk_test_convex" });
  project.provide("stripeUrl", stripe.url);
  return async () => {
    await fake.close();
    await stripe.close();
  };
}
