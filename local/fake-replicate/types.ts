import type { FakeReplicateMode, ModeUpdate } from "./mode";
import type { ReplicatePrediction } from "./predictions";

/** Options of `startFakeReplicate`. */
export interface FakeReplicateOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** When set, `/v1` requests need `Authorization: Bearer <token>` (or `Token <token>`), else 401. */
  apiToken?: string;
  /** `whsec_...` used to sign webhooks; without it webhooks are sent unsigned. */
  webhookSecret?: string;
  /** Milliseconds from create to the terminal state; default 6000 (×10 for `[slow]`). */
  durationMs?: number;
  /** Milliseconds spent in `starting` before `processing`; default 1000 (×10 for `[slow]`). */
  startingMs?: number;
  /** Base URL put into `urls.get`/`urls.cancel` and output URLs; default `http://<host>:<port>`. */
  publicUrl?: string;
  /** Waits in ms before each webhook retry; default [250, 1000, 3000] (so 4 attempts at most). */
  webhookRetryDelaysMs?: number[];
  /** Receives one line per request, state change and webhook attempt; silent by default. */
  log?: (line: string) => void;
}

/** Calls and webhook deliveries for one prediction. */
export interface PredictionCallStats {
  get: number;
  cancel: number;
  /** GET/HEAD requests for its output file(s), including browser range requests. */
  outputRequests: number;
  webhooks: { attempts: number; delivered: number; dropped: number };
}

/** Counts of `/v1` API calls since start or the last reset. */
export interface FakeReplicateStats {
  /** Every `/v1` request, including rejected ones. */
  total: number;
  /** `create` includes rejected creates (so client-side 429 retries are visible). */
  byKind: { create: number; get: number; cancel: number; other: number };
  /** Requests answered 401/429/500 by the auth check or a create mode. */
  rejected: number;
  byPrediction: Record<string, PredictionCallStats>;
  mode: FakeReplicateMode;
}

export interface FakeReplicate {
  /** API base URL for `new Replicate({ baseUrl })`, e.g. `http://127.0.0.1:8790/v1`. */
  url: string;
  /** `url` without `/v1`; `/_control/*` and `/outputs/*` live here. */
  origin: string;
  /** Stops listening and drops open connections, timers and pending webhooks. */
  close(): Promise<void>;
  /** Changes the global failure switches (see ModeUpdate) and returns the resulting mode. */
  setMode(update: ModeUpdate): FakeReplicateMode;
  /** Forgets all predictions, stats and pending webhooks and restores the default mode. */
  reset(): void;
  stats(): FakeReplicateStats;
  /** Current state of every prediction, keyed by id (reading it counts as no API call). */
  readonly predictions: ReadonlyMap<string, ReplicatePrediction>;
}
