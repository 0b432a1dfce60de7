/**
 * The catalogue's rules as pure functions (lib/modelRules.ts,
 * lib/modelInputs.ts): every field rule of a model definition with the
 * field it names, input definitions and price modifiers, request inputs,
 * scheduled prices, the dearest video and the default quality.
 */
import { describe, expect, test } from "vitest";
import { MAX_PRICE_MULTIPLIER } from "./money";
import {
  allowedDurations,
  asOf,
  checkCapabilities,
  defaultQuality,
  maxCreditCost,
  type ModelDefinition,
  validateModelDefinition,
} from "./modelRules";
import {
  inputValueSchema,
  isFetchableUrl,
  MAX_URL_LENGTH,
  type ModelInputDef,
  outputsError,
  parseRequestInputs,
  validateInputDefinitions,
} from "./modelInputs";

const VALID: ModelDefinition = {
  modelId: "acme/clip",
  name: "Clip",
  description: "A clip model.",
  costPerSecond: 0.1,
  supportedDurations: [5, 10],
  supportedQualities: ["standard", "hd"],
  qualityMultipliers: { hd: 1.5 },
  provider: "acme",
  replicateModelId: "acme/clip",
  isActive: true,
  isDefault: false,
  isDeprecated: false,
};

/** The fields named by the errors of `VALID` with `patch` applied. */
const fieldsOf = (patch: Partial<ModelDefinition>) =>
  validateModelDefinition({ ...VALID, ...patch }).map((e) => e.field);

describe("validateModelDefinition", () => {
  test("a valid definition has no errors", () => {
    expect(validateModelDefinition(VALID)).toEqual([]);
    expect(
      fieldsOf({
        version: "v1",
        category: "budget",
        tags: ["fast", "cheap"],
        maxDuration: 5,
        fixedDuration: 5,
        modelParameters: { fps: 24 },
        unlockCredits: 500,
        sunsetAt: Date.UTC(2027, 0, 1),
        successorModelId: "acme/clip-2",
      }),
    ).toEqual([]);
  });

  test.each([
    ["description", { description: "x".repeat(2001) }],
    ["version", { version: "   " }],
    ["supportedDurations", { supportedDurations: [] }],
    [
      "supportedDurations",
      { supportedDurations: Array.from({ length: 21 }, (_, i) => i + 1) },
    ],
    ["supportedDurations", { supportedDurations: [5, 2.5] }],
    ["supportedDurations", { supportedDurations: [5, 5] }],
    [
      "supportedQualities",
      {
        supportedQualities: Array.from({ length: 21 }, (_, i) => `q${i}`),
        qualityMultipliers: {},
      },
    ],
    [
      "supportedQualities",
      { supportedQualities: ["standard", "standard"], qualityMultipliers: {} },
    ],
    ["supportedQualities", { supportedQualities: [], qualityMultipliers: {} }],
    ["qualityMultipliers", { qualityMultipliers: { ultra: 2 } }],
    ["qualityMultipliers", { qualityMultipliers: { hd: 0 } }],
    ["maxDuration", { maxDuration: 0 }],
    ["maxDuration", { maxDuration: 4 }],
    ["fixedDuration", { fixedDuration: 7 }],
    ["category", { category: " " }],
    ["category", { category: "c".repeat(41) }],
    ["tags", { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
    ["tags", { tags: ["ok", " "] }],
    ["tags", { tags: ["t".repeat(41)] }],
    ["tags", { tags: ["fast", "fast"] }],
    ["replicateModelId", { replicateModelId: "no-slash" }],
    ["modelParameters", { modelParameters: null }],
    ["modelParameters", { modelParameters: [1, 2] }],
    ["modelParameters", { modelParameters: "fps=24" }],
    ["modelParameters", { modelParameters: { prompt: "x", duration: 5 } }],
    ["isDefault", { isDefault: true, isActive: false }],
    ["isDefault", { isDefault: true, isDeprecated: true }],
    ["unlockCredits", { unlockCredits: 0 }],
    ["unlockCredits", { unlockCredits: 1.5 }],
    ["unlockCredits", { unlockCredits: 1_000_001 }],
    ["sunsetAt", { sunsetAt: 1.5 }],
    ["sunsetAt", { sunsetAt: Number.NaN }],
    ["successorModelId", { successorModelId: "acme/clip" }],
    ["provider", { provider: "  " }],
  ] as const)("%s: %j is refused", (field, patch) => {
    expect(fieldsOf(patch as Partial<ModelDefinition>)).toEqual([field]);
  });

  test("a fixed duration above the maximum names fixedDuration only", () => {
    const errors = validateModelDefinition({
      ...VALID,
      supportedDurations: [5, 10],
      maxDuration: 5,
      fixedDuration: 10,
    });
    expect(errors).toEqual([
      {
        field: "fixedDuration",
        message: "Fixed duration is above the maximum duration.",
      },
    ]);
  });

  test("the messages say the limits", () => {
    expect(validateModelDefinition({ ...VALID, version: "" })).toEqual([
      {
        field: "version",
        message: "Version must not be blank (leave it out instead).",
      },
    ]);
    expect(
      validateModelDefinition({ ...VALID, modelParameters: { prompt: "x" } }),
    ).toEqual([
      {
        field: "modelParameters",
        message:
          "Model parameters must not set prompt: the platform sets them.",
      },
    ]);
    expect(
      validateModelDefinition({ ...VALID, unlockCredits: 0 })[0].message,
    ).toBe("Unlock price must be a whole number of credits from 1 to 1000000.");
  });

  test("input errors join the model's, and the ledger cap is checked only on an otherwise valid model", () => {
    expect(
      validateModelDefinition({
        ...VALID,
        inputs: [{ name: "seed", type: "integer", min: 5, max: 1 }],
      }),
    ).toEqual([{ field: "inputs.seed", message: "Minimum is above maximum." }]);
    // $1000/s for an hour at ×100 is far above the per-entry cap …
    const dear = {
      ...VALID,
      costPerSecond: 1000,
      supportedDurations: [3600],
      qualityMultipliers: { hd: 100 },
    };
    expect(validateModelDefinition(dear).map((e) => e.field)).toEqual([
      "costPerSecond",
    ]);
    // … but with another error only that error is reported.
    expect(fieldsOf({ ...dear, name: "" })).toEqual(["name"]);
  });
});

describe("durations, qualities and prices", () => {
  test("allowed durations are sorted and capped; a fixed duration is the only one", () => {
    expect(
      allowedDurations({ ...VALID, supportedDurations: [10, 5, 8] }),
    ).toEqual([5, 8, 10]);
    expect(
      allowedDurations({
        ...VALID,
        supportedDurations: [10, 5, 8],
        maxDuration: 8,
      }),
    ).toEqual([5, 8]);
    expect(allowedDurations({ ...VALID, fixedDuration: 10 })).toEqual([10]);
  });

  test("checkCapabilities reports both a wrong duration and a wrong quality", () => {
    expect(checkCapabilities(VALID, 7, "4k")).toEqual([
      {
        code: "UNSUPPORTED_DURATION",
        message: "Duration 7s is not supported; choose 5s, 10s.",
      },
      {
        code: "UNSUPPORTED_QUALITY",
        message: 'Quality "4k" is not supported; choose standard, hd.',
      },
    ]);
    expect(checkCapabilities({ ...VALID, fixedDuration: 10 }, 5, "hd")).toEqual(
      [
        {
          code: "UNSUPPORTED_DURATION",
          message: "This model only makes 10-second videos.",
        },
      ],
    );
    expect(checkCapabilities(VALID, 10, "hd")).toEqual([]);
  });

  test("defaultQuality is standard when offered, else the first", () => {
    expect(defaultQuality(VALID)).toBe("standard");
    expect(defaultQuality({ ...VALID, supportedQualities: ["hd", "4k"] })).toBe(
      "hd",
    );
  });

  test("asOf applies the latest due scheduled price and keeps the ones ahead", () => {
    const model = {
      costPerSecond: 0.1,
      scheduledPriceChanges: [
        { costPerSecond: 0.3, effectiveAt: 300 },
        { costPerSecond: 0.2, effectiveAt: 200 },
        { costPerSecond: 0.15, effectiveAt: 100 },
      ],
    };
    expect(asOf(model, 50)).toBe(model);
    expect(asOf({ costPerSecond: 0.1 }, 50)).toEqual({ costPerSecond: 0.1 });
    expect(asOf({ costPerSecond: 0.1, scheduledPriceChanges: [] }, 50)).toEqual(
      { costPerSecond: 0.1, scheduledPriceChanges: [] },
    );
    expect(asOf(model, 250)).toEqual({
      costPerSecond: 0.2,
      scheduledPriceChanges: [{ costPerSecond: 0.3, effectiveAt: 300 }],
    });
    // Listed out of order: the latest time wins, not the last listed.
    expect(asOf(model, 300).costPerSecond).toBe(0.3);
  });

  test("maxCreditCost: longest duration, dearest quality, price and multiplier per input, outputs, the dearest plan", () => {
    expect(
      maxCreditCost({
        ...VALID,
        supportedDurations: [],
        qualityMultipliers: {},
      }),
    ).toBe(0);
    expect(maxCreditCost({ ...VALID, supportedQualities: [] })).toBe(0);
    // 10 s × $0.10 × 1.5 (hd) = 150 credits, × the dearest plan (×100).
    expect(MAX_PRICE_MULTIPLIER).toBe(100);
    expect(maxCreditCost(VALID)).toBe(150 * 100);
    // hd listed first or last makes no difference.
    expect(
      maxCreditCost({ ...VALID, supportedQualities: ["hd", "standard"] }),
    ).toBe(150 * 100);
    const withModifiers = {
      ...VALID,
      maxOutputs: 3,
      inputs: [
        {
          name: "ratio",
          type: "enum" as const,
          options: ["a", "b", "c"],
        },
        { name: "audio", type: "boolean" as const },
      ],
      priceModifiers: [
        { input: "ratio", value: "a", multiplier: 1.2 },
        { input: "ratio", value: "b", multiplier: 1.5 },
        { input: "ratio", value: "c", multiplier: 0.5 },
        { input: "audio", value: true, costPerSecond: 0.2 },
      ],
    };
    // 10 s × $0.20 × 1.5 (hd) × 1.5 (ratio b) × 3 outputs = 1350 credits,
    // × 100 for the dearest plan.
    expect(maxCreditCost(withModifiers)).toBe(1350 * 100);
  });
});

describe("validateInputDefinitions", () => {
  const errorsOf = (
    inputs: ModelInputDef[],
    extra: Partial<Parameters<typeof validateInputDefinitions>[0]> = {},
  ) => validateInputDefinitions({ inputs, ...extra });

  test("names, types, labels, options and limits", () => {
    expect(
      errorsOf([
        { name: "9lives", type: "boolean" },
        { name: "prompt", type: "string" },
        { name: "seed", type: "integer" },
        { name: "seed", type: "integer" },
        { name: "odd", type: "video" as never },
        { name: "long", type: "boolean", label: "L".repeat(61) },
        { name: "none", type: "enum" },
        { name: "twice", type: "enum", options: ["a", "a"] },
        { name: "flag", type: "boolean", options: ["x"] },
        { name: "lo", type: "number", min: Number.NaN },
        { name: "hi", type: "number", max: Number.POSITIVE_INFINITY },
        { name: "text", type: "string", maxLength: 0 },
        { name: "count", type: "integer", max: 3, default: 4 },
      ]),
    ).toEqual([
      {
        field: "inputs",
        message:
          'Input name "9lives" must be a Replicate input name such as aspect_ratio.',
      },
      { field: "inputs.prompt", message: 'The platform sets "prompt" itself.' },
      { field: "inputs.seed", message: 'Input "seed" is listed twice.' },
      { field: "inputs.odd", message: 'Unknown input type "video".' },
      {
        field: "inputs.long",
        message: "Labels must be at most 60 characters.",
      },
      { field: "inputs.none", message: "An enum input lists 1 to 50 options." },
      { field: "inputs.twice", message: "Options must not repeat." },
      { field: "inputs.flag", message: "Only enum inputs have options." },
      { field: "inputs.lo", message: "Minimum must be a number." },
      { field: "inputs.hi", message: "Maximum must be a number." },
      {
        field: "inputs.text",
        message: "Maximum length must be a positive whole number.",
      },
      {
        field: "inputs.count",
        message: "Default: count must be at most 3.",
      },
    ]);
  });

  test("at most 30 inputs and 30 modifiers", () => {
    const inputs = Array.from({ length: 31 }, (_, i) => ({
      name: `in_${i}`,
      type: "boolean" as const,
    }));
    const priceModifiers = Array.from({ length: 31 }, (_, i) => ({
      input: `in_${i}`,
      value: true,
      multiplier: 1.1,
    }));
    expect(
      validateInputDefinitions({ inputs, priceModifiers }).map((e) => e.field),
    ).toEqual(["inputs", "priceModifiers"]);
  });

  test("each modifier names an exposed input, a value it can take and a valid price", () => {
    const inputs: ModelInputDef[] = [
      { name: "ratio", type: "enum", options: ["16:9", "9:16"] },
    ];
    expect(
      errorsOf(inputs, {
        priceModifiers: [
          { input: "audio", value: true, multiplier: 2 },
          { input: "ratio", value: "1:1", multiplier: 2 },
          { input: "ratio", value: "9:16" },
          { input: "ratio", value: "9:16", multiplier: 1.005 },
          { input: "ratio", value: "16:9", costPerSecond: -1 },
          { input: "ratio", value: "16:9", costPerSecond: 0.5, multiplier: 2 },
        ],
      }).map((e) => e.message),
    ).toEqual([
      "Price modifier audio = true names an input the model does not expose.",
      "Price modifier ratio = 1:1: ratio cannot take that value.",
      "Price modifier ratio = 9:16 needs a multiplier or a price per second.",
      "Price modifier ratio = 9:16: the multiplier must be above 0 and at most 100, with at most 2 decimal places.",
      "Price modifier ratio = 16:9: the price per second must be US$ 0–1000 with at most 4 decimal places.",
    ]);
  });

  test("maxOutputs is a whole number from 1 to 4", () => {
    for (const maxOutputs of [0, 5, 2.5])
      expect(validateInputDefinitions({ maxOutputs })).toEqual([
        {
          field: "maxOutputs",
          message: "Maximum outputs must be a whole number from 1 to 4.",
        },
      ]);
    expect(validateInputDefinitions({ maxOutputs: 4 })).toEqual([]);
  });
});

describe("request inputs", () => {
  const defs: ModelInputDef[] = [
    { name: "ratio", type: "enum", options: ["16:9", 1], label: "Ratio" },
    { name: "audio", type: "boolean" },
    { name: "seed", type: "integer", min: 0, max: 10 },
    { name: "guidance", type: "number" },
    { name: "negative", type: "string", maxLength: 5 },
    { name: "note", type: "string" },
    { name: "image", type: "image", label: "Start frame" },
  ];

  test("accepted values are returned as given", () => {
    expect(
      parseRequestInputs(defs, {
        ratio: 1,
        audio: false,
        seed: 10,
        guidance: 2.5,
        negative: "blur",
        image: "https://cdn.example/a.png",
      }),
    ).toEqual({
      ok: true,
      values: {
        ratio: 1,
        audio: false,
        seed: 10,
        guidance: 2.5,
        negative: "blur",
        image: "https://cdn.example/a.png",
      },
    });
    expect(parseRequestInputs(undefined, undefined)).toEqual({
      ok: true,
      values: {},
    });
  });

  test.each([
    ["nope", 1, 'This model has no input "nope".'],
    ["ratio", "4:3", "Ratio must be one of 16:9, 1."],
    ["ratio", true, "Ratio must be one of 16:9, 1."],
    ["audio", "yes", "audio must be true or false."],
    ["seed", 1.5, "seed must be a whole number."],
    ["seed", -1, "seed must be at least 0."],
    ["seed", 11, "seed must be at most 10."],
    ["guidance", "2", "guidance must be a number."],
    ["negative", "blurry", "negative must be at most 5 characters."],
    ["negative", 5, "negative must be text."],
    ["note", "n".repeat(4001), "note must be at most 4000 characters."],
    [
      "image",
      "ftp://cdn.example/a.png",
      "Start frame must be an http(s) URL of an image.",
    ],
    ["image", "not a url", "Start frame must be an http(s) URL of an image."],
    ["image", 42, "Start frame must be an image URL."],
  ] as const)("%s = %j is refused: %s", (name, value, message) => {
    expect(parseRequestInputs(defs, { [name]: value })).toEqual({
      ok: false,
      field: `inputs.${name}`,
      message,
    });
  });

  test("an enum definition without options accepts nothing", () => {
    expect(
      inputValueSchema({ name: "e", type: "enum" }).safeParse("a").success,
    ).toBe(false);
  });

  test("URLs: http(s) only and at most 2048 characters", () => {
    expect(isFetchableUrl("http://a.example/x")).toBe(true);
    expect(isFetchableUrl("data:image/png;base64,AAAA")).toBe(false);
    const long = `https://a.example/${"x".repeat(MAX_URL_LENGTH)}`;
    expect(isFetchableUrl(long)).toBe(false);
    expect(isFetchableUrl(long.slice(0, MAX_URL_LENGTH))).toBe(true);
  });

  test("outputs: 1 to the model's maximum", () => {
    expect(outputsError({}, 1)).toBeNull();
    expect(outputsError({}, 2)).toBe(
      "This model makes one output per request.",
    );
    expect(outputsError({ maxOutputs: 3 }, 3)).toBeNull();
    expect(outputsError({ maxOutputs: 3 }, 4)).toBe("Ask for 1 to 3 outputs.");
    expect(outputsError({ maxOutputs: 3 }, 1.5)).toBe(
      "Ask for 1 to 3 outputs.",
    );
    expect(outputsError({ maxOutputs: 9 }, 5)).toBe("Ask for 1 to 4 outputs.");
  });
});
