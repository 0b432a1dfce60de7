/**
 * Honest progress (ADR 0046): one phase per stage a video goes through, an
 * overall percentage that the bar and its label both show, and time
 * estimates from the model's typical generation time. Pure, so it is unit
 * tested and shared by every place that shows progress.
 */
import type { VideoStatus } from "./api";

/** What a creator sees a video doing. */
export type Phase =
  | "queued"
  | "starting"
  | "rendering"
  | "storing"
  | "ready"
  | "failed"
  | "canceled";

/** The fields the progress reads. */
export type ProgressSource = {
  status: VideoStatus;
  /** The model's own progress 0..100 while rendering, when it reports one. */
  progress?: number;
  /** True while the finished output is being copied into storage. */
  storing?: boolean;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
};

/** What the phase reads: the status, the model's progress, the storing flag. */
export type PhaseSource = Pick<
  ProgressSource,
  "status" | "progress" | "storing"
>;

/**
 * The phase a video is in. The stored status can lag behind what the
 * model reports: with webhooks only `start` and `completed` arrive, so a
 * video may still be `starting` while its polled progress is rising (it is
 * rendering) or while its output is being stored.
 */
export function phaseOf(video: PhaseSource): Phase {
  switch (video.status) {
    case "pending":
      return "queued";
    case "starting":
      if (video.storing === true) return "storing";
      return (video.progress ?? 0) > 0 ? "rendering" : "starting";
    case "processing":
      return video.storing === true ? "storing" : "rendering";
    case "succeeded":
      return "ready";
    case "failed":
      return "failed";
    case "canceled":
      return "canceled";
  }
}

/** Label of each phase, as the card and the page show it. */
export const PHASE_LABEL: Record<Phase, string> = {
  queued: "Queued",
  starting: "Starting",
  rendering: "Rendering",
  storing: "Storing",
  ready: "Ready",
  failed: "Failed",
  canceled: "Canceled",
};

/**
 * The word a video's status badge and its progress bar both show: the
 * label of its phase, never the raw status, so the badge cannot read
 * "Starting" while the bar is rendering or storing.
 */
export function phaseLabel(video: PhaseSource): string {
  return PHASE_LABEL[phaseOf(video)];
}

/**
 * The overall percentage of a video's journey: queued 0–2 %, starting 5 %,
 * rendering 5–95 % (the model's own progress mapped in), storing 97 %,
 * ready 100 %. Terminal failures keep the last value (null = no bar).
 */
export function overallPercent(video: ProgressSource): number | null {
  const phase = phaseOf(video);
  switch (phase) {
    case "queued":
      return 2;
    case "starting":
      return 5;
    case "rendering":
      return Math.round(5 + 0.9 * clamp(video.progress ?? 0, 0, 100));
    case "storing":
      return 97;
    case "ready":
      return 100;
    default:
      return null;
  }
}

/** Estimated rendering progress reaches this at the model's typical time … */
const ESTIMATE_AT_TYPICAL = 90;
/** … and creeps towards this, never reaching 100, after it. */
const ESTIMATE_CEILING = 99;

/**
 * The model's progress (0..99) estimated from the time rendered so far and
 * its typical (p50) time: linear up to 90 at the typical time, then easing
 * towards 99 (half-way every typical time more), so a slow render keeps
 * moving without ever claiming to be done. Rises with time, never falls.
 */
export function estimatedProgress(
  elapsedSeconds: number,
  typicalSeconds: number,
): number {
  const t = Math.max(0, elapsedSeconds);
  if (t <= typicalSeconds) return (ESTIMATE_AT_TYPICAL * t) / typicalSeconds;
  const beyond = (t - typicalSeconds) / typicalSeconds;
  return (
    ESTIMATE_CEILING - (ESTIMATE_CEILING - ESTIMATE_AT_TYPICAL) * 0.5 ** beyond
  );
}

/**
 * The video as its bar shows it. With webhooks nothing is polled while a
 * render runs (ADR 0050), so the stored video reads `starting` until its
 * completion webhook and carries no progress; then, when the model has a
 * typical time, the bar shows it rendering at `estimatedProgress` from its
 * creation, marked `estimated`. A video that reports progress, is storing,
 * or whose model has no typical time is shown as stored.
 */
export function withEstimatedProgress<T extends ProgressSource>(
  video: T,
  typicalSeconds: number | null | undefined,
  now: number | null,
): T & { estimated?: true } {
  if (now === null || !typicalSeconds || typicalSeconds <= 0) return video;
  if (video.status !== "starting" && video.status !== "processing")
    return video;
  if (video.storing === true || (video.progress ?? 0) > 0) return video;
  const rendered = (now - (video.startedAt ?? video.createdAt)) / 1000;
  const progress = Math.floor(estimatedProgress(rendered, typicalSeconds));
  if (progress < 1) return video;
  return { ...video, status: "processing", progress, estimated: true };
}

/** "45 s", "1 min 05 s" for an estimate in seconds, rounded sensibly. */
export function formatEstimate(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0
    ? `${minutes} min`
    : `${minutes} min ${String(rest).padStart(2, "0")} s`;
}

/**
 * Seconds left, estimated from the typical (p50) generation time: while
 * rendering, the typical time scaled by the model's remaining progress (or
 * minus the time rendered so far when it reports none); before rendering,
 * the whole typical time. Null when no estimate is possible, 0 when the
 * video is taking longer than usual.
 */
export function secondsLeft(
  video: ProgressSource,
  typicalSeconds: number | null | undefined,
  now: number,
): number | null {
  if (!typicalSeconds || typicalSeconds <= 0) return null;
  const phase = phaseOf(video);
  if (phase === "queued" || phase === "starting") return typicalSeconds;
  if (phase !== "rendering") return null;
  if (video.progress !== undefined && video.progress > 0)
    return (typicalSeconds * (100 - clamp(video.progress, 0, 100))) / 100;
  const rendered = (now - (video.startedAt ?? video.createdAt)) / 1000;
  return Math.max(0, typicalSeconds - rendered);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * A file name for a download: the first words of the prompt, lower-case
 * ASCII joined by hyphens, without the fake model's `[markers]`, at most
 * 60 characters, then `.mp4` ("video.mp4" when nothing is left).
 */
export function downloadFileName(prompt: string): string {
  const words = prompt
    .replace(/\[[a-z]+\]/gi, " ")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let name = "";
  for (const word of words) {
    const next = name ? `${name}-${word}` : word;
    if (next.length > 60) break;
    name = next;
  }
  if (!name && words.length > 0) name = words[0].slice(0, 60);
  return `${name || "video"}.mp4`;
}
