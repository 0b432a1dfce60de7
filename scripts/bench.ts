/**
 * `npm run bench`: the timings, kept out of `npm test` (issue 9: tests
 * assert behaviour, never wall-clock thresholds; ADR 0014).
 *
 * Each measurement runs its work `samples` times and prints p50 and p95
 * next to its target and the ratio p95/target (below 1 is within target).
 * The script never fails on a slow figure: it reports. Pure functions run
 * in-process; the rest runs the product's own `convex/` on the local
 * backend with real Convex clients (WebSocket and HTTP), real JWTs and the
 * fake Replicate delivering signed webhooks, as `local/product.test.ts`
 * does.
 *
 *   npm run bench              every measurement
 *   npm run bench -- price     only those whose name contains "price"
 *
 * Scale figures (documents read and bytes per query with thousands of
 * models) are `npm run bench:scale` when present.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { ConvexClient } from "convex/browser";
import { api } from "../convex/_generated/api";
import { computeCreditCost } from "../convex/lib/money";
import { validateModelDefinition } from "../convex/lib/modelRules";
import { DEFAULT_MODELS } from "../convex/model/defaultModels";
import {
  httpClient,
  startTestIssuer,
  waitFor,
  wsClient,
  type TestIssuer,
} from "../local/backend/clients";
import { startLocalBackend, type LocalBackend } from "../local/backend/server";
import {
  startFakeReplicate,
  type FakeReplicate,
} from "../local/fake-replicate/server";
import { seedWithAdminKey } from "./init-models";

type Measurement = {
  name: string;
  /** The unit of one sample. */
  unit: "ms" | "µs";
  /** The p95 aimed for, in `unit`. */
  target: number;
  samples: number;
  /** Where the target comes from. */
  source: string;
  /** Needs the local stack (started once, before the first such entry). */
  stack?: boolean;
  /** One sample (awaited). */
  run: (i: number) => unknown;
};

const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = "whsec_bG9jYWwtc3RhY2std2ViaG9vay1zZWNyZXQtMDAwMDAwMDA=";
const RENDER_MS = 800;

type Stack = {
  backend: LocalBackend;
  replicate: FakeReplicate;
  issuer: TestIssuer;
  dataDir: string;
  clients: ConvexClient[];
  signedIn(email: string): Promise<{
    client: ConvexClient;
    http: ReturnType<typeof httpClient>;
  }>;
};

let stack: Stack | undefined;

async function startStack(): Promise<Stack> {
  const issuer = await startTestIssuer();
  const replicate = await startFakeReplicate({
    apiToken: "r8_bench",
    webhookSecret: SECRET,
    durationMs: RENDER_MS,
    startingMs: 100,
  });
  Object.assign(process.env, {
    LOCAL_AUTH_ISSUER: issuer.issuer,
    ADMIN_EMAILS: "admin@example.com",
    REPLICATE_API_TOKEN: "r8_bench",
    REPLICATE_API_BASE_URL: replicate.url,
    REPLICATE_OUTPUT_HOSTS: replicate.origin,
    REPLICATE_WEBHOOK_SECRET: SECRET,
    STARTER_CREDITS: "100000000",
    CREATE_VIDEO_RATE_LIMIT: "1000000",
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), "bench-"));
  const backend = await startLocalBackend({
    convexDir: path.join(ROOT, "convex"),
    port: 0,
    siteProxyPort: 0,
    dataDir,
    log: () => undefined,
  });
  await seedWithAdminKey(backend.url, backend.adminKey);
  const clients: ConvexClient[] = [];
  return {
    backend,
    replicate,
    issuer,
    dataDir,
    clients,
    async signedIn(email) {
      const token = await issuer.sign(`local:${email}`, {
        email,
        name: email.split("@")[0],
      });
      const client = wsClient(backend.url);
      client.setAuth(async () => token);
      clients.push(client);
      const http = httpClient(backend.url);
      http.setAuth(token);
      await client.mutation(api.users.store, {});
      return { client, http };
    },
  };
}

async function stopStack(s: Stack) {
  for (const client of s.clients) await client.close();
  await s.backend.close();
  await s.replicate.close();
  await s.issuer.close();
  await rm(s.dataDir, { recursive: true, force: true });
}

/** The stack, started on first use. */
async function local(): Promise<Stack> {
  stack ??= await startStack();
  return stack;
}

const PRICED_MODEL = "luma/ray-2-720p";
const FAST_MODEL = "luma/ray-flash-2-540p";

/** A distinct price per call (US$/s, four decimals). */
let priceStep = 0;
const nextPrice = () => Number((0.2 + ++priceStep / 10000).toFixed(4));

/** Seven catalogue prices in US$/s (at most four decimals, as stored). */
const PRICES = [0.1234, 0.1235, 0.05, 0.0217, 0.4, 0.75, 0.0999];

/** An admin sets a new price; resolves once `arrived(price)` holds. */
async function changePriceUntil(arrived: (price: number) => boolean) {
  const price = nextPrice();
  await (
    await admin()
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

const MEASUREMENTS: Measurement[] = [
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
    run: async () => {
      const { http } = await creator();
      await http.query(api.pricing.getAvailableModels, {});
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
    run: async () => {
      const watch = await priceWatch();
      await changePriceUntil((price) => watch.seen.has(price));
    },
  },
  {
    name: "fan-out: one price change reaches 40 subscriptions on 4 connections",
    unit: "ms",
    target: 500,
    samples: 20,
    stack: true,
    source: "was a 500 ms assert in local/backend/sync.test.ts",
    run: async () => {
      const watchers = await fanOutWatchers();
      await changePriceUntil((price) =>
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
    run: async (i) => {
      const { client } = await creator();
      await client.mutation(api.videos.createVideo, {
        prompt: `A bench heron, take ${i}`,
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
    run: async (i) => {
      const { client } = await creator();
      const videoId = await client.mutation(api.videos.createVideo, {
        prompt: `A bench otter, take ${i}`,
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

type Session = Awaited<ReturnType<Stack["signedIn"]>>;
const sessions = new Map<string, Session>();
async function session(email: string): Promise<Session> {
  const existing = sessions.get(email);
  if (existing) return existing;
  const made = await (await local()).signedIn(email);
  sessions.set(email, made);
  return made;
}
const admin = () => session("admin@example.com");
const creator = () => session("bench-creator@example.com");

type Watch = { seen: Set<number> };
function watchPrice(client: ConvexClient): Promise<Watch> {
  const watch: Watch = { seen: new Set() };
  let first = false;
  client.onUpdate(api.pricing.getAvailableModels, {}, (models) => {
    first = true;
    const price = models.find((m) => m.modelId === PRICED_MODEL)?.costPerSecond;
    if (price !== undefined) watch.seen.add(price);
  });
  return waitFor(() => (first ? watch : undefined), 10_000, "first result");
}
let creatorWatch: Promise<Watch> | undefined;
async function priceWatch() {
  creatorWatch ??= creator().then((s) => watchPrice(s.client));
  return await creatorWatch;
}
let fanOut: Promise<Watch[]> | undefined;
async function fanOutWatchers() {
  fanOut ??= (async () => {
    const watches: Promise<Watch>[] = [];
    for (let c = 0; c < 4; c++) {
      const { client } = await session(`fan-${c}@example.com`);
      for (let s = 0; s < 10; s++) {
        // Distinct arguments make distinct subscriptions on one connection.
        watches.push(
          (async () => {
            const watch: Watch = { seen: new Set() };
            let first = false;
            client.onUpdate(
              api.pricing.getModelPricingComparison,
              { duration: 1 + s },
              (rows) => {
                first = true;
                const row = rows.find((r) => r.modelId === PRICED_MODEL);
                if (row) watch.seen.add(row.costPerSecond);
              },
            );
            return await waitFor(() => (first ? watch : undefined), 10_000);
          })(),
        );
      }
    }
    return await Promise.all(watches);
  })();
  return await fanOut;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

async function main() {
  const only = process.argv[2];
  const rows: string[][] = [
    ["measurement", "samples", "p50", "p95", "target p95", "p95/target", "why"],
  ];
  try {
    for (const m of MEASUREMENTS) {
      if (only && !m.name.includes(only)) continue;
      if (m.stack) await local();
      // One untimed warm-up run (subscriptions, sessions, JIT).
      await m.run(-1);
      const scale = m.unit === "µs" ? 1000 : 1;
      const times: number[] = [];
      for (let i = 0; i < m.samples; i++) {
        const start = performance.now();
        await m.run(i);
        times.push((performance.now() - start) * scale);
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 0.5);
      const p95 = percentile(times, 0.95);
      const row = [
        m.name,
        String(m.samples),
        `${p50.toFixed(1)} ${m.unit}`,
        `${p95.toFixed(1)} ${m.unit}`,
        `${m.target} ${m.unit}`,
        `${(p95 / m.target).toFixed(2)}${p95 > m.target ? " (over)" : ""}`,
        m.source,
      ];
      rows.push(row);
      console.log(row.slice(0, 6).join(" | "));
    }
  } finally {
    if (stack) await stopStack(stack);
  }
  console.log("\n" + rows.map((r) => `| ${r.join(" | ")} |`).join("\n"));
}

await main();
process.exit(0);
