/**
 * Security and robustness fixes of issue 9, each with the attack or edge
 * case that broke it before: qualities named like Object.prototype members,
 * the output download (SSRF), prices beyond the ledger's per-entry cap, the
 * admin audit trail for roles and grants, and the public model statistics.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { signWebhook } from "./lib/webhooks";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  ledgerOf,
  OTHER_CREATOR,
  setupWithDefaults,
} from "./test.setup";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
type T = Awaited<ReturnType<typeof setupWithDefaults>>;

const MODEL = {
  modelId: "acme/proto",
  name: "Proto",
  description: "",
  costPerSecond: 0.1,
  supportedDurations: [5],
  supportedQualities: ["standard"],
  isPremium: false,
  isActive: true,
  isDefault: false,
  isDeprecated: false,
  provider: "acme",
  replicateModelId: "acme/proto",
};
const PROTOTYPE_NAMES = [
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__proto__",
];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete process.env.REPLICATE_WEBHOOK_SECRET;
  delete process.env.REPLICATE_OUTPUT_HOSTS;
  delete process.env.REPLICATE_OUTPUT_MAX_BYTES;
  delete process.env.REPLICATE_OUTPUT_TIMEOUT_MS;
});

describe("qualities named like Object.prototype members", () => {
  for (const name of PROTOTYPE_NAMES) {
    test(`"${name}" is refused by catalogue validation`, async () => {
      const t = await setupWithDefaults();
      const error = await errorData(
        t.withIdentity(ADMIN).mutation(api.models.createModel, {
          ...MODEL,
          supportedQualities: ["standard", name],
        }),
      );
      expect(error).toMatchObject({
        code: "INVALID_ARGUMENT",
        field: "supportedQualities",
      });
    });
  }

  test("a stored model with such a quality still prices at ×1 and keeps /compare up", async () => {
    const t = await setupWithDefaults();
    // As a model saved before the validation existed would be.
    await t.run(async (ctx) => {
      await ctx.db.insert("models", {
        ...MODEL,
        supportedQualities: ["standard", "toString", "constructor"],
        qualityMultipliers: { standard: 1 },
        createdAt: 0,
        updatedAt: 0,
      });
    });
    for (const quality of ["toString", "constructor"]) {
      expect(
        await t.query(api.pricing.getCreditCost, {
          modelId: MODEL.modelId,
          duration: 5,
          quality,
        }),
      ).toBe(50);
    }
    const rows = await t.query(api.pricing.getModelPricingComparison, {
      quality: "valueOf",
    });
    expect(rows.length).toBeGreaterThan(0);
    await t.query(api.pricing.getAvailableModels, {});
  });
});

describe("prices beyond the ledger's per-entry cap", () => {
  const HUGE = {
    ...MODEL,
    costPerSecond: 1000,
    supportedDurations: [3600],
    supportedQualities: ["standard", "ultra"],
    qualityMultipliers: { ultra: 100 },
  };
  test("createModel refuses a model whose dearest video exceeds the cap", async () => {
    const t = await setupWithDefaults();
    const error = await errorData(
      t.withIdentity(ADMIN).mutation(api.models.createModel, HUGE),
    );
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.message).toMatch(/1,000,000,000/);
  });

  test("updateModel refuses a price change that would exceed it", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.createModel, {
      ...HUGE,
      costPerSecond: 0.01,
    });
    const error = await errorData(
      admin.mutation(api.models.updateModel, {
        modelId: HUGE.modelId,
        costPerSecond: 1000,
      }),
    );
    expect(error.code).toBe("INVALID_ARGUMENT");
    const model = await t.query(api.models.getModelById, {
      modelId: HUGE.modelId,
    });
    expect(model?.costPerSecond).toBe(0.01);
  });

  test("the bound counts the dearest plan: within the cap at list price, over it at 100×", async () => {
    const t = await setupWithDefaults();
    // $1/s × 3,600 s × 100 (ultra) = 36,000,000 credits at list price;
    // a plan at 100× would make it 3,600,000,000, past the cap.
    const error = await errorData(
      t
        .withIdentity(ADMIN)
        .mutation(api.models.createModel, { ...HUGE, costPerSecond: 1 }),
    );
    expect(error).toMatchObject({
      code: "INVALID_ARGUMENT",
      field: "costPerSecond",
    });
    expect(error.message).toMatch(/100× list price/);
  });

  test("a per-user price override past the cap is refused, one within it is kept", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.createModel, {
      ...HUGE,
      costPerSecond: 0.01,
    });
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    const error = await errorData(
      admin.mutation(api.plans.setUserModelOverride, {
        email: CREATOR.email,
        modelId: HUGE.modelId,
        costPerSecond: 10,
      }),
    );
    expect(error).toMatchObject({
      code: "INVALID_ARGUMENT",
      field: "costPerSecond",
    });
    await admin.mutation(api.plans.setUserModelOverride, {
      email: CREATOR.email,
      modelId: HUGE.modelId,
      costPerSecond: 0.02,
    });
    const access = await admin.query(api.plans.getUserAccess, {
      email: CREATOR.email,
    });
    expect(access.overrides.map((o) => o.costPerSecond)).toEqual([0.02]);
  });
});

/** A running video whose prediction `pred_1` reports success with `output`. */
async function succeedWith(t: T, output: unknown) {
  process.env.REPLICATE_WEBHOOK_SECRET = SECRET;
  const videoId = await t
    .withIdentity(CREATOR)
    .mutation(api.videos.createVideo, {
      prompt: "A lighthouse",
      model: "luma/ray-2-720p",
      duration: 5,
      quality: "standard",
    });
  await t.mutation(internal.predictions.recordPredictionCreated, {
    videoId,
    prediction: { id: "pred_1", status: "processing" },
  });
  const body = JSON.stringify({ id: "pred_1", status: "succeeded", output });
  const ts = String(Math.floor(Date.now() / 1000));
  const response = await t.fetch("/replicate/webhook", {
    method: "POST",
    headers: {
      "webhook-id": "msg_1",
      "webhook-timestamp": ts,
      "webhook-signature": await signWebhook(SECRET, "msg_1", ts, body),
    },
    body,
  });
  expect(response.status).toBe(200);
  return (await t.run((ctx) => ctx.db.get("videos", videoId)))!;
}

/** Stubs `fetch`, recording every URL, answering with `respond`. */
function stubFetch(
  respond: (url: string, init?: RequestInit) => Response | Promise<Response>,
) {
  const urls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      urls.push(url);
      return await respond(url, init);
    }),
  );
  return urls;
}
const mp4 = (bytes = 16, type = "video/mp4") =>
  new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { "content-type": type, "content-length": String(bytes) },
  });

describe("the output download (SSRF)", () => {
  for (const url of [
    "http://169.254.169.254/latest/meta-data/",
    "http://127.0.0.1:3210/api/run",
    "https://evil.example/x.mp4",
    "https://replicate.delivery.evil.example/x.mp4",
    "http://replicate.delivery/x.mp4",
  ]) {
    test(`an output at ${url} is never fetched; the video fails and is refunded`, async () => {
      const t = await setupWithDefaults();
      const urls = stubFetch(() => mp4());
      const video = await succeedWith(t, url);
      expect(urls).toEqual([]);
      expect(video).toMatchObject({ status: "failed", refunded: true });
      expect(video.error).toMatch(/not from Replicate/);
      expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
    });
  }

  test("an output on replicate.delivery or a subdomain is stored", async () => {
    const t = await setupWithDefaults();
    const urls = stubFetch(() => mp4());
    const video = await succeedWith(t, [
      "https://replicate.delivery/pbxt/a.mp4",
      "https://xezq.replicate.delivery/b.mp4",
    ]);
    expect(urls).toHaveLength(2);
    expect(video.status).toBe("succeeded");
    expect(video.outputUrls).toHaveLength(2);
  });

  test("REPLICATE_OUTPUT_HOSTS adds a host (with its scheme and port for http)", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_OUTPUT_HOSTS =
      "replicate.delivery, http://127.0.0.1:8790";
    stubFetch(() => mp4());
    const video = await succeedWith(t, "http://127.0.0.1:8790/outputs/p.mp4");
    expect(video.status).toBe("succeeded");
  });

  test("a content type other than video or image is refused", async () => {
    const t = await setupWithDefaults();
    stubFetch(() => mp4(16, "text/html"));
    const video = await succeedWith(t, "https://replicate.delivery/x.mp4");
    expect(video.status).toBe("failed");
    expect(video.error).toMatch(/text\/html/);
  });

  test("an output above the size limit is refused, by header and by stream", async () => {
    const t = await setupWithDefaults();
    process.env.REPLICATE_OUTPUT_MAX_BYTES = "1000";
    stubFetch(() => mp4(2000));
    const video = await succeedWith(t, "https://replicate.delivery/x.mp4");
    expect(video.status).toBe("failed");
    expect(video.error).toMatch(/larger than/);

    const t2 = await setupWithDefaults();
    process.env.REPLICATE_OUTPUT_MAX_BYTES = "1000";
    stubFetch(
      () =>
        new Response(new Uint8Array(5000), {
          headers: { "content-type": "video/mp4" },
        }),
    );
    const lying = await succeedWith(t2, "https://replicate.delivery/y.mp4");
    expect(lying.status).toBe("failed");
    expect(lying.error).toMatch(/larger than/);
  });

  test("a redirect is not followed", async () => {
    const t = await setupWithDefaults();
    const inits: (RequestInit | undefined)[] = [];
    stubFetch((_url, init) => {
      inits.push(init);
      return mp4();
    });
    await succeedWith(t, "https://replicate.delivery/x.mp4");
    expect(inits[0]?.redirect).toBe("error");
  });

  test("a download that outlives the timeout is abandoned (and retried later)", async () => {
    vi.useRealTimers();
    const t = await setupWithDefaults();
    process.env.REPLICATE_OUTPUT_TIMEOUT_MS = "50";
    stubFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () =>
            reject(new Error("The operation timed out.")),
          );
        }),
    );
    const video = await succeedWith(t, "https://replicate.delivery/x.mp4");
    expect(video).toMatchObject({ status: "processing", downloadFailures: 1 });
  });
});

describe("the admin audit trail", () => {
  const trail = async (t: T, email?: string) =>
    (
      await t.withIdentity(ADMIN).query(api.plans.getAccessAuditTrail, {
        email,
        paginationOpts: { numItems: 10, cursor: null },
      })
    ).page;

  test("setRole and credit grants are recorded: who, when, old → new", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await admin.mutation(api.users.setRole, {
      email: CREATOR.email,
      role: "admin",
    });
    await admin.mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 25,
      reason: "welcome",
    });
    const [grant, role] = await trail(t, CREATOR.email);
    expect(role).toMatchObject({
      action: "role_set",
      actor: ADMIN.email,
      userEmail: CREATOR.email,
      changes: [{ field: "role", oldValue: "creator", newValue: "admin" }],
    });
    expect(grant).toMatchObject({
      action: "credits_grant",
      actor: ADMIN.email,
      userEmail: CREATOR.email,
      changes: [{ field: "balance", oldValue: 100, newValue: 125 }],
      reason: "welcome",
    });
    expect(grant.createdAt).toBeGreaterThanOrEqual(role.createdAt);
    expect(await trail(t)).toHaveLength(2);
    // Creators cannot read it.
    expect(
      (
        await errorData(
          t.withIdentity(OTHER_CREATOR).query(api.plans.getAccessAuditTrail, {
            paginationOpts: { numItems: 10, cursor: null },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  test("an unchanged role writes no audit entry", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await t.withIdentity(ADMIN).mutation(api.users.setRole, {
      email: CREATOR.email,
      role: "creator",
    });
    expect(await trail(t)).toHaveLength(0);
  });
});

describe("public model statistics", () => {
  test("getModelStats gives non-admins only the contract's fields; admins get the money", async () => {
    const t = await setupWithDefaults();
    const stats = await t.query(api.models.getModelStats, {
      modelId: "luma/ray-2-720p",
    });
    expect(Object.keys(stats).sort()).toEqual(
      [
        "averageGenerationTime",
        "failedGenerations",
        "modelId",
        "successRate",
        "successfulGenerations",
        "totalGenerations",
      ].sort(),
    );
    const full = await t
      .withIdentity(ADMIN)
      .query(api.models.getModelStatsForAdmin, { modelId: "luma/ray-2-720p" });
    expect(full).toMatchObject({ creditsCharged: 0, creditsRefunded: 0 });
  });
});
