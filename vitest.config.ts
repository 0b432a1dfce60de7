import { defineConfig } from "vitest/config";

/**
 * Three projects (`npm test` runs the first two, `npm run test:e2e` the
 * third): the Convex functions run in the edge runtime, like Convex's
 * own V8 isolates (convex-test's recommendation); everything else in Node.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "convex",
          include: ["convex/**/*.test.ts"],
          environment: "edge-runtime",
          server: { deps: { inline: ["convex-test", /@convex-dev\//] } },
          globalSetup: ["convex/test.globalSetup.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "node",
          include: [
            "local/**/*.test.ts",
            "scripts/**/*.test.ts",
            "app/**/*.test.ts",
          ],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          fileParallelism: false,
          // One retry for a browser step racing a loaded 2-core machine; a
          // real regression still fails twice.
          retry: 1,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
