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

export default crons;
