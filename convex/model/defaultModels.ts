/**
 * The three default models seeded by `initializeDefaultModels` and
 * `npm run init-models` (seed 000 "Initialization & Automation";
 * API-CONTRACT "Default models"). Prices in US$ per second.
 */
import type { ModelInputDef } from "../lib/modelInputs";
import type { ModelInput } from "./catalogue";

/**
 * Luma Ray 2's creator inputs (Replicate API page of luma/ray-2-720p;
 * ray-flash-2-540p takes the same). `concepts` (an array of camera
 * concepts) is not a kind the create form offers, so it is not exposed.
 */
const LUMA_INPUTS: ModelInputDef[] = [
  {
    name: "aspect_ratio",
    type: "enum",
    label: "Aspect ratio",
    options: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21"],
    // Luma lists 1:1, 3:4, 4:3, 9:16, 16:9, 9:21, 21:9; the common ones first.
    default: "16:9",
  },
  {
    name: "loop",
    type: "boolean",
    label: "Loop",
    description: "End where it starts, for a seamless loop.",
    default: false,
  },
  {
    name: "start_image",
    type: "image",
    label: "Start frame",
    description: "An image to start the video from.",
  },
  {
    name: "end_image",
    type: "image",
    label: "End frame",
    description: "An image to end the video on.",
  },
];

export const DEFAULT_MODELS: readonly ModelInput[] = [
  {
    modelId: "google/veo-3",
    name: "Google Veo-3",
    description:
      "Google's flagship text-to-video model: cinematic 8-second clips with native audio and strong prompt adherence.",
    costPerSecond: 0.75,
    supportedDurations: [8],
    fixedDuration: 8,
    supportedQualities: ["standard"],
    isPremium: true,
    isActive: true,
    isDefault: false,
    isDeprecated: false,
    provider: "google",
    category: "premium",
    tags: ["cinematic", "audio", "high-fidelity"],
    replicateModelId: "google/veo-3",
    // Veo 3's inputs on Replicate; without audio it is cheaper (Replicate
    // prices veo-3 by `generate_audio`: $0.75/s with audio, $0.50/s without).
    inputs: [
      {
        name: "aspect_ratio",
        type: "enum",
        label: "Aspect ratio",
        options: ["16:9", "9:16"],
        default: "16:9",
      },
      {
        name: "resolution",
        type: "enum",
        label: "Resolution",
        options: ["720p", "1080p"],
        default: "1080p",
      },
      {
        name: "generate_audio",
        type: "boolean",
        label: "Audio",
        description: "Generate a soundtrack with the video.",
        default: true,
      },
      {
        name: "image",
        type: "image",
        label: "Start frame",
        description: "Ideally 1280×720 or 720×1280.",
      },
      {
        name: "negative_prompt",
        type: "string",
        label: "Avoid",
        description: "What should not appear in the video.",
        maxLength: 500,
      },
      { name: "seed", type: "integer", label: "Seed", min: 0, max: 2147483647 },
    ],
    priceModifiers: [
      { input: "generate_audio", value: false, costPerSecond: 0.5 },
    ],
  },
  {
    modelId: "luma/ray-2-720p",
    name: "Luma Ray-2-720p",
    description:
      "Luma's Ray 2 at 720p: realistic motion and coherent scenes at a budget price, in 5 or 9 seconds.",
    costPerSecond: 0.18,
    supportedDurations: [5, 9],
    supportedQualities: ["standard"],
    isPremium: false,
    isActive: true,
    isDefault: false,
    isDeprecated: false,
    provider: "luma",
    category: "budget",
    tags: ["realistic", "720p"],
    replicateModelId: "luma/ray-2-720p",
    inputs: LUMA_INPUTS,
  },
  {
    modelId: "luma/ray-flash-2-540p",
    name: "Luma Ray Flash 2-540p",
    description:
      "The fastest and cheapest Luma model at 540p: quick drafts and ideas in 5 or 9 seconds.",
    costPerSecond: 0.12,
    supportedDurations: [5, 9],
    supportedQualities: ["standard"],
    isPremium: false,
    isActive: true,
    isDefault: true,
    isDeprecated: false,
    provider: "luma",
    category: "budget",
    tags: ["fast", "draft", "540p"],
    replicateModelId: "luma/ray-flash-2-540p",
    inputs: LUMA_INPUTS,
  },
];
