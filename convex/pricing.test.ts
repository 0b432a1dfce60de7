import { describe, expect, test } from "vitest";
import { ADMIN, api, errorData, setupWithDefaults } from "./test.setup";

describe("pricing", () => {
  test("getCreditCost gives exact integer credits", async () => {
    const t = await setupWithDefaults();
    const cost = (modelId: string, duration: number, quality = "standard") =>
      t.query(api.pricing.getCreditCost, { modelId, duration, quality });
    expect(await cost("luma/ray-2-720p", 5)).toBe(90);
    expect(await cost("luma/ray-2-720p", 9)).toBe(162);
    expect(await cost("google/veo-3", 8)).toBe(600);
    expect(await cost("luma/ray-flash-2-540p", 5)).toBe(60);
    expect(await cost("luma/ray-flash-2-540p", 9)).toBe(108);

    await t.withIdentity(ADMIN).mutation(api.models.createModel, {
      modelId: "acme/seven",
      name: "Acme Seven",
      description: "",
      costPerSecond: 0.07,
      supportedDurations: [3],
      supportedQualities: ["standard", "high"],
      qualityMultipliers: { high: 1.25 },
      isPremium: false,
      isActive: true,
      isDefault: false,
      isDeprecated: false,
      provider: "acme",
      replicateModelId: "acme/seven",
    });
    expect(await cost("acme/seven", 3)).toBe(21);
    expect(await cost("acme/seven", 3, "high")).toBe(27); // 26.25 → 27
  });

  test("getCreditCost throws the contract's codes", async () => {
    const t = await setupWithDefaults();
    const code = async (modelId: string, duration: number, quality: string) =>
      (
        await errorData(
          t.query(api.pricing.getCreditCost, { modelId, duration, quality }),
        )
      ).code;
    expect(await code("x/y", 5, "standard")).toBe("MODEL_NOT_FOUND");
    expect(await code("google/veo-3", 5, "standard")).toBe(
      "UNSUPPORTED_DURATION",
    );
    expect(await code("google/veo-3", 8, "ultra")).toBe("UNSUPPORTED_QUALITY");
    await t
      .withIdentity(ADMIN)
      .mutation(api.models.deleteModel, { modelId: "google/veo-3" });
    expect(await code("google/veo-3", 8, "standard")).toBe("MODEL_INACTIVE");
  });

  test("getAvailableModels lists the cost of every duration", async () => {
    const t = await setupWithDefaults();
    const models = await t.query(api.pricing.getAvailableModels, {});
    expect(models.map((m) => [m.modelId, m.creditCosts])).toEqual([
      [
        "luma/ray-flash-2-540p",
        [
          { duration: 5, credits: 60 },
          { duration: 9, credits: 108 },
        ],
      ],
      ["google/veo-3", [{ duration: 8, credits: 600 }]],
      [
        "luma/ray-2-720p",
        [
          { duration: 5, credits: 90 },
          { duration: 9, credits: 162 },
        ],
      ],
    ]);
  });

  test("a price change reprices new quotes at once", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(ADMIN).mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.2,
    });
    expect(
      await t.query(api.pricing.getCreditCost, {
        modelId: "luma/ray-2-720p",
        duration: 5,
        quality: "standard",
      }),
    ).toBe(100);
  });

  test("comparison: sorted by cost, nulls last, defaults per model", async () => {
    const t = await setupWithDefaults();
    const rows = await t.query(api.pricing.getModelPricingComparison, {});
    expect(rows.map((r) => [r.modelId, r.duration, r.creditCost])).toEqual([
      ["luma/ray-flash-2-540p", 5, 60],
      ["luma/ray-2-720p", 5, 90],
      ["google/veo-3", 8, 600],
    ]);
    const nine = await t.query(api.pricing.getModelPricingComparison, {
      duration: 9,
      quality: "standard",
    });
    expect(nine.map((r) => [r.modelId, r.creditCost])).toEqual([
      ["luma/ray-flash-2-540p", 108],
      ["luma/ray-2-720p", 162],
      ["google/veo-3", null],
    ]);
    expect(nine[0]).toMatchObject({
      name: "Luma Ray Flash 2-540p",
      costPerSecond: 0.12,
    });
  });
});
