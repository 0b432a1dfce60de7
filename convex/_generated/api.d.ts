/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as credits from "../credits.js";
import type * as crons from "../crons.js";
import type * as dashboard from "../dashboard.js";
import type * as disputes from "../disputes.js";
import type * as docValidators from "../docValidators.js";
import type * as functions from "../functions.js";
import type * as http from "../http.js";
import type * as insights from "../insights.js";
import type * as lib_clock from "../lib/clock.js";
import type * as lib_csv from "../lib/csv.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_limits from "../lib/limits.js";
import type * as lib_logs from "../lib/logs.js";
import type * as lib_modelInputs from "../lib/modelInputs.js";
import type * as lib_modelRules from "../lib/modelRules.js";
import type * as lib_money from "../lib/money.js";
import type * as lib_ordering from "../lib/ordering.js";
import type * as lib_outputHosts from "../lib/outputHosts.js";
import type * as lib_planRules from "../lib/planRules.js";
import type * as lib_pollSchedule from "../lib/pollSchedule.js";
import type * as lib_replicate from "../lib/replicate.js";
import type * as lib_replicateSchema from "../lib/replicateSchema.js";
import type * as lib_shopLimits from "../lib/shopLimits.js";
import type * as lib_stripe from "../lib/stripe.js";
import type * as lib_videoStatus from "../lib/videoStatus.js";
import type * as lib_webhooks from "../lib/webhooks.js";
import type * as model_access from "../model/access.js";
import type * as model_catalogue from "../model/catalogue.js";
import type * as model_counters from "../model/counters.js";
import type * as model_dashboard from "../model/dashboard.js";
import type * as model_defaultModels from "../model/defaultModels.js";
import type * as model_disputes from "../model/disputes.js";
import type * as model_health from "../model/health.js";
import type * as model_insights from "../model/insights.js";
import type * as model_ledger from "../model/ledger.js";
import type * as model_modelList from "../model/modelList.js";
import type * as model_packages from "../model/packages.js";
import type * as model_percentiles from "../model/percentiles.js";
import type * as model_plans from "../model/plans.js";
import type * as model_predictionSync from "../model/predictionSync.js";
import type * as model_pricing from "../model/pricing.js";
import type * as model_purchases from "../model/purchases.js";
import type * as model_rateLimits from "../model/rateLimits.js";
import type * as model_replicatePool from "../model/replicatePool.js";
import type * as model_revenue from "../model/revenue.js";
import type * as model_schedules from "../model/schedules.js";
import type * as model_shares from "../model/shares.js";
import type * as model_stats from "../model/stats.js";
import type * as model_statsFold from "../model/statsFold.js";
import type * as model_usage from "../model/usage.js";
import type * as model_users from "../model/users.js";
import type * as model_videoLifecycle from "../model/videoLifecycle.js";
import type * as model_videoList from "../model/videoList.js";
import type * as model_videoLogs from "../model/videoLogs.js";
import type * as model_videos from "../model/videos.js";
import type * as model_webhookDeliveries from "../model/webhookDeliveries.js";
import type * as modelManager from "../modelManager.js";
import type * as models from "../models.js";
import type * as plans from "../plans.js";
import type * as predictions from "../predictions.js";
import type * as pricing from "../pricing.js";
import type * as purchases from "../purchases.js";
import type * as registry from "../registry.js";
import type * as revenue from "../revenue.js";
import type * as schedules from "../schedules.js";
import type * as shares from "../shares.js";
import type * as stats from "../stats.js";
import type * as users from "../users.js";
import type * as validators from "../validators.js";
import type * as videos from "../videos.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  credits: typeof credits;
  crons: typeof crons;
  dashboard: typeof dashboard;
  disputes: typeof disputes;
  docValidators: typeof docValidators;
  functions: typeof functions;
  http: typeof http;
  insights: typeof insights;
  "lib/clock": typeof lib_clock;
  "lib/csv": typeof lib_csv;
  "lib/errors": typeof lib_errors;
  "lib/limits": typeof lib_limits;
  "lib/logs": typeof lib_logs;
  "lib/modelInputs": typeof lib_modelInputs;
  "lib/modelRules": typeof lib_modelRules;
  "lib/money": typeof lib_money;
  "lib/ordering": typeof lib_ordering;
  "lib/outputHosts": typeof lib_outputHosts;
  "lib/planRules": typeof lib_planRules;
  "lib/pollSchedule": typeof lib_pollSchedule;
  "lib/replicate": typeof lib_replicate;
  "lib/replicateSchema": typeof lib_replicateSchema;
  "lib/shopLimits": typeof lib_shopLimits;
  "lib/stripe": typeof lib_stripe;
  "lib/videoStatus": typeof lib_videoStatus;
  "lib/webhooks": typeof lib_webhooks;
  "model/access": typeof model_access;
  "model/catalogue": typeof model_catalogue;
  "model/counters": typeof model_counters;
  "model/dashboard": typeof model_dashboard;
  "model/defaultModels": typeof model_defaultModels;
  "model/disputes": typeof model_disputes;
  "model/health": typeof model_health;
  "model/insights": typeof model_insights;
  "model/ledger": typeof model_ledger;
  "model/modelList": typeof model_modelList;
  "model/packages": typeof model_packages;
  "model/percentiles": typeof model_percentiles;
  "model/plans": typeof model_plans;
  "model/predictionSync": typeof model_predictionSync;
  "model/pricing": typeof model_pricing;
  "model/purchases": typeof model_purchases;
  "model/rateLimits": typeof model_rateLimits;
  "model/replicatePool": typeof model_replicatePool;
  "model/revenue": typeof model_revenue;
  "model/schedules": typeof model_schedules;
  "model/shares": typeof model_shares;
  "model/stats": typeof model_stats;
  "model/statsFold": typeof model_statsFold;
  "model/usage": typeof model_usage;
  "model/users": typeof model_users;
  "model/videoLifecycle": typeof model_videoLifecycle;
  "model/videoList": typeof model_videoList;
  "model/videoLogs": typeof model_videoLogs;
  "model/videos": typeof model_videos;
  "model/webhookDeliveries": typeof model_webhookDeliveries;
  modelManager: typeof modelManager;
  models: typeof models;
  plans: typeof plans;
  predictions: typeof predictions;
  pricing: typeof pricing;
  purchases: typeof purchases;
  registry: typeof registry;
  revenue: typeof revenue;
  schedules: typeof schedules;
  shares: typeof shares;
  stats: typeof stats;
  users: typeof users;
  validators: typeof validators;
  videos: typeof videos;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;

export declare const components: {
  rateLimiter: import("@convex-dev/rate-limiter/_generated/component.js").ComponentApi<"rateLimiter">;
  generationTimes: import("@convex-dev/aggregate/_generated/component.js").ComponentApi<"generationTimes">;
  replicatePool: import("@convex-dev/workpool/_generated/component.js").ComponentApi<"replicatePool">;
};
