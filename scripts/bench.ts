/**
 * `npm run bench`: every figure of issues 9 and 15 next to its target, as a
 * ratio (value / target; ≤ 1 meets it), measured in one run and kept out of
 * `npm test` (tests assert behaviour, never wall-clock thresholds; ADR 0014,
 * ADR 0053). It never fails on a figure over its target: it reports.
 *
 *   npm run bench              every entry
 *   npm run bench -- scale     only the entries whose name contains "scale"
 *   npm run bench -- timing    only the timings
 *
 * Entries (scripts/bench/):
 * - timings.ts: p50/p95 of pricing, the live price, fan-out, createVideo and
 *   a video end to end, on the local stack;
 * - engine.ts: documents and bytes a function reads (shared-document writes
 *   per video, the dashboard at 1,000 models × 30 days, webhook pruning) on
 *   the local backend's engine, and JS per route from the Remix build;
 * - lifecycle.ts: detection delay without webhooks for 7 s, 30 s and 61 s
 *   renders, Replicate calls, function executions and a watcher's updates
 *   for a 60 s video with webhooks, end to end with real timers;
 * - createPage.ts: the create page's HTML and the WebSocket bytes of one
 *   price edit at 200 models, on the built app in headless Chromium.
 *
 * The stack (app on BENCH_PORT_BASE, default 3400; backend +10/+11, fake
 * Replicate +20, fake Stripe +30) starts once, empty, for the entries that
 * need it; `remix build` runs first when an entry needs a fresh build.
 */
import { CREATE_PAGE_ENTRIES } from "./bench/createPage";
import { ENGINE_ENTRIES } from "./bench/engine";
import { LIFECYCLE_ENTRIES } from "./bench/lifecycle";
import { printTable } from "./bench/report";
import { startBenchStack, type BenchStack } from "./bench/stack";
import { TIMING_ENTRIES } from "./bench/timings";

/**
 * In this order, entries without the stack first (their engines hold tens of
 * thousands of documents; they are done before the stack's timers start),
 * then the renders before the timings' load and the create page's 200 models.
 */
const ENTRIES = [
  ...ENGINE_ENTRIES,
  ...LIFECYCLE_ENTRIES,
  ...TIMING_ENTRIES,
  ...CREATE_PAGE_ENTRIES,
].sort(
  (a, b) => Number(a.needs.stack ?? false) - Number(b.needs.stack ?? false),
);

async function main() {
  const only = process.argv[2];
  const chosen = ENTRIES.filter(
    (entry) => only === undefined || entry.name.includes(only),
  );
  if (chosen.length === 0) {
    console.log(`No entry's name contains "${only}". Entries:`);
    for (const entry of ENTRIES) console.log(`  ${entry.name}`);
    return;
  }
  const build = chosen.some((entry) => entry.needs.build);
  let stack: BenchStack | undefined;
  try {
    if (build) await buildApp();
    for (const entry of chosen) {
      if (entry.needs.stack && stack === undefined) {
        console.log("Starting the local stack…");
        stack = await startBenchStack();
      }
      console.log(entry.name);
      try {
        await entry.run(stack);
      } catch (error) {
        console.log(
          `  FAILED: ${error instanceof Error ? error.stack : String(error)}`,
        );
      }
    }
  } finally {
    await stack?.close();
  }
  printTable();
}

/** `npm run build` (remix build), for the entries that read or serve the build. */
async function buildApp() {
  const { execFileSync } = await import("node:child_process");
  execFileSync("npm", ["run", "build"], { stdio: "inherit" });
}

await main();
process.exit(0);
