/**
 * The model registry (issue 13): import from the fake Replicate ($ref enums
 * included), creator inputs of every kind accepted and refused, price
 * modifiers and outputs priced exactly, inputs reaching Replicate's request
 * body, several outputs stored, and seeding that fills only absent fields.
 */
import { describe, expect, inject, test } from "vitest";
import type { Id } from "./_generated/dataModel";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  setup,
  setupWithDefaults,
  fakeReplicateControl,
  useFakeReplicate,
} from "./test.setup";

type T = ReturnType<typeof setup>;

const control = fakeReplicateControl;

useFakeReplicate();

/** A model exposing one input of every kind, with modifiers and 4 outputs. */
const TEST_MODEL = {
  modelId: "acme/every-kind",
  name: "Every Kind",
  description: "A model with every input kind.",
  costPerSecond: 0.0333,
  supportedDurations: [5, 7],
  supportedQualities: ["standard", "hd"],
  qualityMultipliers: { hd: 1.5 },
  isPremium: false,
  isActive: true,
  isDefault: false,
  isDeprecated: false,
  provider: "acme",
  category: "experimental",
  replicateModelId: "acme/every-kind",
  modelParameters: { fps: 24, aspect_ratio: "1:1" },
  maxOutputs: 4,
  inputs: [
    {
      name: "aspect_ratio",
      type: "enum" as const,
      options: ["16:9", "9:16", "1:1"],
      default: "16:9",
    },
    { name: "generate_audio", type: "boolean" as const, default: true },
    { name: "seed", type: "integer" as const, min: 0, max: 1000 },
    { name: "guidance", type: "number" as const, min: 1, max: 20 },
    { name: "negative_prompt", type: "string" as const, maxLength: 10 },
    { name: "image", type: "image" as const },
  ],
  priceModifiers: [
    { input: "generate_audio", value: false, costPerSecond: 0.0217 },
    { input: "aspect_ratio", value: "9:16", multiplier: 1.25 },
    { input: "aspect_ratio", value: "16:9", multiplier: 1.1 },
  ],
};

async function withTestModel(): Promise<T> {
  const t = setup();
  await t.withIdentity(ADMIN).mutation(api.models.createModel, TEST_MODEL);
  return t;
}

const cost = (
  t: T,
  extra: { inputs?: Record<string, unknown>; outputs?: number } = {},
  duration = 5,
  quality = "standard",
) =>
  t.query(api.pricing.getCreditCost, {
    modelId: TEST_MODEL.modelId,
    duration,
    quality,
    ...extra,
  });

describe("import from Replicate", () => {
  test("google/veo-3: $ref enums resolved, kinds, defaults, durations", async () => {
    const t = setup();
    const result = await t
      .withIdentity(ADMIN)
      .action(api.registry.importFromReplicate, { reference: "google/veo-3" });
    expect(result.draft).toMatchObject({
      modelId: "google/veo-3",
      replicateModelId: "google/veo-3",
      provider: "google",
      supportedDurations: [8],
      fixedDuration: 8,
    });
    expect(result.draft.version).toMatch(/^[0-9a-f]{64}$/);
    expect(result.draft.coverImageUrl).toMatch(/^https:\/\//);
    expect(result.draft.description).toMatch(/Veo 3/);
    const byName = Object.fromEntries(result.inputs.map((i) => [i.name, i]));
    expect(Object.keys(byName)).toEqual([
      "aspect_ratio",
      "image",
      "negative_prompt",
      "resolution",
      "generate_audio",
      "seed",
    ]);
    expect(byName.aspect_ratio).toMatchObject({
      type: "enum",
      options: ["16:9", "9:16"],
      default: "16:9",
    });
    expect(byName.resolution).toMatchObject({
      type: "enum",
      options: ["720p", "1080p"],
      default: "1080p",
    });
    expect(byName.generate_audio).toMatchObject({
      type: "boolean",
      default: true,
    });
    expect(byName.image.type).toBe("image");
    expect(byName.negative_prompt.type).toBe("string");
    expect(byName.seed.type).toBe("integer");
    expect(result.existing).toBeNull();
    expect(result.isLatestVersion).toBe(true);
  });

  test("luma: arrays are skipped with a reason; existing model diffed", async () => {
    const t = await setupWithDefaults();
    const result = await t
      .withIdentity(ADMIN)
      .action(api.registry.importFromReplicate, {
        reference: "https://replicate.com/luma/ray-2-720p",
      });
    expect(result.draft.supportedDurations).toEqual([5, 9]);
    expect(result.draft.fixedDuration).toBeUndefined();
    expect(result.skipped).toEqual([
      { name: "concepts", reason: expect.stringContaining("array") },
    ]);
    expect(result.existing).not.toBeNull();
    // The seeded defaults expose what Replicate lists: no changes.
    expect(result.existing!.changes).toEqual([]);
  });

  test("a test model: numbers with limits, num_outputs → maxOutputs, versioned id", async () => {
    const t = setup();
    const result = await t
      .withIdentity(ADMIN)
      .action(api.registry.importFromReplicate, {
        reference: "acme/clip-maker",
      });
    expect(result.draft.replicateModelId).toBe(
      `acme/clip-maker:${result.draft.version}`,
    );
    expect(result.draft.maxOutputs).toBe(4);
    expect(result.draft.supportedDurations).toEqual([5, 10]);
    const guidance = result.inputs.find((i) => i.name === "guidance")!;
    expect(guidance).toMatchObject({
      type: "number",
      min: 1,
      max: 20,
      default: 7.5,
    });
    expect(result.inputs.find((i) => i.name === "num_outputs")).toBeUndefined();
  });

  test("re-import shows the schema diff and the new version can be pinned", async () => {
    const t = setup();
    const admin = t.withIdentity(ADMIN);
    const first = await admin.action(api.registry.importFromReplicate, {
      reference: "acme/clip-maker",
    });
    const pick = first.inputs
      .filter((i) => ["aspect_ratio", "seed"].includes(i.name))
      .map(({ required: _required, ...def }) => def);
    await admin.mutation(api.models.createModel, {
      ...first.draft,
      supportedQualities: ["standard"],
      costPerSecond: 0.1,
      isPremium: false,
      isActive: true,
      isDefault: false,
      isDeprecated: false,
      inputs: pick,
    });
    const published = await control("models/acme/clip-maker/versions", {
      set: [
        {
          name: "aspect_ratio",
          type: "string",
          enum: ["16:9", "9:16", "1:1", "4:5"],
          default: "16:9",
        },
        { name: "motion", type: "number", minimum: 0, maximum: 1 },
      ],
      remove: ["seed"],
    });
    const newVersion = ((await published.json()) as { id: string }).id;
    const again = await admin.action(api.registry.importFromReplicate, {
      reference: "acme/clip-maker",
    });
    expect(again.draft.version).toBe(newVersion);
    expect(again.existing!.versionChanged).toBe(true);
    const kinds = Object.fromEntries(
      again.existing!.changes.map((c) => [c.name, c.kind]),
    );
    expect(kinds).toMatchObject({
      aspect_ratio: "changed",
      seed: "removed",
      motion: "added",
    });
    // Pin: the admin applies the new version through updateModel.
    await admin.mutation(api.models.updateModel, {
      modelId: "acme/clip-maker",
      version: again.draft.version,
      replicateModelId: again.draft.replicateModelId,
      inputs: again.inputs
        .filter((i) => i.name === "aspect_ratio")
        .map(({ required: _r, ...def }) => def),
    });
    const model = await t.query(api.models.getModelById, {
      modelId: "acme/clip-maker",
    });
    expect(model!.replicateModelId).toBe(`acme/clip-maker:${newVersion}`);
    // The old version is still fetchable by id.
    const old = await admin.action(api.registry.importFromReplicate, {
      reference: `acme/clip-maker:${first.draft.version}`,
    });
    expect(old.isLatestVersion).toBe(false);
  });

  test("bad references, unknown versions and non-admins are refused", async () => {
    const t = setup();
    expect(
      await errorData(
        t
          .withIdentity(ADMIN)
          .action(api.registry.importFromReplicate, { reference: "nope" }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "reference" });
    expect(
      await errorData(
        t.withIdentity(ADMIN).action(api.registry.importFromReplicate, {
          reference: "acme/clip-maker:deadbeef",
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await errorData(
        t
          .withIdentity(CREATOR)
          .action(api.registry.importFromReplicate, { reference: "a/b" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await errorData(
        t.action(api.registry.importFromReplicate, { reference: "a/b" }),
      ),
    ).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

describe("creator inputs", () => {
  const accepted: [string, unknown][] = [
    ["aspect_ratio", "9:16"],
    ["generate_audio", false],
    ["seed", 0],
    ["seed", 1000],
    ["guidance", 7.5],
    ["negative_prompt", "no people"],
    ["image", "https://example.com/frame.png"],
  ];
  test.each(accepted)("%s = %j is accepted", async (name, value) => {
    const t = await withTestModel();
    await expect(cost(t, { inputs: { [name]: value } })).resolves.toBeTypeOf(
      "number",
    );
  });

  const refused: [string, unknown][] = [
    ["aspect_ratio", "4:3"], // outside options
    ["aspect_ratio", 16], // wrong type
    ["generate_audio", "false"], // wrong type
    ["seed", -1], // below min
    ["seed", 1001], // above max
    ["seed", 1.5], // not whole
    ["guidance", 0.5], // below min
    ["guidance", "7"], // wrong type
    ["negative_prompt", "much too long"], // over maxLength
    ["image", "not a url"],
    ["image", "ftp://example.com/x.png"],
    ["unknown_input", 1], // unknown name
  ];
  test.each(refused)(
    "%s = %j is refused with inputs.<name>",
    async (name, value) => {
      const t = await withTestModel();
      const video = {
        prompt: "A fox",
        model: TEST_MODEL.modelId,
        duration: 5,
        quality: "standard",
        inputs: { [name]: value },
      };
      expect(
        await errorData(
          t.withIdentity(CREATOR).mutation(api.videos.createVideo, video),
        ),
      ).toMatchObject({ code: "INVALID_ARGUMENT", field: `inputs.${name}` });
      expect(
        await errorData(cost(t, { inputs: { [name]: value } })),
      ).toMatchObject({ code: "INVALID_ARGUMENT", field: `inputs.${name}` });
    },
  );

  test("round-1 checks come first: a bad duration beats a bad input", async () => {
    const t = await withTestModel();
    const data = await errorData(
      t.withIdentity(CREATOR).mutation(api.videos.createVideo, {
        prompt: "A fox",
        model: TEST_MODEL.modelId,
        duration: 6,
        quality: "standard",
        inputs: { seed: -5 },
        outputs: 9,
      }),
    );
    expect(data.code).toBe("UNSUPPORTED_DURATION");
    const inputsFirst = await errorData(
      t.withIdentity(CREATOR).mutation(api.videos.createVideo, {
        prompt: "A fox",
        model: TEST_MODEL.modelId,
        duration: 5,
        quality: "standard",
        inputs: { seed: -5 },
        outputs: 9,
      }),
    );
    expect(inputsFirst.field).toBe("inputs.seed");
  });

  test("admin definitions are checked", async () => {
    const t = setup();
    const admin = t.withIdentity(ADMIN);
    const bad = [
      { inputs: [{ name: "prompt", type: "string" as const }] },
      { inputs: [{ name: "a", type: "enum" as const }] },
      {
        inputs: [{ name: "a", type: "integer" as const, min: 5, max: 1 }],
      },
      {
        inputs: [{ name: "a", type: "boolean" as const }],
        priceModifiers: [{ input: "b", value: true, multiplier: 2 }],
      },
      {
        inputs: [{ name: "a", type: "boolean" as const }],
        priceModifiers: [{ input: "a", value: true, multiplier: 1.234 }],
      },
      {
        inputs: [{ name: "a", type: "boolean" as const }],
        priceModifiers: [{ input: "a", value: "yes", multiplier: 2 }],
      },
      { maxOutputs: 5 },
      {
        inputs: [
          { name: "a", type: "enum" as const, options: ["x"], default: "y" },
        ],
      },
    ];
    for (const extra of bad) {
      const data = await errorData(
        admin.mutation(api.models.createModel, {
          ...TEST_MODEL,
          inputs: undefined,
          priceModifiers: undefined,
          maxOutputs: undefined,
          ...extra,
        }),
      );
      expect(data.code, JSON.stringify(extra)).toBe("INVALID_ARGUMENT");
    }
  });
});

describe("price modifiers and outputs (exact)", () => {
  test("defaults apply modifiers when the input is absent", async () => {
    const t = await withTestModel();
    // default aspect 16:9 → ×1.1; audio default true → list price.
    // 0.0333 × 5 × 1.1 × 100 = 18.315 → 19
    expect(await cost(t)).toBe(19);
    // 9:16 → ×1.25: 0.0333 × 5 × 1.25 × 100 = 20.8125 → 21
    expect(await cost(t, { inputs: { aspect_ratio: "9:16" } })).toBe(21);
    // 1:1 → no modifier: 16.65 → 17
    expect(await cost(t, { inputs: { aspect_ratio: "1:1" } })).toBe(17);
  });

  test("costPerSecond replaces the price; multipliers, quality and outputs multiply", async () => {
    const t = await withTestModel();
    // 0.0217 × 7 × 1.5 (hd) × 1.25 (9:16) × 3 outputs × 100 = 85.44375 → 86
    expect(
      await cost(
        t,
        { inputs: { generate_audio: false, aspect_ratio: "9:16" }, outputs: 3 },
        7,
        "hd",
      ),
    ).toBe(86);
    // 0.0217 × 5 × 1 × 100 = 10.85 → 11 (1:1 has no modifier)
    expect(
      await cost(t, {
        inputs: { generate_audio: false, aspect_ratio: "1:1" },
      }),
    ).toBe(11);
    // No float error: 0.0333 × 5 × 1.1 × 2 = 36.63 → 37 (not 36.630000000000003 → 37 by luck)
    expect(await cost(t, { outputs: 2 })).toBe(37);
    // 4 outputs: 73.26 → 74
    expect(await cost(t, { outputs: 4 })).toBe(74);
  });

  test("outputs outside 1..maxOutputs are refused with field outputs", async () => {
    const t = await withTestModel();
    for (const outputs of [0, 5, 1.5]) {
      expect(await errorData(cost(t, { outputs }))).toMatchObject({
        code: "INVALID_ARGUMENT",
        field: "outputs",
      });
    }
    const d = await setupWithDefaults();
    expect(
      await errorData(
        d.query(api.pricing.getCreditCost, {
          modelId: "luma/ray-2-720p",
          duration: 5,
          quality: "standard",
          outputs: 2,
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "outputs" });
  });

  test("Veo 3 is cheaper without audio (defaults), charged as quoted", async () => {
    const t = await setupWithDefaults();
    const quote = (inputs?: Record<string, unknown>) =>
      t.query(api.pricing.getCreditCost, {
        modelId: "google/veo-3",
        duration: 8,
        quality: "standard",
        inputs,
      });
    expect(await quote()).toBe(600);
    expect(await quote({ generate_audio: true })).toBe(600);
    expect(await quote({ generate_audio: false })).toBe(400);
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.users.store, {});
    await t.run(async (ctx) => {
      const user = await ctx.db
        .query("users")
        .withIndex("by_emailLower", (q) => q.eq("emailLower", CREATOR.email))
        .unique();
      await ctx.db.patch("users", user!._id, { balance: 1000 });
    });
    const videoId = await creator.mutation(api.videos.createVideo, {
      prompt: "A quiet forest",
      model: "google/veo-3",
      duration: 8,
      quality: "standard",
      inputs: { generate_audio: false, aspect_ratio: "9:16" },
    });
    const video = await t.run((ctx) => ctx.db.get("videos", videoId));
    expect(video!.creditsCost).toBe(400);
    expect(video!.inputs).toEqual({
      generate_audio: false,
      aspect_ratio: "9:16",
    });
  });
});

async function waitForVideo(t: T, videoId: Id<"videos">, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const video = await t.run((ctx) => ctx.db.get("videos", videoId));
    if (video && ["succeeded", "failed", "canceled"].includes(video.status))
      return video;
    if (Date.now() > deadline) throw new Error(`stuck in ${video?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("inputs and outputs at Replicate", () => {
  test("accepted inputs reach the prediction's input over modelParameters; two outputs stored", async () => {
    const t = await withTestModel();
    const creator = t.withIdentity(CREATOR);
    await creator.mutation(api.users.store, {});
    await t.run(async (ctx) => {
      const user = await ctx.db
        .query("users")
        .withIndex("by_emailLower", (q) => q.eq("emailLower", CREATOR.email))
        .unique();
      await ctx.db.patch("users", user!._id, { balance: 500 });
    });
    const storageId = await t.run((ctx) =>
      ctx.storage.store(new Blob(["png"], { type: "image/png" })),
    );
    const videoId = await creator.mutation(api.videos.createVideo, {
      prompt: "A red kite over dunes",
      model: TEST_MODEL.modelId,
      duration: 5,
      quality: "standard",
      inputs: {
        aspect_ratio: "9:16",
        generate_audio: false,
        seed: 42,
        image: storageId,
      },
      outputs: 2,
    });
    const video = await waitForVideo(t, videoId);
    expect(video.status).toBe("succeeded");
    expect(video.outputUrls).toHaveLength(2);
    expect(video.outputStorageIds).toHaveLength(2);
    expect(video.outputUrl).toBe(video.outputUrls![0]);
    // convex-test names URLs by content hash, so compare the stored files.
    expect(video.outputStorageIds![0]).not.toBe(video.outputStorageIds![1]);
    // 0.0217 × 5 × 1.25 × 2 × 100 = 27.125 → 28
    expect(video.creditsCost).toBe(28);
    const response = await fetch(
      `${inject("replicateUrl")}/predictions/${video.replicatePredictionId}`,
      { headers: { authorization: "Bearer r8_test_token" } },
    );
    const prediction = (await response.json()) as {
      input: Record<string, unknown>;
      output: string[];
    };
    expect(prediction.input).toMatchObject({
      prompt: "A red kite over dunes",
      duration: 5,
      fps: 24, // modelParameters kept
      aspect_ratio: "9:16", // the creator's value over modelParameters' 1:1
      generate_audio: false,
      seed: 42,
      num_outputs: 2,
    });
    // The uploaded start frame went to Replicate as a fetchable URL.
    expect(prediction.input.image).toMatch(/^https?:\/\//);
    expect(prediction.output).toHaveLength(2);
  });
});

describe("default catalogue", () => {
  test("seeding fills absent inputs and modifiers but keeps admin edits", async () => {
    const t = setup();
    const admin = t.withIdentity(ADMIN);
    // An older catalogue: the defaults without inputs, one edited by an admin.
    await t.mutation(internal.models.initializeDefaultModelsInternal, {});
    await t.run(async (ctx) => {
      for (const m of await ctx.db.query("models").collect())
        await ctx.db.replace("models", m._id, {
          ...m,
          inputs: undefined,
          priceModifiers: undefined,
        });
    });
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-2-720p",
      inputs: [
        { name: "loop", type: "boolean", label: "Loop it", default: true },
      ],
    });
    const result = await t.mutation(
      internal.models.initializeDefaultModelsInternal,
      {},
    );
    expect(result.created).toBe(0);
    expect(result.filledModelIds.sort()).toEqual([
      "google/veo-3",
      "luma/ray-flash-2-540p",
    ]);
    const veo = await t.query(api.models.getModelById, {
      modelId: "google/veo-3",
    });
    expect(veo!.priceModifiers).toEqual([
      { input: "generate_audio", value: false, costPerSecond: 0.5 },
    ]);
    const ray = await t.query(api.models.getModelById, {
      modelId: "luma/ray-2-720p",
    });
    expect(ray!.inputs).toEqual([
      { name: "loop", type: "boolean", label: "Loop it", default: true },
    ]);
    // Idempotent.
    const again = await t.mutation(
      internal.models.initializeDefaultModelsInternal,
      {},
    );
    expect(again.filledModelIds).toEqual([]);
  });
});
