import { describe, expect, test } from "vitest";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  setup,
  setupWithDefaults,
} from "./test.setup";

const NEW_MODEL = {
  modelId: "acme/dream-1",
  name: "Acme Dream 1",
  description: "A test model",
  costPerSecond: 0.07,
  supportedDurations: [3, 6],
  supportedQualities: ["standard", "high"],
  qualityMultipliers: { high: 1.5 },
  isPremium: false,
  isActive: true,
  isDefault: false,
  isDeprecated: false,
  provider: "acme",
  category: "experimental",
  tags: ["test"],
  replicateModelId: "acme/dream-1:abc123",
  modelParameters: { aspect_ratio: "16:9" },
};

describe("seeding", () => {
  test("creates the three defaults once and never overwrites edits", async () => {
    const t = setup();
    expect(
      (await t.mutation(internal.models.initializeDefaultModelsInternal, {}))
        .created,
    ).toBe(3);
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.2,
    });
    expect(
      (await admin.mutation(api.models.initializeDefaultModels, {})).created,
    ).toBe(0);
    const ray = await t.query(api.models.getModelById, {
      modelId: "luma/ray-2-720p",
    });
    expect(ray?.costPerSecond).toBe(0.2);

    await admin.mutation(api.models.deleteModel, { modelId: "google/veo-3" });
    expect(
      (await admin.mutation(api.models.initializeDefaultModels, {})).created,
    ).toBe(0);
  });

  test("a creator cannot seed; signed out is UNAUTHENTICATED", async () => {
    const t = setup();
    expect(
      (
        await errorData(
          t
            .withIdentity(CREATOR)
            .mutation(api.models.initializeDefaultModels, {}),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (await errorData(t.mutation(api.models.initializeDefaultModels, {})))
        .code,
    ).toBe("UNAUTHENTICATED");
  });

  test("the seeded catalogue matches the contract", async () => {
    const t = await setupWithDefaults();
    const active = await t.query(api.models.getActiveModels, {});
    expect(active.map((m) => m.modelId)).toEqual([
      "luma/ray-flash-2-540p", // default first
      "google/veo-3",
      "luma/ray-2-720p",
    ]);
    const veo = active[1];
    expect(veo).toMatchObject({
      name: "Google Veo-3",
      provider: "google",
      category: "premium",
      costPerSecond: 0.75,
      fixedDuration: 8,
      supportedDurations: [8],
      supportedQualities: ["standard"],
      isPremium: true,
      isActive: true,
      isDeprecated: false,
      replicateModelId: "google/veo-3",
    });
    expect((await t.query(api.models.getDefaultModel, {}))?.modelId).toBe(
      "luma/ray-flash-2-540p",
    );
    expect(
      (await t.query(api.models.getPremiumModels, {})).map((m) => m.modelId),
    ).toEqual(["google/veo-3"]);
    expect(
      (await t.query(api.models.getModelsByProvider, { provider: "luma" })).map(
        (m) => m.modelId,
      ),
    ).toEqual([
      "luma/ray-flash-2-540p", // "Luma Ray Flash…" sorts before "Luma Ray-2…"
      "luma/ray-2-720p",
    ]);
    expect(
      (await t.query(api.models.getModelsByCategory, { category: "budget" }))
        .length,
    ).toBe(2);
    expect(
      await t.query(api.models.getModelById, { modelId: "nope/nope" }),
    ).toBeNull();
  });
});

describe("admin mutations", () => {
  test("create, then duplicate and invalid input are refused", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.createModel, NEW_MODEL);
    const created = await t.query(api.models.getModelById, {
      modelId: "acme/dream-1",
    });
    expect(created).toMatchObject({
      ...NEW_MODEL,
      createdAt: expect.any(Number),
    });

    expect(
      (await errorData(admin.mutation(api.models.createModel, NEW_MODEL))).code,
    ).toBe("DUPLICATE_MODEL_ID");
    for (const bad of [
      { costPerSecond: -1 },
      { supportedDurations: [] },
      { supportedQualities: [] },
      { fixedDuration: 4 },
      { costPerSecond: 0.00001 },
    ]) {
      const data = await errorData(
        admin.mutation(api.models.createModel, {
          ...NEW_MODEL,
          modelId: "acme/bad",
          ...bad,
        }),
      );
      expect(data.code).toBe("INVALID_ARGUMENT");
      expect(data.field).toBe(Object.keys(bad)[0]);
    }
    expect(
      await t.query(api.models.getModelById, { modelId: "acme/bad" }),
    ).toBeNull();
  });

  test("creators and signed-out callers are refused every mutation", async () => {
    const t = await setupWithDefaults();
    const creator = t.withIdentity(CREATOR);
    const calls = [
      (c: typeof creator) => c.mutation(api.models.createModel, NEW_MODEL),
      (c: typeof creator) =>
        c.mutation(api.models.updateModel, {
          modelId: "google/veo-3",
          costPerSecond: 0,
        }),
      (c: typeof creator) =>
        c.mutation(api.models.deleteModel, { modelId: "google/veo-3" }),
      (c: typeof creator) =>
        c.mutation(api.models.restoreModel, { modelId: "google/veo-3" }),
    ];
    for (const call of calls) {
      expect((await errorData(call(creator))).code).toBe("FORBIDDEN");
      expect((await errorData(call(t))).code).toBe("UNAUTHENTICATED");
    }
    expect(
      (await errorData(creator.query(api.models.listModelsForAdmin, {}))).code,
    ).toBe("FORBIDDEN");
    expect(
      (await t.query(api.models.getModelById, { modelId: "google/veo-3" }))
        ?.costPerSecond,
    ).toBe(0.75);
  });

  test("a user record with role admin is an admin too", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await t
      .withIdentity(ADMIN)
      .mutation(api.users.setRole, { email: CREATOR.email, role: "admin" });
    await t.withIdentity(CREATOR).mutation(api.models.updateModel, {
      modelId: "google/veo-3",
      costPerSecond: 0.8,
    });
    expect(
      (await t.query(api.models.getModelById, { modelId: "google/veo-3" }))
        ?.costPerSecond,
    ).toBe(0.8);
  });

  test("exactly one default at a time", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      isDefault: true,
    });
    const models = await t.query(api.models.getActiveModels, {});
    expect(models.filter((m) => m.isDefault).map((m) => m.modelId)).toEqual([
      "luma/ray-2-720p",
    ]);
    expect(models[0].modelId).toBe("luma/ray-2-720p");

    await admin.mutation(api.models.createModel, {
      ...NEW_MODEL,
      isDefault: true,
    });
    expect((await t.query(api.models.getDefaultModel, {}))?.modelId).toBe(
      "acme/dream-1",
    );
    expect(
      (await t.query(api.models.getActiveModels, {})).filter(
        (m) => m.isDefault,
      ),
    ).toHaveLength(1);

    // Deactivating the default takes the flag with it.
    await admin.mutation(api.models.updateModel, {
      modelId: "acme/dream-1",
      isActive: false,
    });
    expect(await t.query(api.models.getDefaultModel, {})).toBeNull();
    const data = await errorData(
      admin.mutation(api.models.updateModel, {
        modelId: "acme/dream-1",
        isDefault: true,
      }),
    );
    expect(data.code).toBe("INVALID_ARGUMENT");
  });

  test("deprecation sets deprecatedAt and clearing it removes it", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      isDeprecated: true,
    });
    const deprecated = await t.query(api.models.getModelById, {
      modelId: "luma/ray-2-720p",
    });
    expect(deprecated?.isDeprecated).toBe(true);
    expect(deprecated?.deprecatedAt).toEqual(expect.any(Number));
    // Deprecated models stay listed (marked) until deactivated.
    expect(
      (await t.query(api.models.getActiveModels, {})).map((m) => m.modelId),
    ).toContain("luma/ray-2-720p");
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      isDeprecated: false,
    });
    expect(
      (await t.query(api.models.getModelById, { modelId: "luma/ray-2-720p" }))
        ?.deprecatedAt,
    ).toBeUndefined();
  });

  test("soft delete hides a model everywhere and restore brings it back", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.deleteModel, {
      modelId: "luma/ray-flash-2-540p",
    });
    const deleted = await t.query(api.models.getModelById, {
      modelId: "luma/ray-flash-2-540p",
    });
    expect(deleted?.deletedAt).toEqual(expect.any(Number));
    expect(deleted?.isDefault).toBe(false);
    expect(
      (await t.query(api.models.getActiveModels, {})).map((m) => m.modelId),
    ).not.toContain("luma/ray-flash-2-540p");
    expect(
      await t.query(api.models.getModelsByProvider, { provider: "luma" }),
    ).toHaveLength(1);
    expect(await t.query(api.models.getDefaultModel, {})).toBeNull();
    expect(
      (await admin.query(api.models.listModelsForAdmin, {})).map(
        (m) => m.modelId,
      ),
    ).not.toContain("luma/ray-flash-2-540p");
    expect(
      await admin.query(api.models.listModelsForAdmin, {
        includeDeleted: true,
      }),
    ).toHaveLength(3);

    await admin.mutation(api.models.restoreModel, {
      modelId: "luma/ray-flash-2-540p",
    });
    expect(await t.query(api.models.getActiveModels, {})).toHaveLength(3);
    expect(
      (
        await errorData(
          admin.mutation(api.models.restoreModel, {
            modelId: "luma/ray-flash-2-540p",
          }),
        )
      ).code,
    ).toBe("INVALID_STATE");
    expect(
      (
        await errorData(
          admin.mutation(api.models.deleteModel, { modelId: "x/y" }),
        )
      ).code,
    ).toBe("MODEL_NOT_FOUND");
  });

  test("null clears an optional field", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.createModel, {
      ...NEW_MODEL,
      maxDuration: 6,
    });
    await admin.mutation(api.models.updateModel, {
      modelId: NEW_MODEL.modelId,
      maxDuration: null,
      tags: null,
    });
    const model = await t.query(api.models.getModelById, {
      modelId: NEW_MODEL.modelId,
    });
    expect(model?.maxDuration).toBeUndefined();
    expect(model?.tags).toBeUndefined();
  });

  test("the provider's price per second is a US-dollar amount like the list price (issue 11)", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    expect(
      await errorData(
        admin.mutation(api.models.createModel, {
          ...NEW_MODEL,
          providerCostPerSecond: -0.01,
        }),
      ),
    ).toMatchObject({
      code: "INVALID_ARGUMENT",
      field: "providerCostPerSecond",
    });
    await admin.mutation(api.models.createModel, {
      ...NEW_MODEL,
      providerCostPerSecond: 0.05,
    });
    expect(
      await errorData(
        admin.mutation(api.models.updateModel, {
          modelId: NEW_MODEL.modelId,
          providerCostPerSecond: 0.12345,
        }),
      ),
    ).toMatchObject({
      code: "INVALID_ARGUMENT",
      field: "providerCostPerSecond",
    });
    await admin.mutation(api.models.updateModel, {
      modelId: NEW_MODEL.modelId,
      providerCostPerSecond: null,
    });
    const model = await t.query(api.models.getModelById, {
      modelId: NEW_MODEL.modelId,
    });
    expect(model?.providerCostPerSecond).toBeUndefined();
  });
});

describe("audit trail", () => {
  test("records who changed what, old → new, for each change", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.2,
      isPremium: true,
    });
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      isDefault: true,
    });
    await admin.mutation(api.models.deleteModel, {
      modelId: "luma/ray-2-720p",
    });
    await admin.mutation(api.models.restoreModel, {
      modelId: "luma/ray-2-720p",
    });
    // An update that changes nothing is not recorded.
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.2,
    });

    const trail = await admin.query(api.models.getModelAuditTrail, {
      modelId: "luma/ray-2-720p",
      paginationOpts: { numItems: 10, cursor: null },
    });
    const entries = trail.page.map((e) => ({
      action: e.action,
      actor: e.actor,
      fields: e.changes.map((c) => c.field),
    }));
    expect(entries).toEqual([
      { action: "restore", actor: ADMIN.email, fields: ["deletedAt"] },
      {
        action: "delete",
        actor: ADMIN.email,
        fields: ["deletedAt", "isDefault"],
      },
      { action: "update", actor: ADMIN.email, fields: ["isDefault"] },
      {
        action: "update",
        actor: ADMIN.email,
        fields: ["costPerSecond", "isPremium"],
      },
      {
        action: "seed",
        actor: "init-models",
        fields: expect.arrayContaining(["modelId", "costPerSecond"]),
      },
    ]);
    expect(trail.page[3].changes[0]).toEqual({
      field: "costPerSecond",
      oldValue: 0.18,
      newValue: 0.2,
    });
    // The previous default's loss of the flag is recorded on it.
    const flash = await admin.query(api.models.getModelAuditTrail, {
      modelId: "luma/ray-flash-2-540p",
      paginationOpts: { numItems: 10, cursor: null },
    });
    expect(flash.page[0].changes).toEqual([
      { field: "isDefault", oldValue: true, newValue: false },
    ]);
    expect(
      (
        await errorData(
          t.withIdentity(CREATOR).query(api.models.getModelAuditTrail, {
            modelId: "luma/ray-2-720p",
            paginationOpts: { numItems: 10, cursor: null },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});

describe("validateModelCapabilities", () => {
  test("codes for each problem", async () => {
    const t = await setupWithDefaults();
    const check = (modelId: string, duration: number, quality: string) =>
      t.query(api.models.validateModelCapabilities, {
        modelId,
        duration,
        quality,
      });
    expect(await check("google/veo-3", 8, "standard")).toEqual({
      valid: true,
      errors: [],
    });
    expect(
      (await check("google/veo-3", 5, "standard")).errors.map((e) => e.code),
    ).toEqual(["UNSUPPORTED_DURATION"]);
    expect(
      (await check("luma/ray-2-720p", 5, "4k")).errors.map((e) => e.code),
    ).toEqual(["UNSUPPORTED_QUALITY"]);
    expect(
      (await check("luma/ray-2-720p", 7, "4k")).errors.map((e) => e.code),
    ).toEqual(["UNSUPPORTED_DURATION", "UNSUPPORTED_QUALITY"]);
    expect(
      (await check("nope/nope", 5, "standard")).errors.map((e) => e.code),
    ).toEqual(["MODEL_NOT_FOUND"]);
    await t.withIdentity(ADMIN).mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      isActive: false,
    });
    expect(
      (await check("luma/ray-2-720p", 7, "4k")).errors.map((e) => e.code),
    ).toEqual(["MODEL_INACTIVE"]);
  });

  test("getModelStats starts at zero, also for unknown models", async () => {
    const t = await setupWithDefaults();
    expect(
      await t.query(api.models.getModelStats, { modelId: "google/veo-3" }),
    ).toMatchObject({
      modelId: "google/veo-3",
      totalGenerations: 0,
      successfulGenerations: 0,
      failedGenerations: 0,
      successRate: 0,
      averageGenerationTime: 0,
    });
    expect(
      await t.query(api.models.getModelStats, { modelId: "x/y" }),
    ).toMatchObject({ modelId: "x/y", totalGenerations: 0, successRate: 0 });
  });

  test("model ids, qualities and categories are as free as the contract allows", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.models.createModel, {
      ...NEW_MODEL,
      modelId: "Test-Model",
      supportedQualities: ["standard", "HD"],
      qualityMultipliers: { HD: 2 },
      category: "Premium",
    });
    expect(
      await t.query(api.pricing.getCreditCost, {
        modelId: "Test-Model",
        duration: 3,
        quality: "HD",
      }),
    ).toBe(42);
    const dup = await errorData(
      admin.mutation(api.models.createModel, {
        ...NEW_MODEL,
        modelId: "Test-Model",
      }),
    );
    expect(dup.code).toBe("DUPLICATE_MODEL_ID");
    const spaced = await errorData(
      admin.mutation(api.models.createModel, {
        ...NEW_MODEL,
        modelId: "has space",
      }),
    );
    expect(spaced).toMatchObject({
      code: "INVALID_ARGUMENT",
      field: "modelId",
    });
  });
});
