import { randomString } from "./signing";

/** Statuses Replicate reports; `succeeded`, `failed`, `canceled` and `aborted` are terminal. */
export type PredictionStatus =
  "starting" | "processing" | "succeeded" | "failed" | "canceled" | "aborted";

/** How a prediction ends if nobody cancels it. `hang` never ends (for timeout tests). */
export type Outcome = "succeed" | "fail" | "abort" | "hang";

export type WebhookEvent = "start" | "output" | "logs" | "completed";

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  "start",
  "output",
  "logs",
  "completed",
];

/** The JSON object Replicate returns for a prediction (and posts as a webhook body). */
export interface ReplicatePrediction {
  id: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  output: string | string[] | null;
  error: string | null;
  logs: string;
  status: PredictionStatus;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  /** Seconds; empty until the prediction is terminal. */
  metrics: { predict_time?: number; total_time?: number };
  urls: { get: string; cancel: string };
  data_removed: false;
  source: "api";
}

/** Server-side state of one prediction; its public status is derived from these timestamps. */
export interface PredictionRecord {
  id: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  outcome: Outcome;
  /** All times are epoch milliseconds. */
  createdAt: number;
  startAt: number;
  endAt: number;
  canceledAt: number | null;
  webhook: string | null;
  webhookEvents: ReadonlySet<WebhookEvent>;
  outputCount: number;
}

const FAILURE_MESSAGE = "Fake model error: CUDA out of memory";

/** Sampler steps printed as tqdm progress lines while processing. */
const PROGRESS_STEPS = 20;
const PROGRESS_BAR_WIDTH = 20;
/** A failing run dies partway through, like a real OOM would. */
const FAIL_AT_FRACTION = 0.6;
/** A hanging run stalls just short of the end so progress looks plausible but never completes. */
const HANG_AT_FRACTION = 0.95;
const SLOW_FACTOR = 10;
const TERMINAL: ReadonlySet<PredictionStatus> = new Set([
  "succeeded",
  "failed",
  "canceled",
  "aborted",
]);
/** Replicate ids are 26 lowercase base32 characters. */
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** @returns true for `succeeded`, `failed`, `canceled` and `aborted`. */
export function isTerminal(status: PredictionStatus): boolean {
  return TERMINAL.has(status);
}

/** @returns a new Replicate-like prediction id (26 chars, `[a-z2-7]`). */
export function newPredictionId(): string {
  return randomString(26, ID_ALPHABET);
}

/** `[render=7s]` or `[render=800ms]`: this prediction's time from create to done. */
const RENDER_MARKER = /\[render=(\d+(?:\.\d+)?)(ms|s)\]/;

/**
 * Reads the per-prediction switches from the prompt: `[fail]`, `[abort]` or `[hang]` force the
 * outcome (null when none is present), `[slow]` multiplies all timings by 10 and
 * `[render=7s]` (or `=800ms`) sets this prediction's duration (null: the fake's own).
 */
export function readPromptMarkers(prompt: string): {
  outcome: Outcome | null;
  slow: boolean;
  renderMs: number | null;
} {
  const lower = prompt.toLowerCase();
  const slow = lower.includes("[slow]");
  const render = lower.match(RENDER_MARKER);
  const renderMs =
    render === null ? null : Number(render[1]) * (render[2] === "s" ? 1000 : 1);
  const outcome = lower.includes("[fail]")
    ? "fail"
    : lower.includes("[abort]")
      ? "abort"
      : lower.includes("[hang]")
        ? "hang"
        : null;
  return { outcome, slow, renderMs };
}

/** Timing knobs in milliseconds; `slow` stretches both by 10×. */
export interface Timing {
  startingMs: number;
  durationMs: number;
  slow: boolean;
}

/** @returns the epoch-ms bounds of the starting and processing phases for a prediction created at `createdAt`. */
export function schedule(
  createdAt: number,
  timing: Timing,
): { startAt: number; endAt: number } {
  const factor = timing.slow ? SLOW_FACTOR : 1;
  const durationMs = timing.durationMs * factor;
  return {
    startAt: createdAt + Math.min(timing.startingMs * factor, durationMs),
    endAt: createdAt + durationMs,
  };
}

/**
 * `num_outputs > 1` or `output_format: "array"` make the output an array of URLs, so callers
 * that must handle Replicate's array outputs get exercised.
 * @returns the number of output URLs, or 0 for a single string output.
 */
export function outputCountFor(input: Record<string, unknown>): number {
  const requested =
    typeof input.num_outputs === "number" ? Math.floor(input.num_outputs) : 1;
  if (requested > 1) return requested;
  return input.output_format === "array" ? 1 : 0;
}

/** @returns the URL path (under the public origin) serving output `index` of prediction `id`. */
function outputPath(id: string, index: number | null): string {
  return index === null ? `/outputs/${id}.mp4` : `/outputs/${id}-${index}.mp4`;
}

/**
 * Computes the prediction as Replicate would report it at `now` (epoch ms).
 * State is derived from timestamps rather than mutated by timers so that a GET is always
 * consistent with elapsed time, whether or not a timer has fired yet.
 */
export function snapshot(
  record: PredictionRecord,
  now: number,
  publicUrl: string,
): ReplicatePrediction {
  const naturalEnd =
    record.outcome === "hang" ? Number.POSITIVE_INFINITY : record.endAt;
  const canceled =
    record.canceledAt !== null &&
    record.canceledAt < naturalEnd &&
    record.canceledAt <= now;
  const stopAt = canceled ? (record.canceledAt as number) : naturalEnd;
  const at = Math.min(now, stopAt);
  // Replicate aborts predictions that never left the queue, so an aborted one never starts.
  const started = record.outcome !== "abort" && at >= record.startAt;

  let status: PredictionStatus;
  if (canceled) status = "canceled";
  else if (now >= stopAt) status = terminalStatusFor(record.outcome);
  else status = started ? "processing" : "starting";

  const terminal = isTerminal(status);
  const completedAt = terminal ? stopAt : null;
  const processingMs = started ? at - record.startAt : 0;

  return {
    id: record.id,
    model: record.model,
    version: record.version,
    input: record.input,
    output: status === "succeeded" ? outputUrls(record, publicUrl) : null,
    error: status === "failed" ? FAILURE_MESSAGE : null,
    logs: started ? buildLogs(record, at, status) : "",
    status,
    created_at: new Date(record.createdAt).toISOString(),
    started_at: started ? new Date(record.startAt).toISOString() : null,
    completed_at:
      completedAt === null ? null : new Date(completedAt).toISOString(),
    metrics: terminal
      ? {
          predict_time: seconds(processingMs),
          total_time: seconds((completedAt as number) - record.createdAt),
        }
      : {},
    urls: {
      get: `${publicUrl}/v1/predictions/${record.id}`,
      cancel: `${publicUrl}/v1/predictions/${record.id}/cancel`,
    },
    data_removed: false,
    source: "api",
  };
}

function terminalStatusFor(outcome: Outcome): PredictionStatus {
  switch (outcome) {
    case "fail":
      return "failed";
    case "abort":
      return "aborted";
    default:
      return "succeeded";
  }
}

function outputUrls(
  record: PredictionRecord,
  publicUrl: string,
): string | string[] {
  if (record.outputCount === 0)
    return `${publicUrl}${outputPath(record.id, null)}`;
  return Array.from(
    { length: record.outputCount },
    (_, index) => `${publicUrl}${outputPath(record.id, index)}`,
  );
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/**
 * Model logs at time `at`: a header, then one tqdm line per completed sampler step, in the exact
 * shape `parseProgressFromLogs` from the `replicate` package matches
 * (`/^\s*(\d+)%\s*\|.+?\|\s*(\d+)\/(\d+)/`), then a footer for the terminal state.
 */
function buildLogs(
  record: PredictionRecord,
  at: number,
  status: PredictionStatus,
): string {
  const processingMs = Math.max(1, record.endAt - record.startAt);
  const elapsedMs = at - record.startAt;
  const ceiling =
    record.outcome === "fail"
      ? FAIL_AT_FRACTION
      : record.outcome === "hang"
        ? HANG_AT_FRACTION
        : 1;
  const fraction =
    status === "succeeded" ? 1 : Math.min(elapsedMs / processingMs, ceiling);
  const steps = Math.floor(fraction * PROGRESS_STEPS);

  const prompt =
    typeof record.input.prompt === "string" ? record.input.prompt : "";
  const lines = [
    `Loading pipeline for ${record.model}...`,
    `Prompt: ${JSON.stringify(prompt)}`,
  ];
  const msPerStep = processingMs / PROGRESS_STEPS;
  for (let step = 0; step <= steps; step++)
    lines.push(progressLine(step, msPerStep));

  if (status === "succeeded")
    lines.push("Encoding video (h264, 320x180, 2.0 s)...", "Saved output.mp4");
  if (status === "failed") {
    lines.push(
      "Traceback (most recent call last):",
      `torch.cuda.OutOfMemoryError: ${FAILURE_MESSAGE}`,
    );
  }
  if (status === "canceled") lines.push("Prediction canceled.");
  return `${lines.join("\n")}\n`;
}

function progressLine(step: number, msPerStep: number): string {
  const percent = Math.floor((step / PROGRESS_STEPS) * 100);
  const filled = Math.round((step / PROGRESS_STEPS) * PROGRESS_BAR_WIDTH);
  const bar = "█".repeat(filled) + " ".repeat(PROGRESS_BAR_WIDTH - filled);
  const elapsed = clock((step * msPerStep) / 1000);
  const remaining = clock(((PROGRESS_STEPS - step) * msPerStep) / 1000);
  const rate = step === 0 ? "?it/s" : `${(1000 / msPerStep).toFixed(2)}it/s`;
  return `${String(percent).padStart(3)}%|${bar}| ${step}/${PROGRESS_STEPS} [${elapsed}<${remaining}, ${rate}]`;
}

function clock(totalSeconds: number): string {
  const whole = Math.round(totalSeconds);
  return `${String(Math.floor(whole / 60)).padStart(2, "0")}:${String(whole % 60).padStart(2, "0")}`;
}
