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
});

function toCreateArgsOf(values: Record<string, string>) {
  const submission = parse(values);
  if (submission.status !== "success") throw new Error("invalid");
  return toCreateArgs(submission.value);
}
