/**
 * Scheduled jobs. Each runs an internal function (Convex docs "Cron jobs").
 */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

// Backstop for lost webhooks and stuck predictions: cancel + refund videos
// unfinished after VIDEO_TIMEOUT_MINUTES (API-CONTRACT "Replicate").
crons.interval(
  "time out stale videos",
  { minutes: 1 },
  internal.predictions.timeoutStaleVideos,
  {},
);

crons.interval(
  "prune webhook deliveries",
  { hours: 1 },
  internal.predictions.pruneWebhookDeliveries,
  {},
);

// Usage statistics: folds changed counter shards into the rollups the
// dashboard ranks and charts from (ADR 0025).
crons.interval(
  "fold usage statistics",
  { seconds: 10 },
  internal.stats.fold,
  {},
);

export default crons;
