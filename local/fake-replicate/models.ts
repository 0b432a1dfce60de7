import { createHash } from "node:crypto";

/**
 * Model metadata the fake serves at `GET /v1/models/{owner}/{name}` and
 * `.../versions[/{id}]`, shaped like Replicate's: each version carries a Cog
 * OpenAPI document whose `components.schemas.Input` lists the inputs, with
 * enum inputs as `allOf: [{ $ref: "#/components/schemas/<name>" }]` and the
 * enum itself in a separate schema, exactly as Cog emits them.
 *
 * The default models get the inputs listed on their Replicate API pages
 * (../shared/notes/replicate-model-schemas.md). Any other `owner/name` is a
 * test model with a generic video schema that includes `num_outputs`.
 */

/** One input property, before it is rendered into OpenAPI. */
export interface FakeInput {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "array";
  title?: string;
  description?: string;
  default?: unknown;
  /** Rendered as a `$ref` enum schema. */
  enum?: (string | number)[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  /** `"uri"` for file inputs. */
  format?: string;
  required?: boolean;
  items?: Record<string, unknown>;
}

export interface FakeModelMeta {
  owner: string;
  name: string;
  description: string;
  cover_image_url: string;
  run_count: number;
}

export interface FakeVersion {
  id: string;
  created_at: string;
  cog_version: string;
  openapi_schema: Record<string, unknown>;
}

const VEO_INPUTS: FakeInput[] = [
  {
    name: "prompt",
    type: "string",
    description: "Text prompt for video generation",
    required: true,
  },
  {
    name: "aspect_ratio",
    type: "string",
    enum: ["16:9", "9:16"],
    default: "16:9",
    description: "Video aspect ratio",
  },
  {
    name: "duration",
    type: "integer",
    enum: [8],
    default: 8,
    description: "Video duration in seconds",
  },
  {
    name: "image",
    type: "string",
    format: "uri",
    description:
      "Input image to start generating from. Ideal images are 16:9 or 9:16 and 1280x720 or 720x1280, depending on the aspect ratio you choose.",
  },
  {
    name: "negative_prompt",
    type: "string",
    description: "Description of what to exclude from the generated video",
  },
  {
    name: "resolution",
    type: "string",
    enum: ["720p", "1080p"],
    default: "1080p",
    description: "Resolution of the generated video",
  },
  {
    name: "generate_audio",
    type: "boolean",
    default: true,
    description: "Generate audio with the video",
  },
  {
    name: "seed",
    type: "integer",
    description: "Random seed. Omit for random generations",
  },
];

const LUMA_INPUTS: FakeInput[] = [
  {
    name: "prompt",
    type: "string",
    description: "Text prompt for video generation",
    required: true,
  },
  {
    name: "duration",
    type: "integer",
    enum: [5, 9],
    default: 5,
    description: "Duration of the video in seconds",
  },
  {
    name: "aspect_ratio",
    type: "string",
    enum: ["1:1", "3:4", "4:3", "9:16", "16:9", "9:21", "21:9"],
    default: "16:9",
    description: "Aspect ratio of the video. Ignored if a start frame is set.",
  },
  {
    name: "loop",
    type: "boolean",
    default: false,
    description: "Whether the video should loop",
  },
  {
    name: "start_image",
    type: "string",
    format: "uri",
    description: "An optional first frame of the video to use.",
  },
  {
    name: "end_image",
    type: "string",
    format: "uri",
    description: "An optional last frame of the video to use.",
  },
  {
    name: "concepts",
    type: "array",
    items: { type: "string" },
    description:
      "List of camera concepts to apply to the video generation, such as pan_left, zoom_in, orbit_right, aerial_drone, handheld, static.",
  },
];

/** A test model's schema: every input kind, and `num_outputs`. */
const TEST_INPUTS: FakeInput[] = [
  {
    name: "prompt",
    type: "string",
    description: "Text prompt for video generation",
    required: true,
  },
  {
    name: "duration",
    type: "integer",
    enum: [5, 10],
    default: 5,
    description: "Duration of the video in seconds",
  },
  {
    name: "aspect_ratio",
    type: "string",
    enum: ["16:9", "9:16", "1:1"],
    default: "16:9",
    description: "Aspect ratio of the video",
  },
  {
    name: "generate_audio",
    type: "boolean",
    default: true,
    description: "Generate audio with the video",
  },
  {
    name: "image",
    type: "string",
    format: "uri",
    description: "Start frame image",
  },
  {
    name: "negative_prompt",
    type: "string",
    maxLength: 500,
    description: "What to leave out",
  },
  {
    name: "guidance",
    type: "number",
    minimum: 1,
    maximum: 20,
    default: 7.5,
    description: "Prompt adherence",
  },
  {
    name: "seed",
    type: "integer",
    minimum: 0,
    maximum: 2147483647,
    description: "Random seed",
  },
  {
    name: "num_outputs",
    type: "integer",
    minimum: 1,
    maximum: 4,
    default: 1,
    description: "Number of videos to generate",
  },
];

const BUILT_IN: Record<
  string,
  { meta: Omit<FakeModelMeta, "owner" | "name">; inputs: FakeInput[] }
> = {
  "google/veo-3": {
    meta: {
      description:
        "Sound on: Google's flagship Veo 3 text to video model, with audio",
      cover_image_url: "https://replicate.delivery/fake/veo-3/cover.webp",
      run_count: 512000,
    },
    inputs: VEO_INPUTS,
  },
  "google/veo-3-fast": {
    meta: {
      description: "A faster and cheaper version of Google's Veo 3 video model",
      cover_image_url: "https://replicate.delivery/fake/veo-3-fast/cover.webp",
      run_count: 301000,
    },
    inputs: VEO_INPUTS,
  },
  "luma/ray-2-720p": {
    meta: {
      description:
        "Generate 5s and 9s 720p videos, faster and cheaper than Ray 2",
      cover_image_url: "https://replicate.delivery/fake/ray-2-720p/cover.webp",
      run_count: 88000,
    },
    inputs: LUMA_INPUTS,
  },
  "luma/ray-flash-2-540p": {
    meta: {
      description:
        "Generate 5s and 9s 540p videos, faster and cheaper than Ray 2",
      cover_image_url:
        "https://replicate.delivery/fake/ray-flash-2-540p/cover.webp",
      run_count: 120000,
    },
    inputs: LUMA_INPUTS,
  },
};

const titleOf = (name: string) =>
  name
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");

/** Renders inputs as Cog's OpenAPI document (`$ref` enums included). */
export function openApiSchema(inputs: FakeInput[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  inputs.forEach((input, order) => {
    const property: Record<string, unknown> = {};
    if (input.enum !== undefined) {
      schemas[input.name] = {
        enum: input.enum,
        type: input.type,
        title: input.name,
        description: "An enumeration.",
      };
      property.allOf = [{ $ref: `#/components/schemas/${input.name}` }];
    } else {
      property.type = input.type;
      property.title = input.title ?? titleOf(input.name);
    }
    if (input.format !== undefined) property.format = input.format;
    if (input.default !== undefined) property.default = input.default;
    if (input.minimum !== undefined) property.minimum = input.minimum;
    if (input.maximum !== undefined) property.maximum = input.maximum;
    if (input.maxLength !== undefined) property.maxLength = input.maxLength;
    if (input.items !== undefined) property.items = input.items;
    property["x-order"] = order;
    if (input.description !== undefined)
      property.description = input.description;
    properties[input.name] = property;
  });
  return {
    openapi: "3.0.2",
    info: { title: "Cog", version: "0.1.0" },
    paths: {
      "/predictions": {
        post: {
          summary: "Predict",
          operationId: "predict_predictions_post",
          requestBody: {
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/PredictionRequest" },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Input: {
          type: "object",
          title: "Input",
          required: inputs.filter((i) => i.required).map((i) => i.name),
          properties,
        },
        Output: { type: "string", title: "Output", format: "uri" },
        Status: {
          enum: ["starting", "processing", "succeeded", "canceled", "failed"],
          type: "string",
          title: "Status",
          description: "An enumeration.",
        },
        ...schemas,
      },
    },
  };
}

function versionId(model: string, index: number): string {
  return createHash("sha256").update(`${model}#${index}`).digest("hex");
}

interface Entry {
  meta: FakeModelMeta;
  /** Newest first. */
  versions: FakeVersion[];
  inputs: FakeInput[];
}

/**
 * The fake's model registry: the built-in models, test models made up on
 * first request, and versions published through the control endpoint.
 */
export class FakeModels {
  private readonly entries = new Map<string, Entry>();

  reset(): void {
    this.entries.clear();
  }

  /** The model `owner/name` (any valid name exists: a test model). */
  get(owner: string, name: string): Entry {
    const key = `${owner}/${name}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const builtIn = BUILT_IN[key];
      const inputs = builtIn?.inputs ?? TEST_INPUTS;
      entry = {
        meta: {
          owner,
          name,
          description:
            builtIn?.meta.description ??
            `Test video model ${key} served by the fake Replicate`,
          cover_image_url:
            builtIn?.meta.cover_image_url ??
            `https://replicate.delivery/fake/${owner}/${name}/cover.webp`,
          run_count: builtIn?.meta.run_count ?? 42,
        },
        inputs,
        versions: [],
      };
      entry.versions.push(
        this.makeVersion(key, 0, inputs, Date.UTC(2025, 5, 1)),
      );
      this.entries.set(key, entry);
    }
    return entry;
  }

  private makeVersion(
    key: string,
    index: number,
    inputs: FakeInput[],
    createdAt: number,
  ): FakeVersion {
    return {
      id: versionId(key, index),
      created_at: new Date(createdAt).toISOString(),
      cog_version: "0.14.2",
      openapi_schema: openApiSchema(inputs),
    };
  }

  /**
   * Publishes a new latest version of `owner/name`: the latest inputs with
   * `set` added or replaced (by name) and `remove` removed.
   */
  publish(
    owner: string,
    name: string,
    change: { set?: FakeInput[]; remove?: string[] },
  ): FakeVersion {
    const key = `${owner}/${name}`;
    const entry = this.get(owner, name);
    let inputs = entry.inputs.filter((i) => !change.remove?.includes(i.name));
    for (const input of change.set ?? []) {
      const at = inputs.findIndex((i) => i.name === input.name);
      if (at === -1) inputs = [...inputs, input];
      else inputs = inputs.map((i, n) => (n === at ? input : i));
    }
    entry.inputs = inputs;
    const version = this.makeVersion(
      key,
      entry.versions.length,
      inputs,
      Date.now(),
    );
    entry.versions.unshift(version);
    return version;
  }

  /** `GET /models/{owner}/{name}` body. */
  modelBody(owner: string, name: string): Record<string, unknown> {
    const entry = this.get(owner, name);
    return {
      url: `https://replicate.com/${owner}/${name}`,
      owner,
      name,
      description: entry.meta.description,
      visibility: "public",
      is_official: BUILT_IN[`${owner}/${name}`] !== undefined,
      github_url: null,
      paper_url: null,
      license_url: null,
      run_count: entry.meta.run_count,
      cover_image_url: entry.meta.cover_image_url,
      default_example: null,
      latest_version: entry.versions[0],
    };
  }

  /** The version `id` of `owner/name`, or null. */
  version(owner: string, name: string, id: string): FakeVersion | null {
    return this.get(owner, name).versions.find((v) => v.id === id) ?? null;
  }

  /** The model of a version id, if the fake made it. */
  modelOfVersion(id: string): string | null {
    for (const [key, entry] of this.entries)
      if (entry.versions.some((v) => v.id === id)) return key;
    return null;
  }
}

/** Replicate's owner and model names: letters, digits, `-`, `_`, `.`. */
export const MODEL_NAME_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
