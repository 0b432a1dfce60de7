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

// Plans' monthly credits: once per user and calendar month (UTC), however
// often this runs (ADR 0036).
crons.interval(
  "grant monthly plan credits",
  { hours: 1 },
  internal.plans.grantMonthlyCredits,
  {},
);

// Safety net for scheduled price changes and sunsets whose scheduled
// function was lost (ADR 0037).
crons.interval(
  "apply overdue price changes and sunsets",
  { minutes: 1 },
  internal.schedules.applyOverdue,
  {},
);

export default crons;
