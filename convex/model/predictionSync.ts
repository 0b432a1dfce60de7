/**
 * Action-side steps of the lifecycle that talk to Replicate and to file
 * storage: shared by the scheduled actions (start, poll, cancel) and the
 * webhook HTTP action, so webhook and poll apply a prediction the same way.
 *
 * Replicate facts (Replicate HTTP API docs): outputs are deleted after an
 * hour, so a succeeded video's output is copied into Convex file storage;
 * `aborted` is terminal; the client retries 429 and GET 5xx itself.
 */
import Replicate, { parseProgressFromLogs } from "replicate";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { ActionCtx } from "../_generated/server";
import { logTail } from "../lib/logs";
import { MAX_OUTPUTS } from "../lib/modelInputs";
import {
  DEFAULT_OUTPUT_MAX_BYTES,
  DEFAULT_OUTPUT_TIMEOUT_MS,
  type HostRule,
  isAllowedOutputType,
  isAllowedOutputUrl,
  parseOutputHosts,
  positiveIntSetting,
} from "../lib/outputHosts";
import {
  outputUrlsOf,
  type Prediction,
  progressPercent,
} from "../lib/replicate";
import { env } from "../_generated/server";

/** Replicate's API base URL unless `REPLICATE_API_BASE_URL` overrides it. */
export const DEFAULT_REPLICATE_API_BASE_URL = "https://api.replicate.com/v1";

/**
 * A Replicate client from the environment (`REPLICATE_API_TOKEN`,
 * `REPLICATE_API_BASE_URL`), read when called.
 * @throws Error when `REPLICATE_API_TOKEN` is not set.
 */
export function replicateClient(): Replicate {
  const auth = env.REPLICATE_API_TOKEN;
  if (!auth)
    throw new Error("REPLICATE_API_TOKEN is not set on the deployment.");
  return new Replicate({
    auth,
    baseUrl: env.REPLICATE_API_BASE_URL || DEFAULT_REPLICATE_API_BASE_URL,
    userAgent: "video-model-platform",
  });
}

/** The HTTP status of a Replicate client error (`ApiError`), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } } | null)?.response?.status;
}

/** Longest wait before retrying a refused create. */
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * How long to wait before retrying a call Replicate refused (429): its
 * `Retry-After` (seconds or an HTTP date) when present, else 2 s doubling
 * per attempt; at most a minute, at least a second, with jitter.
 */
export function retryDelayMs(error: unknown, attempt: number): number {
  const headers = (
    error as { response?: { headers?: { get?: (n: string) => string | null } } }
  )?.response?.headers;
  const header = headers?.get?.("retry-after") ?? null;
  let wait = 2_000 * 2 ** Math.min(attempt, 5);
  if (header !== null && header.trim() !== "") {
    const seconds = Number(header);
    const date = Date.parse(header);
    if (Number.isFinite(seconds)) wait = seconds * 1000;
    else if (Number.isFinite(date)) wait = date - Date.now();
  }
  const jitter = Math.floor(Math.random() * 250);
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(1_000, wait)) + jitter;
}

/**
 * Cancels a prediction at Replicate, best effort (the video is refunded
 * already, or about to be): a failure is logged, never thrown. A plain
 * function, so actions call it directly instead of `ctx.runAction`.
 */
export async function cancelAtReplicate(predictionId: string): Promise<void> {
  try {
    await replicateClient().predictions.cancel(predictionId);
  } catch (error) {
    console.warn(
      `cancel of ${predictionId} failed: ${replicateErrorMessage(error)}`,
    );
  }
}

/** A readable message for an error thrown by the Replicate client or fetch. */
export function replicateErrorMessage(error: unknown): string {
  const status = httpStatusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (status === 429)
    return "Replicate is rate-limiting requests (HTTP 429); try again in a minute.";
  if (status === 401 || status === 403)
    return `Replicate refused the API token (HTTP ${status}).`;
  if (status !== undefined && status >= 500)
    return `Replicate had a server error (HTTP ${status}).`;
  if (status !== undefined)
    return `Replicate refused the request (HTTP ${status}): ${message}`.slice(
      0,
      500,
    );
  return `Could not reach Replicate: ${message}`.slice(0, 500);
}

/** The fields of a prediction the mutations take (a Convex value). */
export function toStoredPrediction(prediction: Prediction) {
  return {
    id: prediction.id,
    status: prediction.status,
    // An error object's `detail` is its message (as `predictionErrorMessage`
    // reads it); anything else is kept as JSON rather than lost.
    error:
      prediction.error === null || prediction.error === undefined
        ? undefined
        : typeof prediction.error === "string"
          ? prediction.error
          : typeof prediction.error === "object" && "detail" in prediction.error
            ? String(prediction.error.detail)
            : JSON.stringify(prediction.error),
    predictTime: prediction.metrics?.predict_time ?? undefined,
  };
}

/** Progress 0..100 parsed from a prediction's logs, if it prints any. */
export function progressOf(prediction: Prediction): number | undefined {
  const parsed = parseProgressFromLogs(prediction.logs ?? "");
  return progressPercent(parsed?.percentage);
}

/**
 * Applies a prediction's state to its video, whoever observed it (webhook
 * or poll). A succeeded prediction's output is downloaded into file storage
 * by whichever observer takes the finalization lease; the others return.
 * @param observer `{ webhookId }` when a webhook delivered it: a terminal
 *   delivery is applied once (`model/webhookDeliveries.ts`), and a failed
 *   copy of the output is retried within seconds (no poll is due until the
 *   safety net); "poll" when a poll did (its next poll is already scheduled).
 * @returns `terminal: true` when the video needs no more polling;
 *   `duplicate: true` when the delivery had been applied already.
 */
export async function syncPrediction(
  ctx: ActionCtx,
  prediction: Prediction,
  observer: { webhookId: string } | "poll",
): Promise<{ terminal: boolean; duplicate?: boolean }> {
  const delivery = observer === "poll" ? undefined : observer;
  if (prediction.status !== "succeeded") {
    return await ctx.runMutation(internal.predictions.applyPredictionUpdate, {
      prediction: toStoredPrediction(prediction),
      progress: progressOf(prediction),
      logs: logTail(prediction.logs),
      delivery,
    });
  }
  const claim = await ctx.runMutation(internal.predictions.claimFinalization, {
    predictionId: prediction.id,
    logs: logTail(prediction.logs),
    delivery,
  });
  if (claim.videoId === null)
    return {
      terminal: claim.terminal,
      duplicate: "duplicate" in claim && claim.duplicate,
    };
  return await storeOutput(
    ctx,
    claim.videoId,
    prediction,
    delivery === undefined ? "poll" : "webhook",
  );
}

/**
 * Downloads every output video into storage (Replicate answers an array of
 * URLs for a multi-output prediction) and completes the video. All or
 * nothing: a failed copy drops the copies made so far and is retried.
 */
async function storeOutput(
  ctx: ActionCtx,
  videoId: Id<"videos">,
  prediction: Prediction,
  observer: "webhook" | "poll",
): Promise<{ terminal: boolean }> {
  const urls = outputUrlsOf(prediction.output).slice(0, MAX_OUTPUTS);
  const predictTime = prediction.metrics?.predict_time ?? undefined;
  if (urls.length === 0) {
    await ctx.runMutation(internal.predictions.failVideo, {
      videoId,
      error: "Replicate reported success but returned no video.",
    });
    return { terminal: true };
  }
  const storageIds: Id<"_storage">[] = [];
  try {
    const limits = downloadLimits();
    for (const url of urls) {
      storageIds.push(
        await ctx.storage.store(await downloadOutput(url, limits)),
      );
    }
  } catch (error) {
    for (const id of storageIds) await ctx.storage.delete(id);
    const message = error instanceof Error ? error.message : String(error);
    // A refused URL, type or size will be refused again: fail (and refund)
    // now instead of retrying; network and HTTP errors are retried.
    if (error instanceof RefusedOutputError) {
      await ctx.runMutation(internal.predictions.failVideo, {
        videoId,
        error: message,
      });
      return { terminal: true };
    }
    await ctx.runMutation(internal.predictions.recordDownloadFailure, {
      videoId,
      error: message,
      retrySoon: observer === "webhook",
    });
    return { terminal: false };
  }
  const completed = await ctx.runMutation(
    internal.predictions.completeSucceeded,
    {
      videoId,
      storageId: storageIds[0],
      storageIds,
      predictTime,
    },
  );
  // Someone else finished the video meanwhile (e.g. it timed out): drop the copies.
  if (!completed) for (const id of storageIds) await ctx.storage.delete(id);
  return { terminal: true };
}

/** An output the backend will never download (host, type or size). */
class RefusedOutputError extends Error {}

type DownloadLimits = {
  rules: HostRule[];
  maxBytes: number;
  timeoutMs: number;
};

/**
 * The download limits from the environment, read when called:
 * `REPLICATE_OUTPUT_HOSTS` (see lib/outputHosts.ts),
 * `REPLICATE_OUTPUT_MAX_BYTES` (default 50 MiB),
 * `REPLICATE_OUTPUT_TIMEOUT_MS` (default 60 s).
 */
function downloadLimits(): DownloadLimits {
  return {
    rules: parseOutputHosts(env.REPLICATE_OUTPUT_HOSTS),
    maxBytes: positiveIntSetting(
      env.REPLICATE_OUTPUT_MAX_BYTES,
      DEFAULT_OUTPUT_MAX_BYTES,
    ),
    timeoutMs: positiveIntSetting(
      env.REPLICATE_OUTPUT_TIMEOUT_MS,
      DEFAULT_OUTPUT_TIMEOUT_MS,
    ),
  };
}

/**
 * Downloads one output (ADR 0013): only from an allowed host, without
 * following redirects, within the timeout, a video or image content type,
 * at most `maxBytes` (checked on the header and while reading).
 * @throws RefusedOutputError for a refused host, type or size; Error for a
 *   network failure, a timeout or a non-2xx answer (worth a retry).
 */
async function downloadOutput(
  url: string,
  { rules, maxBytes, timeoutMs }: DownloadLimits,
): Promise<Blob> {
  if (!isAllowedOutputUrl(url, rules)) {
    let host = "an unparsable URL";
    try {
      host = new URL(url).host;
    } catch {
      // keep the placeholder
    }
    throw new RefusedOutputError(
      `The output is not from Replicate's delivery hosts (${host}).`,
    );
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      redirect: "error",
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const type = (response.headers.get("content-type") ?? "")
      .split(";")[0]
      .trim()
      .toLowerCase();
    if (!isAllowedOutputType(type)) {
      throw new RefusedOutputError(
        `The output is ${type === "" ? "of no declared type" : type}, not a video or an image.`,
      );
    }
    const tooBig = new RefusedOutputError(
      `The output is larger than ${maxBytes} bytes.`,
    );
    if (Number(response.headers.get("content-length") ?? 0) > maxBytes)
      throw tooBig;
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const chunk = reader === undefined ? undefined : await reader.read();
      if (chunk === undefined || chunk.done) break;
      size += chunk.value.byteLength;
      if (size > maxBytes) {
        await reader!.cancel();
        throw tooBig;
      }
      chunks.push(chunk.value);
    }
    // An empty body is no video (a delivery hiccup): retried like an HTTP
    // error, and failed with a refund after the third attempt.
    if (size === 0) throw new Error("the output is empty");
    return new Blob(chunks as BlobPart[], { type });
  } finally {
    clearTimeout(timer);
  }
}
