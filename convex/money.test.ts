import { describe, expect, test } from "vitest";
import { computeCreditCost, creditsToUsd, toScaledInteger } from "./lib/money";
import {
  allowedDurations,
  checkCapabilities,
  validateModelDefinition,
} from "./lib/modelRules";
import { DEFAULT_MODELS } from "./model/defaultModels";

describe("exact money", () => {
  test("contract examples", () => {
    expect(computeCreditCost(0.18, 5, 1)).toBe(90);
    expect(computeCreditCost(0.07, 3, 1)).toBe(21);
    expect(computeCreditCost(0.75, 8, 1)).toBe(600);
    // The bug this module exists to avoid: naive floats give 22 here.
    expect(Math.ceil(0.07 * 3 * 100)).toBe(22);
  });

  test("rounds up fractions of a credit", () => {
    expect(computeCreditCost(0.1234, 1, 1)).toBe(13); // 12.34 credits → 13
    expect(computeCreditCost(0.0001, 1, 1)).toBe(1);
    expect(computeCreditCost(0, 9, 1)).toBe(0);
    expect(computeCreditCost(0.12, 9, 1.5)).toBe(162);
    expect(computeCreditCost(0.33, 7, 1.01)).toBe(234); // 233.331 → 234
  });

  test("every 4-decimal price × duration is exact", () => {
    for (let cents = 1; cents <= 2000; cents += 7) {
      const price = cents / 10000;
      for (const d of [1, 3, 5, 8, 9, 10]) {
        const exact = Math.ceil((cents * d) / 100);
        expect(computeCreditCost(price, d, 1)).toBe(exact);
      }
    }
  });

  test("scaled integers come from the decimal form", () => {
    expect(toScaledInteger(0.18, 4)).toBe(1800n);
    expect(toScaledInteger(1.1, 2)).toBe(110n);
    expect(toScaledInteger(0.12345, 4)).toBeNull();
    expect(toScaledInteger(-1, 4)).toBeNull();
    expect(toScaledInteger(Number.NaN, 4)).toBeNull();
    expect(toScaledInteger(1e-7, 4)).toBeNull();
  });

  test("formats credits as dollars", () => {
    expect(creditsToUsd(90)).toBe("$0.90");
    expect(creditsToUsd(600)).toBe("$6.00");
    expect(creditsToUsd(-5)).toBe("-$0.05");
  });
});

describe("model rules", () => {
  test("the default models are valid", () => {
    for (const model of DEFAULT_MODELS)
      expect(validateModelDefinition(model)).toEqual([]);
  });

  test("rejects broken definitions field by field", () => {
    const base = DEFAULT_MODELS[1];
    const fields = (patch: object) =>
      validateModelDefinition({ ...base, ...patch }).map((e) => e.field);
    expect(fields({ costPerSecond: -0.1 })).toEqual(["costPerSecond"]);
    expect(fields({ costPerSecond: 0.12345 })).toEqual(["costPerSecond"]);
    expect(fields({ supportedDurations: [] })).toEqual(["supportedDurations"]);
    expect(fields({ supportedDurations: [5, 5] })).toEqual([
      "supportedDurations",
    ]);
    expect(fields({ supportedDurations: [2.5] })).toEqual([
      "supportedDurations",
    ]);
    expect(fields({ supportedQualities: [] })).toEqual(["supportedQualities"]);
    expect(fields({ fixedDuration: 7 })).toEqual(["fixedDuration"]);
    expect(fields({ maxDuration: 3 })).toEqual(["maxDuration"]);
    expect(fields({ qualityMultipliers: { ultra: 2 } })).toEqual([
      "qualityMultipliers",
    ]);
    expect(fields({ qualityMultipliers: { standard: 1.234 } })).toEqual([
      "qualityMultipliers",
    ]);
    expect(fields({ modelId: "No Slash" })).toEqual(["modelId"]);
    expect(fields({ replicateModelId: "bad" })).toEqual(["replicateModelId"]);
    expect(fields({ modelParameters: { prompt: "x" } })).toEqual([
      "modelParameters",
    ]);
    expect(fields({ modelParameters: [1] })).toEqual(["modelParameters"]);
    expect(fields({ name: "  " })).toEqual(["name"]);
    expect(fields({ isDefault: true, isActive: false })).toEqual(["isDefault"]);
  });

  test("capabilities: fixed duration, max duration, both errors", () => {
    const veo = DEFAULT_MODELS[0];
    expect(allowedDurations(veo)).toEqual([8]);
    expect(checkCapabilities(veo, 8, "standard")).toEqual([]);
    const both = checkCapabilities(veo, 5, "ultra").map((e) => e.code);
    expect(both).toEqual(["UNSUPPORTED_DURATION", "UNSUPPORTED_QUALITY"]);
    const capped = { ...DEFAULT_MODELS[1], maxDuration: 5 };
    expect(allowedDurations(capped)).toEqual([5]);
    expect(checkCapabilities(capped, 9, "standard").map((e) => e.code)).toEqual(
      ["UNSUPPORTED_DURATION"],
    );
  });
});
