/**
 * Scheduled functions (`ctx.scheduler`): convex-test runs the ones scheduled
 * in this process on real timers. This module resumes the ones restored
 * from a snapshot, and logs every run.
 */
import type { Value } from "convex/values";
import { SYSTEM, type Engine } from "./engine.js";
import { tableOfId, ROOT, type StoredDoc } from "./internals.js";
import { runAt, type Timer } from "./timers.js";

/** A `_scheduled_functions` document as convex-test writes it. */
interface ScheduledJob extends StoredDoc {
  name: string;
  args: Value[];
  scheduledTime: number;
  state: { kind: "pending" | "inProgress" | "success" | "failed" | "canceled" };
}

const TABLE = "_scheduled_functions";

/** A job and the component whose `_scheduled_functions` table holds it. */
interface JobRef {
  component: string;
  job: ScheduledJob;
}

/** Every component's scheduled functions, the app's first. */
function scheduledJobs(engine: Engine): JobRef[] {
  const jobs: JobRef[] = [];
  for (const [component, { db }] of engine.internals.databases()) {
    for (const doc of Object.values(db._documents)) {
      if (tableOfId(doc._id) === TABLE)
        jobs.push({ component, job: doc as ScheduledJob });
    }
  }
  return jobs;
}

/** The job's name for log lines: prefixed with its component's path. */
function jobLabel(component: string, name: string): string {
  return component === ROOT ? name : `${component}/${name}`;
}

/** Sets a job's state in its own transaction, as convex-test does around each run. */
async function setState(
  engine: Engine,
  component: string,
  id: string,
  state: ScheduledJob["state"]["kind"],
): Promise<void> {
  await engine.test.run(async () => {
    const fields =
      state === "failed"
        ? { state: { kind: state }, completedTime: Date.now() }
        : { state: { kind: state } };
    engine.internals.database(component).patch(TABLE, id, fields);
  });
}

/** Runs a restored job unless it was canceled meanwhile, without identity, like the real scheduler. */
async function runRestoredJob(
  engine: Engine,
  component: string,
  id: string,
): Promise<void> {
  const db = engine.internals.database(component);
  const started = await engine.test.run(async () => {
    const job = db.get(TABLE, id) as ScheduledJob | null;
    if (job?.state.kind !== "pending") return null;
    db.patch(TABLE, id, { state: { kind: "inProgress" } });
    return job;
  });
  if (started === null) return;
  const outcome = await engine.call({
    kind: "any",
    path: started.name,
    args: (started.args[0] ?? {}) as Record<string, Value>,
    caller: SYSTEM,
    source: "scheduled",
    component,
  });
  await setState(engine, component, id, outcome.success ? "success" : "failed");
}

/**
 * Resumes the scheduled functions of a restored snapshot: pending ones run at
 * their time; ones that were running when the server stopped are marked
 * failed (their effects are unknown, and the real backend does not retry
 * actions either). Returns a function that cancels the pending timers.
 */
export async function resumeScheduledFunctions(
  engine: Engine,
  log: (line: string) => void,
): Promise<() => void> {
  const timers: Timer[] = [];
  for (const { component, job } of scheduledJobs(engine)) {
    const label = jobLabel(component, job.name);
    if (job.state.kind === "inProgress") {
      log(`scheduled ${label} was interrupted by a restart; marked failed`);
      await setState(engine, component, job._id, "failed");
    } else if (job.state.kind === "pending") {
      timers.push(
        runAt(job.scheduledTime, () => {
          runRestoredJob(engine, component, job._id).catch((error: unknown) => {
            log(`scheduled ${label} failed to run: ${String(error)}`);
          });
        }),
      );
    }
  }
  if (timers.length > 0)
    log(`scheduled: resumed ${timers.length} pending function(s)`);
  return () => timers.forEach((timer) => timer.cancel());
}

/**
 * Logs runs of scheduled functions that convex-test starts itself, from the
 * state changes of their `_scheduled_functions` rows. Returns an unsubscribe
 * function.
 */
export function logScheduledRuns(
  engine: Engine,
  log: (line: string) => void,
): () => void {
  const startedAt = new Map<string, number>();
  return engine.internals.onCommit((writes) => {
    for (const [component, docs] of writes) {
      for (const [id, doc] of Object.entries(docs)) {
        if (tableOfId(id) !== TABLE || doc === null) continue;
        const job = doc as ScheduledJob;
        const key = `${component}:${id}`;
        if (job.state.kind === "inProgress") {
          startedAt.set(key, Date.now());
        } else if (
          job.state.kind === "success" ||
          job.state.kind === "failed"
        ) {
          const started = startedAt.get(key);
          startedAt.delete(key);
          const ms = started === undefined ? "" : ` ${Date.now() - started}ms`;
          log(
            `scheduled ${jobLabel(component, job.name)}${ms} ${job.state.kind === "success" ? "ok" : "failed"}`,
          );
        }
      }
    }
  });
}
