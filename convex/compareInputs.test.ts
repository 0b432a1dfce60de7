/**
 * The compare page's inputs selector (issue 13): `getModelPricingComparison`
 * prices each model with the chosen inputs it takes (price modifiers
 * through the one price function) and the chosen number of outputs, and
 * leaves the others at their defaults.
 */
import { describe, expect, test } from "vitest";
import { ADMIN, api, setupWithDefaults } from "./test.setup";

describe("comparison with creator inputs and outputs", () => {
  test("each model is priced with the inputs it takes and the outputs it can make", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(ADMIN).mutation(api.models.createModel, {
      modelId: "test/two-outputs",
      name: "Two Outputs",
      description: "",
      costPerSecond: 0.0333,
      supportedDurations: [5],
      supportedQualities: ["standard"],
      isPremium: false,
      isActive: true,
      isDefault: false,
      isDeprecated: false,
      provider: "test",
      replicateModelId: "test/two-outputs",
      inputs: [
        { name: "generate_audio", type: "boolean", default: true },
        { name: "aspect_ratio", type: "enum", options: ["16:9", "1:1"] },
      ],
      priceModifiers: [
        { input: "generate_audio", value: false, multiplier: 0.5 },
        { input: "aspect_ratio", value: "1:1", multiplier: 1.1 },
      ],
      maxOutputs: 2,
    });
    const compare = async (args: object) =>
      new Map(
        (await t.query(api.pricing.getModelPricingComparison, args)).map(
          (row) => [row.modelId, row],
        ),
      );

    const plain = await compare({});
    expect(plain.get("google/veo-3")?.creditCost).toBe(600);
    // 0.0333 × 5 × 100 = 16.65 → 17
    expect(plain.get("test/two-outputs")?.creditCost).toBe(17);

    const noAudio = await compare({ inputs: { generate_audio: false } });
    expect(noAudio.get("google/veo-3")).toMatchObject({
      creditCost: 400,
      inputs: { generate_audio: false },
    });
    // × 0.5: 8.325 → 9
    expect(noAudio.get("test/two-outputs")?.creditCost).toBe(9);
    // Luma models do not take generate_audio: unchanged, nothing applied.
    expect(noAudio.get("luma/ray-2-720p")).toMatchObject({
      creditCost: plain.get("luma/ray-2-720p")?.creditCost,
      inputs: {},
    });

    // A value one model lacks is not held against it: Veo 3 has no 1:1.
    const square = await compare({
      inputs: { aspect_ratio: "1:1", generate_audio: false },
    });
    expect(square.get("google/veo-3")).toMatchObject({
      creditCost: 400,
      inputs: { generate_audio: false },
    });
    // 0.0333 × 5 × 0.5 × 1.1 × 100 = 9.1575 → 10
    expect(square.get("test/two-outputs")).toMatchObject({
      creditCost: 10,
      inputs: { aspect_ratio: "1:1", generate_audio: false },
    });

    // Two outputs: × 2 where a model makes two; "—" where it makes one.
    const two = await compare({ outputs: 2 });
    expect(two.get("test/two-outputs")).toMatchObject({
      creditCost: 34,
      outputs: 2,
    });
    expect(two.get("google/veo-3")?.creditCost).toBeNull();
    // Priced as createVideo would charge it.
    expect(
      await t.query(api.pricing.getCreditCost, {
        modelId: "test/two-outputs",
        duration: 5,
        quality: "standard",
        inputs: { aspect_ratio: "1:1", generate_audio: false },
      }),
    ).toBe(10);
  });
});
