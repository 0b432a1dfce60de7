import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** The app's `~/` import alias (tsconfig `paths`), for tests under app/. */
const appAlias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };

/**
 * Three projects (`npm test` runs the first two, `npm run test:e2e` the
 * third): the Convex functions run in the edge runtime, like Convex's
 * own V8 isolates (convex-test's recommendation); everything else in Node.
 */
export default defineConfig({
  test: {
    // `npm run coverage`: branch coverage of the backend (convex/), without
    // generated code, tests and the test harness (setup files and the
    // `*.testkit.ts` helpers the suites share, which no deployment runs).
    coverage: {
      provider: "v8",
      include: ["convex/**/*.ts"],
      exclude: [
        "convex/_generated/**",
        "convex/**/*.test.ts",
        "**/*.testkit.ts",
        "convex/test.setup.ts",
        "convex/test.globalSetup.ts",
      ],
      reporter: ["text-summary", "json-summary"],
    },
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
        resolve: { alias: appAlias },
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
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
