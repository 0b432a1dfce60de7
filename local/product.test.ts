/**
 * The product's own `convex/` functions served by the local backend, with the
 * fake Replicate delivering real signed webhooks to the HTTP-actions port,
 * driven by the real Convex clients (WebSocket and HTTP) with real JWTs.
 */
import path from "node:path";
import type { FunctionReturnType } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api } from "../convex/_generated/api";
import { seedWithAdminKey } from "../scripts/init-models";
import { startLocalBackend, type LocalBackend } from "./backend/server";
import {
  httpClient,
  startTestIssuer,
  tempDir,
  waitFor,
  wsClient,
  type TestIssuer,
} from "./backend/test-support";
import {
  startFakeReplicate,
  type FakeReplicate,
} from "./fake-replicate/server";
import { PROJECT_ROOT } from "./stack";

let backend: LocalBackend;
let replicate: FakeReplicate;
let issuer: TestIssuer;
const clients: { close(): Promise<void> | void }[] = [];

const SECRET = "whsec_bG9jYWwtc3RhY2std2ViaG9vay1zZWNyZXQtMDAwMDAwMDA=";

beforeAll(async () => {
  issuer = await startTestIssuer();
  replicate = await startFakeReplicate({
    apiToken: "r8_t",
    webhookSecret: SECRET,
    durationMs: 800,
    startingMs: 100,
  });
  process.env.LOCAL_AUTH_ISSUER = issuer.issuer;
  process.env.ADMIN_EMAILS = "admin@example.com";
  process.env.REPLICATE_API_TOKEN = "r8_t";
  process.env.REPLICATE_API_BASE_URL = replicate.url;
  process.env.REPLICATE_OUTPUT_HOSTS = replicate.origin;
  process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
  backend = await startLocalBackend({
    convexDir: path.join(PROJECT_ROOT, "convex"),
    port: 0,
    siteProxyPort: 0,
    dataDir: await tempDir(),
    log: () => undefined,
  });
  const seeded = await seedWithAdminKey(backend.url, backend.adminKey);
  expect(seeded.created).toBe(3);
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await backend?.close();
  await replicate?.close();
  await issuer?.close();
});

async function signedInClient(email: string) {
  const token = await issuer.sign(`local:${email}`, {
    email,
    name: email.split("@")[0],
  });
  const client = wsClient(backend.url);
  client.setAuth(async () => token);
  clients.push(client);
  const http = httpClient(backend.url);
  http.setAuth(token);
  return { client, http };
}

describe("the product on the local stack", () => {
  test("init-models is idempotent through the admin key", async () => {
    expect(await seedWithAdminKey(backend.url, backend.adminKey)).toEqual({
      created: 0,
      createdModelIds: [],
      filledModelIds: [],
    });
  });

  test("a creator's video succeeds through real webhooks and plays from storage", async () => {
    const { client } = await signedInClient("maker@example.com");
    await client.mutation(api.users.store, {});
    const videoId = await client.mutation(api.videos.createVideo, {
      prompt: "A paper boat on a river",
      model: "luma/ray-flash-2-540p",
      duration: 5,
      quality: "standard",
    });
    type Video = FunctionReturnType<typeof api.videos.getVideo>;
    let latest: Video = null;
    const statuses: string[] = [];
    const unsubscribe = client.onUpdate(
      api.videos.getVideo,
      { videoId },
      (video) => {
        latest = video;
        if (video && statuses.at(-1) !== video.status)
          statuses.push(video.status);
      },
    );
    const done = await waitFor(
      () => (latest?.status === "succeeded" ? latest : undefined),
      15_000,
      "success",
    );
    unsubscribe();
    // The scheduled start may already have run when the first result arrives
    // (the mutation answers once its writes are on disk).
    expect(["pending", "starting"]).toContain(statuses[0]);
    expect(statuses.at(-1)).toBe("succeeded");
    const response = await fetch(done.outputUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("video/mp4");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(4, 8))).toBe("ftyp");

    const stats = replicate.stats().byPrediction[done.replicatePredictionId!];
    console.log(
      `Replicate API calls for one video with webhooks: create 1, get ${stats.get}, cancel ${stats.cancel}; ` +
        `webhooks delivered ${stats.webhooks.delivered}`,
    );
    expect(stats.webhooks.delivered).toBeGreaterThan(0);
    expect(await client.query(api.credits.getMyBalance, {})).toEqual({
      balance: 100 - 60,
    });
  });

  test("a ConvexError's code reaches the client; a bad token is refused", async () => {
    const { client, http } = await signedInClient("poor@example.com");
    await client.mutation(api.users.store, {});
    const attempt = client.mutation(api.videos.createVideo, {
      prompt: "Too expensive",
      model: "google/veo-3",
      duration: 8,
      quality: "standard",
    });
    await expect(attempt).rejects.toMatchObject({
      data: { code: "INSUFFICIENT_CREDITS" },
    });
    await expect(
      http.query(api.credits.getMyTransactions, {
        paginationOpts: { numItems: 5, cursor: null },
      }),
    ).resolves.toMatchObject({
      page: [{ type: "grant", amount: 100 }],
    });
    const forged = httpClient(backend.url);
    forged.setAuth(await issuer.signWithUnknownKey("local:poor@example.com"));
    await expect(forged.query(api.credits.getMyBalance, {})).rejects.toThrow();
  });

  test("a burst of 25 createVideo calls over HTTP: 20 created, 5 RATE_LIMITED, nothing charged for those", async () => {
    const email = "burst@example.com";
    const { http } = await signedInClient(email);
    await http.mutation(api.users.store, {});
    const admin = (await signedInClient("admin@example.com")).http;
    await admin.mutation(api.credits.grantCredits, {
      email,
      amount: 5000,
      reason: "burst test",
    });
    const before = (await http.query(api.credits.getMyBalance, {})).balance;
    const video = {
      prompt: "A burst of foxes",
      model: "luma/ray-2-720p",
      duration: 5,
      quality: "standard",
    };
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () =>
        http.mutation(api.videos.createVideo, video),
      ),
    );
    const created = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) =>
      r.status === "rejected"
        ? [
            (r.reason as { data?: { code?: string; retryAfterMs?: number } })
              .data,
          ]
        : [],
    );
    // The bucket refills one token every 3 s: a burst slowed down by a
    // loaded machine may get one more through per 3 s it took.
    const refills = Math.floor((Date.now() - started) / 3000);
    expect(created.length).toBeGreaterThanOrEqual(20);
    expect(created.length).toBeLessThanOrEqual(20 + refills);
    expect(refused).toHaveLength(25 - created.length);
    for (const data of refused) {
      expect(data?.code).toBe("RATE_LIMITED");
      expect(Number.isInteger(data?.retryAfterMs)).toBe(true);
      expect(data!.retryAfterMs).toBeGreaterThan(0);
    }
    // Only the 20 created videos were charged (90 credits each).
    const after = (await http.query(api.credits.getMyBalance, {})).balance;
    expect(before - after).toBe(created.length * 90);
    const generations = [];
    let cursor: string | null = null;
    for (;;) {
      const page: FunctionReturnType<typeof api.credits.getMyTransactions> =
        await http.query(api.credits.getMyTransactions, {
          paginationOpts: { numItems: 100, cursor },
        });
      generations.push(...page.page.filter((e) => e.type === "generation"));
      if (page.isDone) break;
      cursor = page.continueCursor;
    }
    // One charge per created video (pages may overlap while videos finish).
    expect(new Set(generations.map((g) => g.videoId)).size).toBe(
      created.length,
    );
  });

  test("every one of 200 admin price changes reaches a creator's open subscription", async () => {
    const { client: creator } = await signedInClient("watcher@example.com");
    const { client: admin } = await signedInClient("admin@example.com");
    let price: number | undefined;
    let seen = 0;
    const arrived = new Set<number>();
    const unsubscribe = creator.onUpdate(
      api.pricing.getAvailableModels,
      {},
      (models) => {
        const ray = models.find((m) => m.modelId === "luma/ray-2-720p");
        price = ray?.costPerSecond;
        seen++;
        if (price !== undefined) arrived.add(price);
      },
    );
    await waitFor(() => (seen > 0 ? true : undefined));
    for (let i = 1; i <= 200; i++) {
      const next = Number((0.2 + i / 10000).toFixed(4));
      await admin.mutation(api.models.updateModel, {
        modelId: "luma/ray-2-720p",
        costPerSecond: next,
      });
      await waitFor(
        () => (arrived.has(next) ? true : undefined),
        10_000,
        `price ${next}`,
      );
    }
    unsubscribe();
    expect(price).toBe(0.22);
  }, 120_000);
});
