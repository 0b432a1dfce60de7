/**
 * Model health on the fake Replicate (issue 13): the circuit breaker opens
 * when recent creator videos fail, creators then get MODEL_INACTIVE, an
 * admin's test run (charged to nobody, at the cheapest settings) closes it
 * again; resume and bulk actions are audited.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Id } from "./_generated/dataModel";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  setupWithDefaults,
  useFakeReplicate,
} from "./test.setup";

type T = Awaited<ReturnType<typeof setupWithDefaults>>;

useFakeReplicate();

beforeEach(async () => {
  process.env.CIRCUIT_BREAKER_MIN_RUNS = "2";
});
afterEach(() => {
  delete process.env.CIRCUIT_BREAKER_MIN_RUNS;
});

async function waitFor(t: T, videoId: Id<"videos">) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const video = await t.run((ctx) => ctx.db.get("videos", videoId));
    if (video && ["succeeded", "failed", "canceled"].includes(video.status))
      return video;
    if (Date.now() > deadline) throw new Error(`stuck in ${video?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const VIDEO = {
  model: "luma/ray-flash-2-540p",
  duration: 5,
  quality: "standard",
};

describe("circuit breaker", () => {
  test("opens on failures, refuses creators, and a successful test run closes it", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    const admin = t.withIdentity(ADMIN);
    for (const prompt of ["one [fail]", "two [fail]"]) {
      const id = await creator.mutation(api.videos.createVideo, {
        ...VIDEO,
        prompt,
      });
      expect((await waitFor(t, id)).status).toBe("failed");
    }
    const paused = await t.query(api.models.getModelById, {
      modelId: VIDEO.model,
    });
    expect(paused!.pausedAt).toBeTypeOf("number");
    expect(paused!.pauseReason).toMatch(/Circuit breaker: 2 of the last 2/);
    expect(
      await errorData(
        creator.mutation(api.videos.createVideo, { ...VIDEO, prompt: "x" }),
      ),
    ).toMatchObject({
      code: "MODEL_INACTIVE",
      message: expect.stringMatching(/temporarily unavailable/),
    });
    const check = await t.query(api.models.validateModelCapabilities, {
      modelId: VIDEO.model,
      duration: 5,
      quality: "standard",
    });
    expect(check.errors[0].code).toBe("MODEL_INACTIVE");

    const asOf = Date.now();
    const health = await admin.query(api.registry.getModelHealth, {
      modelId: VIDEO.model,
      asOf,
    });
    expect(health.hour).toMatchObject({ failed: 2, successRate: 0 });
    expect(health.pauseReason).toMatch(/Circuit breaker/);
    // The windows end where the caller says (the query reads no clock): two
    // hours on, the failures have left the hour but not the day.
    const later = await admin.query(api.registry.getModelHealth, {
      modelId: VIDEO.model,
      asOf: asOf + 2 * 3_600_000,
    });
    expect(later.hour).toMatchObject({ finished: 0, successRate: null });
    expect(later.day).toMatchObject({ failed: 2, successRate: 0 });
    expect(
      await errorData(
        admin.query(api.registry.getModelHealth, {
          modelId: VIDEO.model,
          asOf: Number.NaN,
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "asOf" });

    // The admin's test run: free, cheapest settings, runs while paused.
    await admin.mutation(api.users.store, {});
    const before = await admin.query(api.credits.getMyBalance, {});
    const runId = await admin.mutation(api.registry.startTestRun, {
      modelId: VIDEO.model,
    });
    const run = await waitFor(t, runId);
    expect(run).toMatchObject({
      status: "succeeded",
      isTestRun: true,
      creditsCost: 0,
      duration: 5,
    });
    expect(await admin.query(api.credits.getMyBalance, {})).toEqual(before);
    const resumed = await t.query(api.models.getModelById, {
      modelId: VIDEO.model,
    });
    expect(resumed!.pausedAt).toBeUndefined();
    const after = await admin.query(api.registry.getModelHealth, {
      modelId: VIDEO.model,
      asOf: Date.now(),
    });
    expect(after.testRuns[0]).toMatchObject({
      status: "succeeded",
      outputUrl: expect.any(String),
    });
    // Both the pause and the resume are in the audit trail.
    const trail = await admin.query(api.models.getModelAuditTrail, {
      modelId: VIDEO.model,
      paginationOpts: { numItems: 10, cursor: null },
    });
    const actors = trail.page.map((e) => e.actor);
    expect(actors).toContain("circuit-breaker");
    expect(actors).toContain("test run");
    await creator.mutation(api.videos.createVideo, { ...VIDEO, prompt: "ok" });
  });

  test("one failure among successes does not open it; admins can resume", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.users.store, {});
    await t.run(async (ctx) => {
      const user = await ctx.db
        .query("users")
        .withIndex("by_emailLower", (q) => q.eq("emailLower", CREATOR.email))
        .unique();
      await ctx.db.patch("users", user!._id, { balance: 1000 });
    });
    for (const prompt of ["fine", "fine too", "bad [fail]"]) {
      const id = await creator.mutation(api.videos.createVideo, {
        ...VIDEO,
        prompt,
      });
      await waitFor(t, id);
    }
    const model = await t.query(api.models.getModelById, {
      modelId: VIDEO.model,
    });
    expect(model!.pausedAt).toBeUndefined();
    // A manual resume of a paused model is audited with the admin's name.
    await t.run(async (ctx) => {
      await ctx.db.patch("models", model!._id, {
        pausedAt: Date.now(),
        pauseReason: "test",
      });
    });
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.registry.resumeModel, { modelId: VIDEO.model });
    const trail = await admin.query(api.models.getModelAuditTrail, {
      modelId: VIDEO.model,
      paginationOpts: { numItems: 1, cursor: null },
    });
    expect(trail.page[0].actor).toBe(ADMIN.email);
    expect(trail.page[0].changes.map((c) => c.field)).toContain("pausedAt");
  });

  test("a test run uses the cheapest settings (Veo 3 without audio)", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    const runId = await admin.mutation(api.registry.startTestRun, {
      modelId: "google/veo-3",
    });
    const run = await t.run((ctx) => ctx.db.get("videos", runId));
    expect(run).toMatchObject({
      creditsCost: 0,
      duration: 8,
      inputs: { generate_audio: false },
    });
  });
});

describe("bulk actions", () => {
  test("deactivate, deprecate and activate many models, each audited", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    const ids = ["luma/ray-2-720p", "google/veo-3"];
    expect(
      await admin.mutation(api.registry.bulkUpdateModels, {
        modelIds: ids,
        action: "deactivate",
      }),
    ).toEqual({ changed: 2 });
    expect(
      (await t.query(api.models.getActiveModels, {})).map((m) => m.modelId),
    ).toEqual(["luma/ray-flash-2-540p"]);
    // Already inactive: nothing changes.
    expect(
      await admin.mutation(api.registry.bulkUpdateModels, {
        modelIds: ids,
        action: "deactivate",
      }),
    ).toEqual({ changed: 0 });
    await admin.mutation(api.registry.bulkUpdateModels, {
      modelIds: ids,
      action: "deprecate",
    });
    await admin.mutation(api.registry.bulkUpdateModels, {
      modelIds: ids,
      action: "activate",
    });
    for (const modelId of ids) {
      const trail = await admin.query(api.models.getModelAuditTrail, {
        modelId,
        paginationOpts: { numItems: 10, cursor: null },
      });
      const fields = trail.page
        .filter((e) => e.actor === ADMIN.email)
        .flatMap((e) => e.changes.map((c) => `${c.field}=${c.newValue}`));
      expect(fields).toEqual(
        expect.arrayContaining([
          "isActive=false",
          "isDeprecated=true",
          "isActive=true",
        ]),
      );
    }
    expect(
      await errorData(
        t.withIdentity(CREATOR).mutation(api.registry.bulkUpdateModels, {
          modelIds: ids,
          action: "activate",
        }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await errorData(
        admin.mutation(api.registry.bulkUpdateModels, {
          modelIds: ["luma/ray-2-720p", "nope/none"],
          action: "deactivate",
        }),
      ),
    ).toMatchObject({ code: "MODEL_NOT_FOUND" });
    // Refused as a whole: the first model was not changed either.
    const ray = await t.query(api.models.getModelById, {
      modelId: "luma/ray-2-720p",
    });
    expect(ray!.isActive).toBe(true);
  });
});
