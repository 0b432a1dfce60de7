/**
 * Pure mapping between our videos and Replicate predictions (Replicate HTTP
 * API: "Create a prediction", "Get a prediction", prediction statuses).
 */
import type { VideoStatus } from "./videoStatus";
import { OUTPUTS_INPUT } from "./modelInputs";

/** The prediction fields we read (Replicate's prediction object). */
export type Prediction = {
  id: string;
  status: string;
  output?: unknown;
  error?: unknown;
  logs?: string | null;
  metrics?: { predict_time?: number; total_time?: number } | null;
  started_at?: string | null;
  completed_at?: string | null;
};

/** Replicate's statuses; `aborted` is terminal (the client's `wait()` forgets it). */
export const TERMINAL_REPLICATE_STATUSES = [
  "succeeded",
  "failed",
  "canceled",
  "aborted",
];

/**
 * Our status for a Replicate status: `aborted` counts as `canceled`
 * (API-CONTRACT "Videos"); an unknown status is treated as still processing.
 */
export function videoStatusFor(replicateStatus: string): VideoStatus {
  switch (replicateStatus) {
    case "starting":
      return "starting";
    case "succeeded":
      return "succeeded";
    case "failed":
      return "failed";
    case "canceled":
    case "aborted":
      return "canceled";
    default:
      return "processing";
  }
}

/** Where a `replicateModelId` is sent: the model endpoint or a version. */
export type PredictionTarget = { model: string } | { version: string };

/**
 * `"owner/name"` → `POST /models/owner/name/predictions`;
 * `"owner/name:version"` → `POST /predictions` with that version
 * (API-CONTRACT "Replicate").
 */
export function predictionTarget(replicateModelId: string): PredictionTarget {
  const colon = replicateModelId.indexOf(":");
  return colon === -1
    ? { model: replicateModelId }
    : { version: replicateModelId.slice(colon + 1) };
}

/**
 * The prediction input: the model's `modelParameters`, then the creator's
 * accepted `inputs` over them (API-CONTRACT), then `prompt`, `duration`
 * (seconds) unless the model has a fixed duration, and `num_outputs` when
 * more than one output was asked for.
 */
export function predictionInput(
  model: { fixedDuration?: number; modelParameters?: unknown },
  video: {
    prompt: string;
    duration: number;
    inputs?: Record<string, unknown>;
    outputs?: number;
  },
): Record<string, unknown> {
  const params =
    model.modelParameters !== null && typeof model.modelParameters === "object"
      ? (model.modelParameters as Record<string, unknown>)
      : {};
  const input: Record<string, unknown> = {
    ...params,
    ...(video.inputs ?? {}),
    prompt: video.prompt,
  };
  if (model.fixedDuration === undefined) input.duration = video.duration;
  if ((video.outputs ?? 1) > 1) input[OUTPUTS_INPUT] = video.outputs;
  return input;
}

/** The output video's URL: the output itself, or the first URL of an array. */
export function outputUrlOf(output: unknown): string | null {
  return outputUrlsOf(output)[0] ?? null;
}

/**
 * Every output URL of a prediction: Replicate answers one URL, or an array
 * of URLs for a multi-output prediction. Non-URL entries are skipped.
 */
export function outputUrlsOf(output: unknown): string[] {
  const all = Array.isArray(output) ? output : [output];
  return all.filter(
    (u): u is string => typeof u === "string" && /^https?:\/\//.test(u),
  );
}

/** A short human message for a prediction's `error` field. */
export function predictionErrorMessage(error: unknown): string {
  if (typeof error === "string" && error.trim() !== "")
    return error.trim().slice(0, 500);
  if (error && typeof error === "object" && "detail" in error)
    return String(error.detail).slice(0, 500);
  return "The model failed without an error message.";
}

/**
 * Delay before poll number `pollCount` (0-based), in ms: 2 s doubling to
 * 30 s without webhooks; with webhooks polling is only a safety net, so it
 * starts at 15 s and doubles to 60 s.
 */
export function pollDelayMs(
  pollCount: number,
  webhooksEnabled: boolean,
): number {
  const [first, max] = webhooksEnabled ? [15_000, 60_000] : [2_000, 30_000];
  return Math.min(first * 2 ** Math.min(pollCount, 10), max);
}

/** Timeout in ms from a `VIDEO_TIMEOUT_MINUTES` setting (default 30 minutes). */
export function videoTimeoutMs(setting: string | undefined): number {
  const minutes = Number(setting ?? "30");
  return (Number.isFinite(minutes) && minutes > 0 ? minutes : 30) * 60_000;
}

/** Progress 0..100 from a percentage 0..1 as `parseProgressFromLogs` gives it. */
export function progressPercent(
  fraction: number | undefined,
): number | undefined {
  if (fraction === undefined || !Number.isFinite(fraction)) return undefined;
  return Math.max(0, Math.min(100, Math.round(fraction * 100)));
}
