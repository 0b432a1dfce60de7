/**
 * Reading a Replicate version's OpenAPI schema (lib/replicateSchema.ts):
 * every property kind, `$ref`/`allOf`/`anyOf` merging, the platform's own
 * inputs, what is skipped and why, documents without an Input schema, the
 * input diff shown on re-import, and the model references admins type.
 */
import { describe, expect, test } from "vitest";
import type { ModelInputDef } from "./modelInputs";
import {
  diffInputs,
  parseModelReference,
  parseVersionSchema,
} from "./replicateSchema";

/** A version document whose Input has `properties` (and `required`). */
const doc = (
  properties: Record<string, unknown>,
  extra: { required?: unknown; schemas?: Record<string, unknown> } = {},
) => ({
  components: {
    schemas: {
      Input: { type: "object", properties, required: extra.required },
      ...extra.schemas,
    },
  },
});

describe("parseVersionSchema", () => {
  test("documents without an Input schema are refused with a reason", () => {
    for (const bad of [
      null,
      "schema",
      [],
      {},
      { components: "x" },
      { components: { schemas: [] } },
      { components: { schemas: { Output: {} } } },
      { components: { schemas: { Input: { properties: [] } } } },
      { components: { schemas: { Input: {} } } },
    ]) {
      expect(() => parseVersionSchema(bad)).toThrow(/OpenAPI schema|Input/);
    }
    expect(() => parseVersionSchema(undefined)).toThrow(
      "The version has no OpenAPI schema.",
    );
    expect(() => parseVersionSchema({})).toThrow(
      "The version's schema has no Input properties.",
    );
  });

  test("each kind of property becomes the matching input, in x-order, with defaults only when valid", () => {
    const parsed = parseVersionSchema(
      doc(
        {
          // No x-order: after the ordered ones, in document order.
          style: { type: "string", enum: ["a", "b"], default: "zzz" },
          negative_prompt: {
            type: "string",
            maxLength: 200,
            default: "blur",
            description: "  What to avoid.  ",
            "x-order": 3,
          },
          seed: {
            type: "integer",
            minimum: 0,
            maximum: 100,
            default: 7,
            "x-order": 1,
          },
          guidance: {
            type: "number",
            default: "high",
            description: "   ",
            "x-order": 2,
          },
          loop: { type: "boolean", default: "yes", "x-order": 0 },
          audio: { type: "boolean", default: false, "x-order": 0.5 },
          caption: { type: "string", default: 5, "x-order": 4 },
          fps: { type: "integer", enum: [24, 30, "x", null], default: 30 },
        },
        { required: ["seed"] },
      ),
    );
    expect(parsed.inputs).toEqual([
      { name: "loop", label: "Loop", required: false, type: "boolean" },
      {
        name: "audio",
        label: "Audio",
        required: false,
        type: "boolean",
        default: false,
      },
      {
        name: "seed",
        label: "Seed",
        required: true,
        type: "integer",
        min: 0,
        max: 100,
        default: 7,
      },
      { name: "guidance", label: "Guidance", required: false, type: "number" },
      {
        name: "negative_prompt",
        label: "Negative prompt",
        description: "What to avoid.",
        required: false,
        type: "string",
        maxLength: 200,
        default: "blur",
      },
      { name: "caption", label: "Caption", required: false, type: "string" },
      // A default that is not one of the options is dropped.
      {
        name: "style",
        label: "Style",
        required: false,
        type: "enum",
        options: ["a", "b"],
      },
      // Non-scalar options are dropped; the default is one of the rest.
      {
        name: "fps",
        label: "Fps",
        required: false,
        type: "enum",
        options: [24, 30, "x"],
        default: 30,
      },
    ]);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.durations).toEqual([]);
    expect(parsed.fixedDuration).toBeUndefined();
    expect(parsed.maxOutputs).toBeUndefined();
  });

  test("$ref, allOf and nullable anyOf are merged; the property's own keys win", () => {
    const parsed = parseVersionSchema(
      doc(
        {
          aspect_ratio: {
            allOf: [{ $ref: "#/components/schemas/aspect_ratio" }],
            default: "9:16",
            "x-order": 0,
          },
          resolution: {
            $ref: "#/components/schemas/resolution",
            description: "Own description",
            "x-order": 1,
          },
          strength: {
            anyOf: [
              { type: "number", minimum: 0, maximum: 1 },
              { type: "null" },
            ],
            "x-order": 2,
          },
          // `~1` in a pointer is `/`.
          slashed: {
            $ref: "#/components/schemas/a~1b",
            "x-order": 3,
          },
          // Broken references and junk parts add nothing.
          remote: {
            allOf: [
              { $ref: "https://example.com/schema.json" },
              { $ref: "#/components/schemas/missing/deeper" },
              { $ref: "#/components/schemas/notAnObject" },
              "junk",
            ],
            type: "string",
            "x-order": 4,
          },
        },
        {
          schemas: {
            aspect_ratio: { type: "string", enum: ["16:9", "9:16"] },
            resolution: {
              type: "string",
              enum: ["720p", "1080p"],
              description: "From the ref",
            },
            "a/b": { type: "boolean", default: true },
            notAnObject: 5,
          },
        },
      ),
    );
    expect(parsed.inputs).toEqual([
      {
        name: "aspect_ratio",
        label: "Aspect ratio",
        required: false,
        type: "enum",
        options: ["16:9", "9:16"],
        default: "9:16",
      },
      {
        name: "resolution",
        label: "Resolution",
        description: "Own description",
        required: false,
        type: "enum",
        options: ["720p", "1080p"],
      },
      {
        name: "strength",
        label: "Strength",
        required: false,
        type: "number",
        min: 0,
        max: 1,
      },
      {
        name: "slashed",
        label: "Slashed",
        required: false,
        type: "boolean",
        default: true,
      },
      { name: "remote", label: "Remote", required: false, type: "string" },
    ]);
  });

  test("self-referencing schemas stop after a few levels instead of looping", () => {
    const parsed = parseVersionSchema(
      doc(
        { loop: { $ref: "#/components/schemas/Loop" } },
        {
          schemas: {
            Loop: {
              type: "integer",
              maximum: 9,
              allOf: [{ $ref: "#/components/schemas/Loop" }],
            },
          },
        },
      ),
    );
    expect(parsed.inputs).toEqual([
      { name: "loop", label: "Loop", required: false, type: "integer", max: 9 },
    ]);
  });

  test("prompt is the platform's; duration becomes the durations; num_outputs the output cap", () => {
    const choices = parseVersionSchema(
      doc({
        prompt: { type: "string" },
        duration: { type: "integer", enum: [5, 10, "long"], default: 5 },
        num_outputs: { type: "integer", minimum: 1, maximum: 8 },
      }),
    );
    expect(choices.inputs).toEqual([]);
    expect(choices.durations).toEqual([5, 10]);
    expect(choices.fixedDuration).toBeUndefined();
    // Capped at 4 outputs.
    expect(choices.maxOutputs).toBe(4);

    const fixed = parseVersionSchema(
      doc({
        duration: { type: "integer", default: 8 },
        num_outputs: { type: "integer", maximum: 0 },
      }),
    );
    expect(fixed.durations).toEqual([8]);
    expect(fixed.fixedDuration).toBe(8);
    // At least 1.
    expect(fixed.maxOutputs).toBe(1);

    const open = parseVersionSchema(
      doc({
        duration: { type: "integer", enum: ["short"] },
        num_outputs: { type: "integer" },
      }),
    );
    expect(open.durations).toEqual([]);
    expect(open.fixedDuration).toBeUndefined();
    expect(open.maxOutputs).toBe(4);
    expect(
      parseVersionSchema(doc({ num_outputs: { maximum: 2 } })).maxOutputs,
    ).toBe(2);
  });

  test("files that are not images, arrays, objects, untyped and oddly named inputs are skipped with why", () => {
    const parsed = parseVersionSchema(
      doc({
        start_image: { type: "string", format: "uri" },
        reference: {
          type: "string",
          format: "uri",
          description: "A photo of the subject",
        },
        audio_file: {
          type: "string",
          format: "uri",
          description: "An mp3 track",
        },
        mask: { type: "string", format: "uri" },
        concepts: { type: "array", items: { type: "string" } },
        settings: { type: "object" },
        mystery: { description: "no type" },
        "bad-name": { type: "string" },
        _private: { type: "string" },
        not_an_object: "string",
      }),
    );
    expect(parsed.inputs).toEqual([
      {
        name: "start_image",
        label: "Start image",
        required: false,
        type: "image",
      },
      {
        name: "reference",
        label: "Reference",
        description: "A photo of the subject",
        required: false,
        type: "image",
      },
    ]);
    expect(parsed.skipped).toEqual([
      { name: "audio_file", reason: "a file that is not an image" },
      { name: "mask", reason: "a file that is not an image" },
      { name: "concepts", reason: "type array is not offered to creators" },
      { name: "settings", reason: "type object is not offered to creators" },
      { name: "mystery", reason: "type unknown is not offered to creators" },
      { name: "bad-name", reason: "name not supported" },
      { name: "_private", reason: "name not supported" },
    ]);
  });

  test("long descriptions are cut to 300 characters", () => {
    const parsed = parseVersionSchema(
      doc({ note: { type: "string", description: "x".repeat(400) } }),
    );
    expect(parsed.inputs[0].description).toHaveLength(300);
  });
});

describe("diffInputs", () => {
  const ratio: ModelInputDef = {
    name: "aspect_ratio",
    type: "enum",
    options: ["16:9", "9:16"],
    default: "16:9",
  };
  const seed: ModelInputDef = { name: "seed", type: "integer", min: 0, max: 9 };

  test("the same inputs, options in another order, new labels: no change", () => {
    expect(
      diffInputs(
        [ratio, seed],
        [
          {
            ...ratio,
            options: ["9:16", "16:9"],
            label: "Ratio",
            description: "Admin's words",
          },
          seed,
        ],
      ),
    ).toEqual([]);
    expect(diffInputs([], [])).toEqual([]);
  });

  test("added, removed and changed inputs, each with what it was and is", () => {
    expect(
      diffInputs(
        [ratio, seed, { name: "loop", type: "boolean" }],
        [
          { ...ratio, options: ["16:9", "9:16", "1:1"] },
          { ...seed, max: 99 },
          { name: "loop", type: "string", maxLength: 5 },
          { name: "motion", type: "number", min: 0, max: 1 },
        ],
      ),
    ).toEqual([
      {
        name: "aspect_ratio",
        kind: "changed",
        detail:
          "enum, options 16:9, 9:16, default 16:9 → enum, options 16:9, 9:16, 1:1, default 16:9",
      },
      {
        name: "seed",
        kind: "changed",
        detail: "integer, min 0, max 9 → integer, min 0, max 99",
      },
      {
        name: "loop",
        kind: "changed",
        detail: "boolean → string, maxLength 5",
      },
      { name: "motion", kind: "added", detail: "number, min 0, max 1" },
    ]);
    expect(diffInputs([seed], [])).toEqual([
      { name: "seed", kind: "removed", detail: "no longer in the schema" },
    ]);
  });

  test("options appearing or disappearing, a same-length swap and a new minimum are changes", () => {
    const kinds = (stored: ModelInputDef, imported: ModelInputDef) =>
      diffInputs([stored], [imported]).map((c) => c.kind);
    const { options: _o, ...noOptions } = ratio;
    expect(kinds(ratio, noOptions)).toEqual(["changed"]);
    expect(kinds(noOptions, ratio)).toEqual(["changed"]);
    expect(kinds(ratio, { ...ratio, options: ["16:9", "1:1"] })).toEqual([
      "changed",
    ]);
    expect(kinds(seed, { ...seed, min: 1 })).toEqual(["changed"]);
  });

  test("a changed default or string limit is reported too", () => {
    expect(diffInputs([ratio], [{ ...ratio, default: "9:16" }])).toEqual([
      {
        name: "aspect_ratio",
        kind: "changed",
        detail:
          "enum, options 16:9, 9:16, default 16:9 → enum, options 16:9, 9:16, default 9:16",
      },
    ]);
    expect(
      diffInputs(
        [{ name: "negative_prompt", type: "string", maxLength: 100 }],
        [{ name: "negative_prompt", type: "string", maxLength: 50 }],
      ),
    ).toEqual([
      {
        name: "negative_prompt",
        kind: "changed",
        detail: "string, maxLength 100 → string, maxLength 50",
      },
    ]);
  });
});

describe("parseModelReference", () => {
  test("owner/name, with a version, and replicate.com URLs of either", () => {
    expect(parseModelReference("  luma/ray-2  ")).toEqual({
      owner: "luma",
      name: "ray-2",
    });
    expect(parseModelReference("luma/ray-2:abc123")).toEqual({
      owner: "luma",
      name: "ray-2",
      version: "abc123",
    });
    expect(parseModelReference("https://replicate.com/google/veo-3/")).toEqual({
      owner: "google",
      name: "veo-3",
    });
    expect(
      parseModelReference(
        "https://www.replicate.com/google/veo-3/versions/f00d",
      ),
    ).toEqual({ owner: "google", name: "veo-3", version: "f00d" });
  });

  test("anything else is null", () => {
    for (const text of [
      "",
      "luma",
      "luma/ray/2",
      "/ray-2",
      "luma/ray-2:",
      "luma/ray-2:ab-c",
      "https://example.com/luma/ray-2",
      "-luma/ray",
    ])
      expect(parseModelReference(text)).toBeNull();
  });
});
