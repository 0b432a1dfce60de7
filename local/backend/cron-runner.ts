/**
 * Runs the jobs of `convex/crons.ts` (convex-test never does). Each job runs
 * its function through the engine with the backend's own (admin) caller, at
 * most one run of a job at a time, like the real scheduler.
 */
import { CronExpressionParser } from "cron-parser";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { SYSTEM, type Engine } from "./engine.js";
import { runAt, type Timer } from "./timers.js";

/** A job's schedule, as `cronJobs()` records it. */
type Schedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: string; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number }
  | { type: "cron"; cron: string };

/** A job, as `cronJobs()` records it in its `crons` record. */
interface CronJob {
  name: string;
  args: JSONValue[];
  schedule: Schedule;
}

const DAYS_OF_WEEK = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
];

/** The schedule as a UTC cron expression, or its period in ms for intervals. */
function cronExpression(schedule: Schedule): string | number {
  switch (schedule.type) {
    case "interval":
      return (
        ((schedule.hours ?? 0) * 3600 +
          (schedule.minutes ?? 0) * 60 +
          (schedule.seconds ?? 0)) *
        1000
      );
    case "hourly":
      return `${schedule.minuteUTC ?? 0} * * * *`;
    case "daily":
      return `${schedule.minuteUTC ?? 0} ${schedule.hourUTC} * * *`;
    case "weekly":
      return `${schedule.minuteUTC ?? 0} ${schedule.hourUTC} * * ${DAYS_OF_WEEK.indexOf(schedule.dayOfWeek)}`;
    case "monthly":
      return `${schedule.minuteUTC ?? 0} ${schedule.hourUTC} ${schedule.day} * *`;
    case "cron":
      return schedule.cron;
  }
}

/** The first run time strictly after `after` (ms since epoch). */
export function nextRunTime(schedule: Schedule, after: number): number {
  const expression = cronExpression(schedule);
  if (typeof expression === "number") return after + expression;
  return CronExpressionParser.parse(expression, {
    currentDate: new Date(after),
    tz: "UTC",
  })
    .next()
    .getTime();
}

function isCronJobs(
  value: unknown,
): value is { crons: Record<string, CronJob> } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { crons?: unknown }).crons === "object"
  );
}

/** The cron jobs of the app and of every component that has a `crons` module. */
function cronSources(
  engine: Engine,
): { component: string; jobs: Record<string, CronJob> }[] {
  const sources = [
    { component: "", crons: engine.folder.functionModules.get("crons") },
    ...engine.folder.components.map((c) => ({
      component: c.path,
      crons: c.functionModules.get("crons"),
    })),
  ];
  return sources.flatMap(({ component, crons }) =>
    isCronJobs(crons?.default)
      ? [{ component, jobs: crons.default.crons }]
      : [],
  );
}

/**
 * Starts running the cron jobs of the folder's `crons.ts` and of its
 * components' `crons` modules. Returns a function that stops them (a run in
 * progress finishes).
 */
export function startCrons(
  engine: Engine,
  log: (line: string) => void,
): () => void {
  const timers = new Map<string, Timer>();
  let stopped = false;

  const schedule = (
    key: string,
    component: string,
    job: CronJob,
    after: number,
  ) => {
    // Runs that would have started while the previous one ran are skipped.
    const at = Math.max(nextRunTime(job.schedule, after), Date.now());
    timers.set(
      key,
      runAt(at, () => void run(key, component, job, at)),
    );
  };
  const run = async (
    key: string,
    component: string,
    job: CronJob,
    plannedAt: number,
  ) => {
    await engine.call({
      kind: "any",
      path: job.name,
      args: (jsonToConvex(job.args[0] ?? {}) ?? {}) as Record<string, Value>,
      caller: SYSTEM,
      source: `cron(${key})`,
      component,
    });
    if (!stopped)
      schedule(key, component, job, Math.max(plannedAt, Date.now()));
  };

  const now = Date.now();
  for (const { component, jobs } of cronSources(engine)) {
    for (const [id, job] of Object.entries(jobs)) {
      schedule(
        component === "" ? id : `${component}/${id}`,
        component,
        job,
        now,
      );
    }
  }
  if (timers.size > 0) log(`crons: ${timers.size} job(s) scheduled`);
  return () => {
    stopped = true;
    for (const timer of timers.values()) timer.cancel();
  };
}
