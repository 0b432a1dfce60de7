/**
 * The three default models seeded by `initializeDefaultModels` and
 * `npm run init-models` (seed 000 "Initialization & Automation";
 * API-CONTRACT "Default models"). Prices in US$ per second.
 */
import type { ModelInput } from "./catalogue";

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
  },
];
