/**
 * The video statuses and the allowed transitions between them, as pure data
 * (no `ctx`), so the backend's state machine (`model/videoLifecycle.ts`) and
 * the web app's status badge read the same table. What each transition DOES
 * (charge, refund, statistics, progress) lives in `model/videoLifecycle.ts`.
 *
 * Source: API-CONTRACT "Videos" (statuses; failed and canceled are refunded
 * exactly once, succeeded never, except through an approved dispute — round
 * 2 "Disputes"); seed 002 (reserve on create, refund on failure).
 */

/** Every status a video can have, in lifecycle order. */
export const VIDEO_STATUSES = [
  "pending",
  "starting",
  "processing",
  "succeeded",
  "failed",
  "canceled",
] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** The statuses a video never leaves. */
export const TERMINAL_VIDEO_STATUSES = [
  "succeeded",
  "failed",
  "canceled",
] as const satisfies readonly VideoStatus[];
export type TerminalVideoStatus = (typeof TERMINAL_VIDEO_STATUSES)[number];

/** True for `succeeded`, `failed` and `canceled`. */
export function isTerminalVideoStatus(
  status: VideoStatus,
): status is TerminalVideoStatus {
  return (TERMINAL_VIDEO_STATUSES as readonly VideoStatus[]).includes(status);
}

/**
 * The allowed transitions: `from → to[]`. A status listed under itself is a
 * progress update (same status, new progress). Anything absent is refused:
 * a terminal video never moves again, and a late `starting` never undoes
 * `processing` (Replicate may deliver events out of order).
 *
 * | from       | to                                              | by |
 * | ---------- | ----------------------------------------------- | -- |
 * | (new)      | pending                                         | createVideo (charges) |
 * | pending    | starting, processing                            | prediction created |
 * | pending    | failed                                          | Replicate refused the prediction / a 201 without id |
 * | pending    | canceled                                        | user cancel, timeout |
 * | starting   | starting, processing                            | webhook / poll progress |
 * | starting   | succeeded, failed, canceled                     | webhook / poll / cancel / timeout |
 * | processing | processing                                      | webhook / poll progress |
 * | processing | succeeded, failed, canceled                     | webhook / poll / cancel / timeout |
 */
export const VIDEO_TRANSITIONS: Readonly<
  Record<VideoStatus, readonly VideoStatus[]>
> = {
  pending: ["starting", "processing", "failed", "canceled"],
  starting: ["starting", "processing", "succeeded", "failed", "canceled"],
  processing: ["processing", "succeeded", "failed", "canceled"],
  succeeded: [],
  failed: [],
  canceled: [],
};

/** True when the table allows `from → to`. */
export function canTransition(from: VideoStatus, to: VideoStatus): boolean {
  return VIDEO_TRANSITIONS[from].includes(to);
}

/**
 * The terminal statuses whose entry refunds the video's `creditsCost`
 * (API-CONTRACT "Videos"). A `succeeded` video is refunded only through an
 * approved dispute (round 2 "Disputes"), never by a status change.
 */
export const REFUNDING_STATUSES = [
  "failed",
  "canceled",
] as const satisfies readonly TerminalVideoStatus[];

/** True when entering `status` refunds the video. */
export function refundsOnEntry(status: VideoStatus): boolean {
  return (REFUNDING_STATUSES as readonly VideoStatus[]).includes(status);
}
