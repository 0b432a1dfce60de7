/**
 * Timings (ADR 0014): each runs its work `samples` times after one warm-up
 * and reports p95 against its target, p50 beside it. Pure functions run
 * in-process; the rest on the local stack with real clients.
 */
import { performance } from "node:perf_hooks";
import type { ConvexClient, ConvexHttpClient } from "convex/browser";
import { api } from "../../convex/_generated/api";
import { computeCreditCost } from "../../convex/lib/money";
import { validateModelDefinition } from "../../convex/lib/modelRules";
import { DEFAULT_MODELS } from "../../convex/model/defaultModels";
import { httpClient, waitFor } from "../../local/backend/clients";
import { report } from "./report";
import type { BenchStack, Session } from "./stack";
import { required, type Entry } from "./types";

type Timing = {
  name: string;
  /** The unit of one sample. */
  unit: "ms" | "µs";
  /** The p95 aimed for, in `unit`. */
  target: number;
  samples: number;
  /** Where the target comes from. */
  source: string;
  stack?: boolean;
  /** One sample (awaited); `i` is -1 for the warm-up. */
  run: (i: number, stack: BenchStack | undefined) => unknown;
};

const PRICED_MODEL = "luma/ray-2-720p";
const FAST_MODEL = "luma/ray-flash-2-540p";
const RENDER_MS = 800;

/** A distinct price per call (US$/s, four decimals). */
let priceStep = 0;
const nextPrice = () => Number((0.2 + ++priceStep / 10000).toFixed(4));

/** Seven catalogue prices in US$/s (at most four decimals, as stored). */
const PRICES = [0.1234, 0.1235, 0.05, 0.0217, 0.4, 0.75, 0.0999];

const sessions = new Map<string, Promise<Session>>();
function session(stack: BenchStack | undefined, email: string) {
  let made = sessions.get(email);
  if (made === undefined) {
    made = required(stack).signIn(email);
    sessions.set(email, made);
  }
  return made;
}
const admin = (stack: BenchStack | undefined) =>
  session(stack, "admin@example.com");
const creator = (stack: BenchStack | undefined) =>
  session(stack, "bench-creator@example.com");

/** An admin sets a new price; resolves once `arrived(price)` holds. */
async function changePriceUntil(
  stack: BenchStack | undefined,
  arrived: (price: number) => boolean,
) {
  const price = nextPrice();
  await (
    await admin(stack)
  ).client.mutation(api.models.updateModel, {
    modelId: PRICED_MODEL,
    costPerSecond: price,
  });
  await waitFor(
    () => (arrived(price) ? true : undefined),
    10_000,
    `price ${price}`,
  );
}

/**
 * Subscriptions a timing opened: closed after it, so they do not re-run on
 * the later entries' writes (40 fan-out subscriptions would slow them all).
 */
const openWatches: (() => void)[] = [];
function stopWatches() {
  for (const stop of openWatches.splice(0)) stop();
  creatorWatch = undefined;
  fanOut = undefined;
}

/** The prices of PRICED_MODEL one subscription has seen. */
type Watch = { seen: Set<number> };

/** Subscribes and resolves once the first result is in. */
function watchPrices<Args>(
  client: ConvexClient,
  query: Parameters<ConvexClient["onUpdate"]>[0],
  args: Args,
  priceIn: (result: never) => number | undefined,
): Promise<Watch> {
  const watch: Watch = { seen: new Set() };
  let first = false;
  openWatches.push(
    client.onUpdate(query, args as never, (result: unknown) => {
      first = true;
      const price = priceIn(result as never);
      if (price !== undefined) watch.seen.add(price);
    }),
  );
  return waitFor(() => (first ? watch : undefined), 10_000, "first result");
}

let creatorWatch: Promise<Watch> | undefined;
function priceWatch(stack: BenchStack | undefined) {
  creatorWatch ??= creator(stack).then(({ client }) =>
    watchPrices(
      client,
      api.pricing.getAvailableModels,
      {},
      (models: { modelId: string; costPerSecond: number }[]) =>
        models.find((m) => m.modelId === PRICED_MODEL)?.costPerSecond,
    ),
  );
  return creatorWatch;
}

let fanOut: Promise<Watch[]> | undefined;
function fanOutWatchers(stack: BenchStack | undefined) {
  fanOut ??= (async () => {
    const watches: Promise<Watch>[] = [];
    for (let c = 0; c < 4; c++) {
      const { client } = await session(stack, `fan-${c}@example.com`);
      // Distinct arguments make distinct subscriptions on one connection.
      for (let s = 0; s < 10; s++)
        watches.push(
          watchPrices(
            client,
            api.pricing.getModelPricingComparison,
            { duration: 1 + s },
            (rows: { modelId: string; costPerSecond: number }[]) =>
              rows.find((r) => r.modelId === PRICED_MODEL)?.costPerSecond,
          ),
        );
    }
    return await Promise.all(watches);
  })();
  return fanOut;
}

const TIMINGS: Timing[] = [
  {
    name: "price 1,000 videos exactly (computeCreditCost)",
    unit: "ms",
    target: 5,
    samples: 200,
    source: "a creator's live price on every keystroke",
    run: () => {
      for (let i = 0; i < 1000; i++)
        computeCreditCost(PRICES[i % 7], 1 + (i % 60), 1.25, [2]);
    },
  },
  {
    name: "validate the default catalogue (validateModelDefinition)",
    unit: "µs",
    target: 200,
    samples: 500,
    source: "every createModel/updateModel",
    run: () => {
      for (const model of DEFAULT_MODELS) validateModelDefinition(model);
    },
  },
  {
    name: "getAvailableModels over HTTP (signed in)",
    unit: "ms",
    target: 100,
    samples: 100,
    stack: true,
    source: "the create page's loader",
    run: async (_i, stack) => {
      await (
        await creatorHttp(stack)
      ).query(api.pricing.getAvailableModels, {});
    },
  },
  {
    name: "live price: admin updateModel → creator's open getAvailableModels",
    unit: "ms",
    target: 1000,
    samples: 100,
    stack: true,
    source:
      "seed 000: every screen updates live (was a p95 assert in local/product.test.ts)",
    run: async (_i, stack) => {
      const watch = await priceWatch(stack);
      await changePriceUntil(stack, (price) => watch.seen.has(price));
    },
  },
  {
    name: "fan-out: one price change reaches 40 subscriptions on 4 connections",
    unit: "ms",
    target: 500,
    samples: 20,
    stack: true,
    source: "was a 500 ms assert in local/backend/sync.test.ts",
    run: async (_i, stack) => {
      const watchers = await fanOutWatchers(stack);
      await changePriceUntil(stack, (price) =>
        watchers.every((w) => w.seen.has(price)),
      );
    },
  },
  {
    name: "createVideo round trip (mutation over WebSocket)",
    unit: "ms",
    target: 300,
    samples: 40,
    stack: true,
    source: "the Generate button's response",
    run: async (i, stack) => {
      const { client } = await creator(stack);
      await client.mutation(api.videos.createVideo, {
        prompt: `A bench heron, take ${i} [render=${RENDER_MS}ms]`,
        model: FAST_MODEL,
        duration: 5,
        quality: "standard",
      });
    },
  },
  {
    name: `video end to end: createVideo → succeeded (fake render ${RENDER_MS} ms, signed webhooks, stored output)`,
    unit: "ms",
    target: RENDER_MS + 2000,
    samples: 10,
    stack: true,
    source: "our overhead on top of Replicate's render time",
    run: async (i, stack) => {
      const { client } = await creator(stack);
      const videoId = await client.mutation(api.videos.createVideo, {
        prompt: `A bench otter, take ${i} [render=${RENDER_MS}ms]`,
        model: FAST_MODEL,
        duration: 5,
        quality: "standard",
      });
      let status: string | undefined;
      const stop = client.onUpdate(api.videos.getVideo, { videoId }, (v) => {
        status = v?.status;
      });
      try {
        await waitFor(
          () => (status === "succeeded" ? true : undefined),
          30_000,
          `video ${videoId}`,
        );
      } finally {
        stop();
      }
    },
  },
];

let httpCreator: Promise<ConvexHttpClient> | undefined;
/** An HTTP client with the creator's token from the app's `/auth/token`. */
function creatorHttp(stack: BenchStack | undefined) {
  httpCreator ??= creator(stack).then(async ({ cookie }) => {
    const { appUrl, convexUrl } = required(stack);
    const response = await fetch(`${appUrl}/auth/token`, {
      headers: { Cookie: cookie },
    });
    const http = httpClient(convexUrl);
    http.setAuth(((await response.json()) as { token: string }).token);
    return http;
  });
  return httpCreator;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

/** The timings as bench entries named "timing: …". */
export const TIMING_ENTRIES: Entry[] = TIMINGS.map((timing) => ({
  name: `timing: ${timing.name}`,
  needs: { stack: timing.stack },
  run: async (stack) => {
    await timing.run(-1, stack);
    const scale = timing.unit === "µs" ? 1000 : 1;
    const times: number[] = [];
    for (let i = 0; i < timing.samples; i++) {
      const start = performance.now();
      await timing.run(i, stack);
      times.push((performance.now() - start) * scale);
    }
    stopWatches();
    times.sort((a, b) => a - b);
    report({
      name: `p95 ${timing.name}`,
      value: percentile(times, 0.95),
      target: timing.target,
      unit: timing.unit,
      note: `p50 ${percentile(times, 0.5).toFixed(1)} ${timing.unit} over ${timing.samples} samples; target: ${timing.source}`,
    });
  },
}));
