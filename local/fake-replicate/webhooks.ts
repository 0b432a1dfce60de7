import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import type { ReplicatePrediction, WebhookEvent } from "./predictions";
import { newWebhookId, signWebhook } from "./signing";

/** What happened to one delivery attempt; reported to `onAttempt` for stats and logs. */
export interface WebhookAttempt {
  predictionId: string;
  event: WebhookEvent;
  webhookId: string;
  /** 1 for the first try, then 2, 3, ... for retries. */
  attempt: number;
  /** HTTP status of the receiver's answer, or null on a network error or timeout. */
  status: number | null;
  delivered: boolean;
  /** True when this failed attempt was the last one allowed: the event is dropped. */
  gaveUp: boolean;
}

export interface WebhookDispatcherOptions {
  /** `whsec_...`; without it webhooks are sent unsigned (no `webhook-signature` header). */
  secret: string | undefined;
  /** Waits before each retry, in ms; its length is the number of retries after the first try. */
  retryDelaysMs: readonly number[];
  /** Per-attempt timeout in ms before the attempt counts as a network error. */
  timeoutMs: number;
  onAttempt: (attempt: WebhookAttempt) => void;
}

interface QueuedMessage {
  url: string;
  event: WebhookEvent;
  webhookId: string;
  /** The body is fixed at enqueue time: a webhook describes the prediction when the event happened. */
  body: string;
}

/**
 * Delivers webhook events with Replicate's guarantees that callers rely on: events of one
 * prediction go out in order and one at a time, failed attempts are retried with back-off under
 * the same `webhook-id`, and every attempt is freshly signed (new `webhook-timestamp`).
 */
export class WebhookDispatcher {
  private readonly queues = new Map<string, QueuedMessage[]>();
  private readonly draining = new Set<string>();
  // Aborting this controller cancels every in-flight request and back-off wait at once.
  private controller = new AbortController();

  constructor(private readonly options: WebhookDispatcherOptions) {}

  /** Queues `event` for `prediction` to be POSTed to `url`; returns immediately. */
  enqueue(
    url: string,
    event: WebhookEvent,
    prediction: ReplicatePrediction,
  ): void {
    const queue = this.queues.get(prediction.id) ?? [];
    queue.push({
      url,
      event,
      webhookId: newWebhookId(),
      body: JSON.stringify(prediction),
    });
    this.queues.set(prediction.id, queue);
    if (!this.draining.has(prediction.id))
      void this.drain(prediction.id, this.controller.signal);
  }

  /** Drops every queued event and aborts in-flight deliveries and pending retries. */
  clear(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.queues.clear();
    this.draining.clear();
  }

  private async drain(
    predictionId: string,
    signal: AbortSignal,
  ): Promise<void> {
    this.draining.add(predictionId);
    const queue = this.queues.get(predictionId);
    try {
      while (queue && queue.length > 0) {
        await this.deliver(predictionId, queue[0], signal);
        queue.shift();
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      // After clear() the maps belong to a new generation of deliveries; leave them alone.
      if (!signal.aborted) {
        this.draining.delete(predictionId);
        this.queues.delete(predictionId);
      }
    }
  }

  private async deliver(
    predictionId: string,
    message: QueuedMessage,
    signal: AbortSignal,
  ): Promise<void> {
    const maxAttempts = this.options.retryDelaysMs.length + 1;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1)
        await sleep(this.options.retryDelaysMs[attempt - 2], undefined, {
          signal,
        });
      const status = await this.post(message, signal);
      if (signal.aborted) return;
      const delivered = status !== null && status >= 200 && status < 300;
      const gaveUp = !delivered && attempt === maxAttempts;
      this.options.onAttempt({
        predictionId,
        event: message.event,
        webhookId: message.webhookId,
        attempt,
        status,
        delivered,
        gaveUp,
      });
      if (delivered) return;
    }
  }

  /** @returns the receiver's HTTP status, or null on a network error or timeout. */
  private post(
    message: QueuedMessage,
    signal: AbortSignal,
  ): Promise<number | null> {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(message.body)),
      "user-agent": "fake-replicate-webhooks/1.0",
      "webhook-id": message.webhookId,
      "webhook-timestamp": String(timestamp),
    };
    if (this.options.secret) {
      headers["webhook-signature"] = signWebhook(
        this.options.secret,
        message.webhookId,
        timestamp,
        message.body,
      );
    }
    const target = new URL(message.url);
    const transport = target.protocol === "https:" ? https : http;

    return new Promise((resolve) => {
      // agent: false gives a one-shot connection, so no keep-alive socket outlives close().
      const request = transport.request(target, {
        method: "POST",
        headers,
        agent: false,
        signal,
        timeout: this.options.timeoutMs,
      });
      request.on("response", (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? null));
        response.on("error", () => resolve(null));
      });
      request.on("timeout", () =>
        request.destroy(new Error("webhook timed out")),
      );
      request.on("error", () => resolve(null));
      request.end(message.body);
    });
  }
}
