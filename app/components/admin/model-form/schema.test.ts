import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import type { ModelDoc } from "~/utils/api";
import {
  modelDefaultValues,
  ModelFormSchema,
  toCreateArgs,
  toPatch,
} from "./schema";

function formData(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
}

const VALID = {
  modelId: "acme/clip-1",
  name: "Clip One",
  provider: "acme",
  costPerSecond: "0.2",
  supportedDurations: "5, 10",
  supportedQualities: "standard, HD",
  qualityMultipliers: "HD=1.5",
  isActive: "on",
};

const parse = (values: Record<string, string>) =>
  parseWithZod(formData(values), { schema: ModelFormSchema });

/** The field messages of a refused submission (undefined when it passes). */
function errorsOf(values: Record<string, string>) {
  const submission = parse(values);
  return submission.status === "success" ? undefined : submission.error;
}

describe("the model form's schema", () => {
  it("turns the typed text into createModel's arguments", () => {
    const submission = parse({
      ...VALID,
      tags: "fast, cheap",
      modelParameters: '{"resolution": "720p"}',
      requirements: '{"aspectRatios": ["16:9"]}',
    });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(toCreateArgs(submission.value)).toEqual({
      modelId: "acme/clip-1",
      name: "Clip One",
      description: "",
      provider: "acme",
      tags: ["fast", "cheap"],
      replicateModelId: "acme/clip-1",
      modelParameters: { resolution: "720p" },
      requirements: { aspectRatios: ["16:9"] },
      costPerSecond: 0.2,
      supportedDurations: [5, 10],
      supportedQualities: ["standard", "HD"],
      qualityMultipliers: { HD: 1.5 },
      isActive: true,
      isPremium: false,
      isDefault: false,
      isDeprecated: false,
    });
  });

  it("names the field of a format error and of a broken backend rule", () => {
    expect(errorsOf({ ...VALID, supportedDurations: "5, ten" })).toEqual({
      supportedDurations: [
        "Durations must be whole seconds separated by commas, like 5, 9.",
      ],
    });
    expect(errorsOf({ ...VALID, modelParameters: "[1]" })).toEqual({
      modelParameters: [
        'Model parameters must be a JSON object, like {"resolution": "720p"}.',
      ],
    });
    const rules = errorsOf({
      ...VALID,
      costPerSecond: "-1",
      fixedDuration: "7",
    });
    expect(Object.keys(rules ?? {}).sort()).toEqual([
      "costPerSecond",
      "fixedDuration",
    ]);
    expect(rules?.fixedDuration).toEqual([
      "Fixed duration must be one of the supported durations.",
    ]);
  });

  it("edits: only changed fields, an emptied optional field clears", () => {
    const stored = {
      _id: "m1",
      _creationTime: 0,
      createdAt: 0,
      updatedAt: 0,
      ...toCreateArgsOf(VALID),
      maxDuration: 10,
      version: "v1",
    } as unknown as ModelDoc;
    const text = modelDefaultValues(stored);
    expect(text.maxDuration).toBe("10");
    const submission = parse({
      ...text,
      maxDuration: "",
      version: "",
      costPerSecond: "0.25",
    });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(toPatch(stored, submission.value)).toEqual({
      costPerSecond: 0.25,
      maxDuration: null,
      version: null,
    });
  });

  it("parses creator inputs, price modifiers, outputs and the plan fields", () => {
    const inputs = [
      {
        name: "generate_audio",
        type: "boolean",
        label: "Audio",
        default: true,
      },
      { name: "aspect_ratio", type: "enum", options: ["16:9", "9:16"] },
    ];
    const modifiers = [
      { input: "generate_audio", value: false, multiplier: 0.5 },
    ];
    const submission = parse({
      ...VALID,
      inputs: JSON.stringify(inputs),
      priceModifiers: JSON.stringify(modifiers),
      maxOutputs: "2",
      unlockCredits: "500",
      sunsetAt: "2026-12-07T09:00",
      successorModelId: "acme/clip-2",
      providerCostPerSecond: "0.05",
    });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(toCreateArgs(submission.value)).toMatchObject({
      inputs,
      priceModifiers: modifiers,
      maxOutputs: 2,
      unlockCredits: 500,
      sunsetAt: Date.UTC(2026, 11, 7, 9, 0),
      successorModelId: "acme/clip-2",
      providerCostPerSecond: 0.05,
    });
  });

  it("puts a rule about one input next to that input (inputs.<name>)", () => {
    const errors = errorsOf({
      ...VALID,
      inputs: JSON.stringify([
        { name: "aspect_ratio", type: "enum", options: [] },
        { name: "seed", type: "integer", min: 10, max: 1 },
      ]),
    });
    expect(errors).toEqual({
      "inputs.aspect_ratio": ["An enum input lists 1 to 50 options."],
      "inputs.seed": ["Minimum is above maximum."],
    });
    expect(
      errorsOf({
        ...VALID,
        inputs: JSON.stringify([{ name: "loop", type: "boolean" }]),
        priceModifiers: JSON.stringify([{ input: "loop", value: true }]),
      }),
    ).toEqual({
      priceModifiers: [
        "Price modifier loop = true needs a multiplier or a price per second.",
      ],
    });
    expect(Object.keys(errorsOf({ ...VALID, inputs: "[{" }) ?? {})).toEqual([
      "inputs",
    ]);
    expect(errorsOf({ ...VALID, sunsetAt: "someday" })).toEqual({
      sunsetAt: ["Enter a date and time, like 2026-12-07 09:00 (UTC)."],
    });
    expect(errorsOf({ ...VALID, maxOutputs: "9" })).toEqual({
      maxOutputs: ["Maximum outputs must be a whole number from 1 to 4."],
    });
    expect(errorsOf({ ...VALID, providerCostPerSecond: "-0.01" })).toEqual({
      providerCostPerSecond: [
        "The provider's price per second must be a US-dollar amount from 0 to 1000 with at most 4 decimal places.",
      ],
    });
  });

  it("edits: stored inputs in another key order and a sunset within the minute are unchanged", () => {
    const stored = {
      _id: "m1",
      _creationTime: 0,
      createdAt: 0,
      updatedAt: 0,
      ...toCreateArgsOf(VALID),
      inputs: [{ type: "enum", options: ["16:9", "9:16"], name: "ar" }],
      sunsetAt: Date.UTC(2026, 11, 7, 9, 0, 30),
      unlockCredits: 100,
    } as unknown as ModelDoc;
    const text = modelDefaultValues(stored);
    expect(text.sunsetAt).toBe("2026-12-07T09:00");
    const same = parse({
      ...text,
      inputs: JSON.stringify([
        { name: "ar", type: "enum", options: ["16:9", "9:16"] },
      ]),
    });
    if (same.status !== "success") throw new Error("invalid");
    expect(toPatch(stored, same.value)).toEqual({});
    const cleared = parse({ ...text, inputs: "", unlockCredits: "" });
    if (cleared.status !== "success") throw new Error("invalid");
    expect(toPatch(stored, cleared.value)).toEqual({
      inputs: null,
      unlockCredits: null,
    });
  });
});

function toCreateArgsOf(values: Record<string, string>) {
  const submission = parse(values);
  if (submission.status !== "success") throw new Error("invalid");
  return toCreateArgs(submission.value);
}
