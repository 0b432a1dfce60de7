import { readFile } from "node:fs/promises";
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import {
  BadRequestError,
  readJsonBody,
  sendJson,
  sendRejection,
  sendVideo,
} from "./http";
import {
  isTerminal,
  newPredictionId,
  outputCountFor,
  readPromptMarkers,
  schedule,
  snapshot,
  type PredictionRecord,
  type PredictionStatus,
  type ReplicatePrediction,
  type WebhookEvent,
} from "./predictions";
import {
  applyModeUpdate,
  consumeCreateMode,
  consumeOutcomeMode,
  defaultMode,
  parseModeUpdate,
} from "./mode";
import {
  classifyApiRoute,
  parseCreateRequest,
  validationErrorBody,
} from "./requests";
import type {
  FakeReplicate,
  FakeReplicateOptions,
  PredictionCallStats,
} from "./types";
import { WebhookDispatcher, type WebhookAttempt } from "./webhooks";
import { FakeModels, MODEL_NAME_SEGMENT, type FakeInput } from "./models";

export { signWebhook, generateWebhookSecret } from "./signing";
export type {
  ReplicatePrediction,
  PredictionStatus,
  Outcome,
  WebhookEvent,
} from "./predictions";
export type { CreateMode, FakeReplicateMode, ModeUpdate } from "./mode";
export type {
  FakeReplicate,
  FakeReplicateOptions,
  FakeReplicateStats,
  PredictionCallStats,
} from "./types";

/** Replicate sends `logs` webhooks at most this often. */
const LOGS_WEBHOOK_INTERVAL_MS = 500;
/** Granularity of the timer that moves predictions forward when nobody polls. */
const TICK_MS = 100;
const WEBHOOK_TIMEOUT_MS = 5000;
const SAMPLE_VIDEO_URL = new URL("./sample.mp4", import.meta.url);
const OUTPUT_PATH = /^\/outputs\/([a-z0-9]+)(?:-(\d+))?\.mp4$/;
const NOT_FOUND = { detail: "Not found." };

/** A prediction plus what has already been reported about it, so each change is reported once. */
interface Tracked {
  record: PredictionRecord;
  calls: PredictionCallStats;
  lastStatus: PredictionStatus;
  /** Logs as of the last `logs` webhook, and when it was queued (epoch ms), for the 500 ms throttle. */
  lastLogsSent: string;
  lastLogsSentAt: number;
  /** The terminal state has been seen and its webhooks queued. */
  finished: boolean;
}

/**
 * Starts a local fake of Replicate's prediction API (see README.md for endpoints and switches).
 * @returns the running fake once it listens; call `close()` when done.
 * @throws the listen error, e.g. with `code: "EADDRINUSE"` when the port is taken.
 */
export async function startFakeReplicate(
  options: FakeReplicateOptions = {},
): Promise<FakeReplicate> {
  const host = options.host ?? "127.0.0.1";
  const durationMs = options.durationMs ?? 6000;
  const startingMs = options.startingMs ?? 1000;
  const log = options.log ?? (() => {});
  const video = await readFile(SAMPLE_VIDEO_URL);

  const tracked = new Map<string, Tracked>();
  const models = new FakeModels();
  let mode = defaultMode();
  let counters = emptyCounters();
  let ticker: NodeJS.Timeout | null = null;
  let publicUrl = "";

  const dispatcher = new WebhookDispatcher({
    secret: options.webhookSecret,
    retryDelaysMs: options.webhookRetryDelaysMs ?? [250, 1000, 3000],
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    onAttempt: recordWebhookAttempt,
  });

  const server = createServer((request, response) => {
    const started = Date.now();
    response.on("finish", () => {
      log(
        `${request.method} ${request.url} → ${response.statusCode} (${Date.now() - started} ms)`,
      );
    });
    handle(request, response).catch((error: unknown) => {
      if (error instanceof BadRequestError)
        return sendJson(response, 400, { detail: error.message, status: 400 });
      log(
        `internal error: ${error instanceof Error ? error.stack : String(error)}`,
      );
      if (!response.headersSent)
        sendJson(response, 500, { detail: "Internal server error" });
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  publicUrl = (
    options.publicUrl ?? `http://${reachableHost(host)}:${port}`
  ).replace(/\/+$/, "");

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    const method = request.method ?? "GET";

    if (path.startsWith("/_control/"))
      return handleControl(method, path, request, response);
    const output = path.match(OUTPUT_PATH);
    if (output && (method === "GET" || method === "HEAD")) {
      return serveOutput(
        request,
        response,
        output[1],
        output[2] === undefined ? null : Number(output[2]),
      );
    }
    if (!path.startsWith("/v1/")) return sendJson(response, 404, NOT_FOUND);

    counters.total++;
    const route = path.slice("/v1".length).split("/").filter(Boolean);
    const kind = classifyApiRoute(method, route);
    counters.byKind[kind]++;
    if (!isAuthorized(request.headers.authorization))
      return reject(response, 401);

    if (kind === "create")
      return createPrediction(
        request,
        response,
        route[0] === "models" ? `${route[1]}/${route[2]}` : null,
      );
    if (kind === "get") return getPrediction(response, route[1]);
    if (method === "GET" && route[0] === "models" && route.length >= 3)
      return getModel(response, route);
    if (kind === "cancel") return cancelPrediction(response, route[1]);
    if (
      method === "GET" &&
      route.join("/") === "webhooks/default/secret" &&
      options.webhookSecret
    ) {
      return sendJson(response, 200, { key: options.webhookSecret });
    }
    return sendJson(response, 404, NOT_FOUND);
  }

  async function createPrediction(
    request: IncomingMessage,
    response: ServerResponse,
    routeModel: string | null,
  ) {
    if (mode.create !== "ok") {
      const rejection = mode.create;
      mode = consumeCreateMode(mode);
      return reject(
        response,
        rejection === "throttle" ? 429 : rejection === "error" ? 500 : 401,
      );
    }
    const parsed = parseCreateRequest(await readJsonBody(request), routeModel);
    if (Array.isArray(parsed))
      return sendJson(response, 422, validationErrorBody(parsed));

    const markers = readPromptMarkers(parsed.input.prompt as string);
    let outcome = markers.outcome;
    if (outcome === null) {
      outcome = mode.outcome;
      mode = consumeOutcomeMode(mode);
    }
    const createdAt = Date.now();
    const record: PredictionRecord = {
      id: newPredictionId(),
      model: parsed.model,
      version: parsed.version,
      input: parsed.input,
      outcome,
      createdAt,
      ...schedule(createdAt, {
        startingMs,
        durationMs: markers.renderMs ?? durationMs,
        slow: markers.slow,
      }),
      canceledAt: null,
      webhook: parsed.webhook,
      webhookEvents: parsed.webhookEvents,
      outputCount: outputCountFor(parsed.input),
    };
    const entry: Tracked = {
      record,
      calls: {
        get: 0,
        cancel: 0,
        outputRequests: 0,
        webhooks: { attempts: 0, delivered: 0, dropped: 0 },
      },
      lastStatus: "starting",
      lastLogsSent: "",
      lastLogsSentAt: 0,
      finished: false,
    };
    tracked.set(record.id, entry);
    const prediction = snapshot(record, createdAt, publicUrl);
    log(
      `prediction ${record.id} created for ${record.model} (outcome ${outcome}${markers.slow ? ", slow" : ""})`,
    );
    notify(entry, "start", prediction);
    startTicker();
    sendJson(response, 201, prediction);
  }

  /**
   * `GET /models/{owner}/{name}`, `.../versions` and `.../versions/{id}`
   * (`latest` is not a Replicate id, but accepted as a convenience).
   */
  function getModel(response: ServerResponse, route: string[]) {
    const [, owner, name, sub, id, ...rest] = route;
    if (!MODEL_NAME_SEGMENT.test(owner) || !MODEL_NAME_SEGMENT.test(name))
      return sendJson(response, 404, NOT_FOUND);
    if (sub === undefined)
      return sendJson(response, 200, models.modelBody(owner, name));
    if (sub !== "versions" || rest.length > 0)
      return sendJson(response, 404, NOT_FOUND);
    const entry = models.get(owner, name);
    if (id === undefined)
      return sendJson(response, 200, {
        next: null,
        previous: null,
        results: entry.versions,
      });
    const version =
      id === "latest" ? entry.versions[0] : models.version(owner, name, id);
    if (!version) return sendJson(response, 404, NOT_FOUND);
    sendJson(response, 200, version);
  }

  function getPrediction(response: ServerResponse, id: string) {
    const entry = tracked.get(id);
    if (!entry) return sendJson(response, 404, NOT_FOUND);
    entry.calls.get++;
    sendJson(response, 200, advance(entry, Date.now()));
  }

  function cancelPrediction(response: ServerResponse, id: string) {
    const entry = tracked.get(id);
    if (!entry) return sendJson(response, 404, NOT_FOUND);
    entry.calls.cancel++;
    const now = Date.now();
    if (!isTerminal(snapshot(entry.record, now, publicUrl).status))
      entry.record.canceledAt = now;
    sendJson(response, 200, advance(entry, now));
  }

  function serveOutput(
    request: IncomingMessage,
    response: ServerResponse,
    id: string,
    index: number | null,
  ) {
    const entry = tracked.get(id);
    // Only real outputs exist: a wrong URL here would be a wrong URL against Replicate too.
    const exists =
      entry !== undefined &&
      snapshot(entry.record, Date.now(), publicUrl).status === "succeeded" &&
      (index === null
        ? entry.record.outputCount === 0
        : index < entry.record.outputCount);
    if (!exists) return sendJson(response, 404, NOT_FOUND);
    entry.calls.outputRequests++;
    sendVideo(request, response, video);
  }

  async function handleControl(
    method: string,
    path: string,
    request: IncomingMessage,
    response: ServerResponse,
  ) {
    if (method === "POST" && path === "/_control/mode") {
      const update = parseModeUpdate(await readJsonBody(request));
      if (typeof update === "string")
        return sendJson(response, 400, { detail: update });
      return sendJson(response, 200, fake.setMode(update));
    }
    if (method === "POST" && path === "/_control/reset") {
      fake.reset();
      return sendJson(response, 200, { ok: true });
    }
    if (method === "GET" && path === "/_control/stats")
      return sendJson(response, 200, fake.stats());
    const publish = path.match(
      /^\/_control\/models\/([^/]+)\/([^/]+)\/versions$/,
    );
    if (method === "POST" && publish) {
      const body = (await readJsonBody(request)) as {
        set?: FakeInput[];
        remove?: string[];
      } | null;
      return sendJson(
        response,
        201,
        models.publish(publish[1], publish[2], {
          set: Array.isArray(body?.set) ? body.set : [],
          remove: Array.isArray(body?.remove) ? body.remove : [],
        }),
      );
    }
    sendJson(response, 404, NOT_FOUND);
  }

  /**
   * Brings one prediction up to `now`: logs its state changes and emits the webhooks Replicate
   * would have sent by then. Called by the ticker and by every GET/cancel, whichever comes first.
   */
  function advance(entry: Tracked, now: number): ReplicatePrediction {
    const prediction = snapshot(entry.record, now, publicUrl);
    if (entry.finished) return prediction;
    if (prediction.status !== entry.lastStatus) {
      log(
        `prediction ${prediction.id}: ${entry.lastStatus} → ${prediction.status}`,
      );
      entry.lastStatus = prediction.status;
    }
    if (isTerminal(prediction.status)) {
      entry.finished = true;
      if (prediction.output !== null) notify(entry, "output", prediction);
      notify(entry, "completed", prediction);
    } else if (
      prediction.logs !== entry.lastLogsSent &&
      now - entry.lastLogsSentAt >= LOGS_WEBHOOK_INTERVAL_MS
    ) {
      entry.lastLogsSent = prediction.logs;
      entry.lastLogsSentAt = now;
      notify(entry, "logs", prediction);
    }
    return prediction;
  }

  function notify(
    entry: Tracked,
    event: WebhookEvent,
    prediction: ReplicatePrediction,
  ) {
    const { webhook, webhookEvents } = entry.record;
    if (webhook !== null && webhookEvents.has(event))
      dispatcher.enqueue(webhook, event, prediction);
  }

  function recordWebhookAttempt(attempt: WebhookAttempt) {
    const webhooks = tracked.get(attempt.predictionId)?.calls.webhooks;
    if (webhooks) {
      webhooks.attempts++;
      if (attempt.delivered) webhooks.delivered++;
      if (attempt.gaveUp) webhooks.dropped++;
    }
    const outcome =
      attempt.status === null ? "network error" : String(attempt.status);
    log(
      `webhook ${attempt.event} ${attempt.webhookId} for ${attempt.predictionId} attempt ${attempt.attempt} → ${outcome}`,
    );
  }

  function startTicker() {
    ticker ??= setInterval(() => {
      const now = Date.now();
      let active = false;
      for (const entry of tracked.values()) {
        advance(entry, now);
        active ||= !entry.finished;
      }
      if (!active) stopTicker();
    }, TICK_MS);
  }

  function stopTicker() {
    if (ticker !== null) clearInterval(ticker);
    ticker = null;
  }

  function isAuthorized(header: string | undefined): boolean {
    if (options.apiToken === undefined) return true;
    const match = header?.match(/^(?:Bearer|Token)\s+(.+)$/i);
    return match?.[1] === options.apiToken;
  }

  function reject(response: ServerResponse, status: 401 | 429 | 500) {
    counters.rejected++;
    sendRejection(response, status);
  }

  const fake: FakeReplicate = {
    url: `${publicUrl}/v1`,
    origin: publicUrl,
    async close() {
      stopTicker();
      dispatcher.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
    setMode(update) {
      mode = applyModeUpdate(mode, update);
      log(`mode: ${JSON.stringify(mode)}`);
      return { ...mode };
    },
    reset() {
      stopTicker();
      dispatcher.clear();
      tracked.clear();
      models.reset();
      mode = defaultMode();
      counters = emptyCounters();
      log("reset");
    },
    stats() {
      const byPrediction: Record<string, PredictionCallStats> = {};
      for (const [id, entry] of tracked)
        byPrediction[id] = structuredClone(entry.calls);
      return {
        ...counters,
        byKind: { ...counters.byKind },
        byPrediction,
        mode: { ...mode },
      };
    },
    get predictions() {
      const now = Date.now();
      return new Map(
        [...tracked].map(([id, entry]) => [
          id,
          snapshot(entry.record, now, publicUrl),
        ]),
      );
    },
  };
  return fake;
}

function emptyCounters() {
  return {
    total: 0,
    byKind: { create: 0, get: 0, cancel: 0, other: 0 },
    rejected: 0,
  };
}

/** A wildcard listen address is not a URL a client can call; point at loopback instead. */
function reachableHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
