/**
 * Starts the local fake of Replicate's HTTP API once for the convex test
 * project (in Node, outside the edge-runtime workers) and hands its URL to
 * the tests through `inject("replicateUrl")`.
 */
import type { TestProject } from "vitest/node";
import { startFakeReplicate } from "../local/fake-replicate/server";

declare module "vitest" {
  export interface ProvidedContext {
    replicateUrl: string;
    replicateOrigin: string;
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
  return async () => {
    await fake.close();
  };
}
