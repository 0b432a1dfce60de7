/**
 * A video's life on the local stack, measured end to end with real timers:
 * the fake Replicate renders for the length a prompt marker asks
 * (`[render=61s]`), the backend polls or takes webhooks as it would in
 * production, and a signed-in client watches the video over the WebSocket.
 */
import { api } from "../../convex/_generated/api";
import { DEFAULT_MODELS } from "../../convex/model/defaultModels";
import { waitFor } from "../../local/backend/clients";
import { tableOfId } from "../../local/backend/internals";
import { report } from "./report";
import type { BenchStack, Execution, Session, Tap } from "./stack";
import { required, type Entry } from "./types";

/** Render lengths of the issue's detection-delay figures, seconds. */
const RENDERS_S = process.env.BENCH_RENDERS
  ? process.env.BENCH_RENDERS.split(",").map(Number)
  : [7, 30, 61];
/** The issue's "60 s video" with webhooks. */
const WEBHOOK_RENDER_S = 60;
/** Videos created at once for the burst figure (`BENCH_BURST`, default 20). */
const BURST = Number(process.env.BENCH_BURST ?? 20);
const TEMPLATE = DEFAULT_MODELS.find(
  (model) => model.modelId === "luma/ray-flash-2-540p",
)!;

/** A model of its own per render length: percentiles are per model. */
async function createRenderModel(admin: Session, seconds: number) {
  const modelId = `bench/render-${seconds}s`;
  await admin.client.mutation(api.models.createModel, {
    ...TEMPLATE,
    modelId,
    name: `Bench ${seconds} s renders`,
    isDefault: false,
  });
  return modelId;
}

type Run = {
  videoId: string;
  /** When the watcher first saw `succeeded` (epoch ms). */
  seenAt: number;
  /** The fake's prediction and when it completed (epoch ms). */
  predictionId: string;
  completedAt: number;
};

let runCount = 0;

/** Creates a video whose render takes `seconds` and waits until the creator sees it succeed. */
async function renderVideo(
  stack: BenchStack,
  creator: Session,
  modelId: string,
  seconds: number,
): Promise<Run> {
  const tag = `bench-run-${++runCount}`;
  const videoId = await creator.client.mutation(api.videos.createVideo, {
    prompt: `A bench lighthouse ${tag} [render=${seconds}s]`,
    model: modelId,
    duration: 5,
    quality: "standard",
  });
  let seenAt: number | undefined;
  let ended: string | undefined;
  const stop = creator.client.onUpdate(
    api.videos.getVideo,
    { videoId },
    (v) => {
      if (v?.status === "succeeded") seenAt ??= Date.now();
      if (v?.status === "failed" || v?.status === "canceled")
        ended = `${v.status}: ${v.error ?? ""}`;
    },
  );
  try {
    await waitFor(
      () => seenAt ?? ended,
      (seconds + 120) * 1000,
      `video ${tag}`,
    );
  } finally {
    stop();
  }
  if (seenAt === undefined) throw new Error(`video ${tag} ${ended}`);
  const [predictionId, prediction] = [...stack.replicate.predictions].find(
    ([, p]) => String(p.input.prompt).includes(tag),
  )!;
  return {
    videoId,
    seenAt: seenAt!,
    predictionId,
    completedAt: Date.parse(prediction.completed_at!),
  };
}

/** Replicate calls the fake counted for one prediction: the create, polls, cancels. */
function replicateCalls(stack: BenchStack, predictionId: string): number {
  const calls = stack.replicate.stats().byPrediction[predictionId];
  return 1 + calls.get + calls.cancel;
}

/** Runs `fn` with Replicate webhooks on or off (the backend reads the secret per call). */
async function withWebhooks<T>(on: boolean, fn: () => Promise<T>): Promise<T> {
  const secret = process.env.REPLICATE_WEBHOOK_SECRET;
  if (on !== (secret !== undefined && secret !== ""))
    if (on) throw new Error("the stack has no webhook secret");
    else delete process.env.REPLICATE_WEBHOOK_SECRET;
  try {
    return await fn();
  } finally {
    if (secret !== undefined) process.env.REPLICATE_WEBHOOK_SECRET = secret;
  }
}

const sessions = new Map<string, Promise<Session>>();
function session(stack: BenchStack, email: string) {
  let made = sessions.get(email);
  if (made === undefined) {
    made = stack.signIn(email);
    sessions.set(email, made);
  }
  return made;
}

const renderModels = new Map<number, Promise<string>>();
/** The model of one render length, created once. */
async function renderModel(stack: BenchStack, seconds: number) {
  let made = renderModels.get(seconds);
  if (made === undefined) {
    made = session(stack, "admin@example.com").then((admin) =>
      createRenderModel(admin, seconds),
    );
    renderModels.set(seconds, made);
  }
  return await made;
}

/**
 * Without webhooks, 7 s, 30 s and 61 s renders side by side: a first round
 * gives each model its history (p50/p95 through the real completion path),
 * a second is measured.
 */
async function detectionDelay(stack: BenchStack) {
  const creator = await session(stack, "bench-creator@example.com");
  const models = await Promise.all(
    RENDERS_S.map((seconds) => renderModel(stack, seconds)),
  );
  const round = () =>
    withWebhooks(false, () =>
      Promise.all(
        RENDERS_S.map((seconds, i) =>
          renderVideo(stack, creator, models[i], seconds),
        ),
      ),
    );
  const unseeded = await round();
  const measured = await round();
  RENDERS_S.forEach((seconds, i) => {
    const run = measured[i];
    report({
      name: `detection delay without webhooks, ${seconds} s render`,
      value: (run.seenAt - run.completedAt) / 1000,
      target: Math.max(0.15 * seconds, 2),
      unit: "s",
      note: `Replicate's completed_at → the creator's client sees succeeded (download and store included); the model's first render, without history: ${((unseeded[i].seenAt - unseeded[i].completedAt) / 1000).toFixed(2)} s, ${replicateCalls(stack, unseeded[i].predictionId)} Replicate calls`,
    });
  });
  const longest = measured[RENDERS_S.length - 1];
  report({
    name: `Replicate calls, ${RENDERS_S[RENDERS_S.length - 1]} s render without webhooks`,
    value: replicateCalls(stack, longest.predictionId),
    target: 8,
    unit: "calls",
    note: "the fake's count for the prediction: create + polls + cancels",
  });
}

/**
 * Executions caused by one video: all but crons' and client reads' (and
 * what those call), by kind (`mutation`, `action`, `query`, `http`).
 */
function videoExecutions(executions: Execution[]) {
  const counted = executions.filter(
    ({ origin = "" }) =>
      !origin.startsWith("cron") && !/^(ws|http) query$/.test(origin),
  );
  const byKind = new Map<string, number>();
  const byComponent = new Map<string, number>();
  let ours = 0;
  for (const run of counted) {
    const kind =
      run.componentPath === "" ? run.udfType : `component ${run.udfType}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    if (run.componentPath === "") ours++;
    else {
      // The top-level component: "replicatePool/batchWorker" → "replicatePool".
      const component = run.componentPath.split("/")[0];
      byComponent.set(component, (byComponent.get(component) ?? 0) + 1);
    }
  }
  return { count: counted.length, ours, byKind, byComponent };
}

/** "12 ours + 39 components (30 replicatePool, …)", each divided by `per`. */
function splitNote(
  { count, ours, byKind, byComponent }: ReturnType<typeof videoExecutions>,
  per: number,
): string {
  const n = (value: number) =>
    Number.isInteger(value / per)
      ? String(value / per)
      : (value / per).toFixed(2);
  const list = (map: Map<string, number>) =>
    [...map].map(([key, value]) => `${n(value)} ${key}`).join(", ");
  return `${n(ours)} of the app's own + ${n(count - ours)} of components (${list(byComponent)}); by kind: ${list(byKind)}`;
}

/**
 * Scheduled functions (the app's and its components') not yet finished
 * (pending or running), only those whose arguments name `videoId` if given.
 */
function pendingFor(stack: BenchStack, videoId?: string): number {
  let pending = 0;
  for (const [, { db }] of stack.backend.engine.internals.databases())
    for (const doc of Object.values(db._documents))
      if (
        tableOfId(doc._id) === "_scheduled_functions" &&
        ["pending", "inProgress"].includes(
          (doc.state as { kind: string }).kind,
        ) &&
        (videoId === undefined ||
          // Components' arguments may hold int64s (BigInt), which JSON refuses.
          JSON.stringify(doc.args, (_, value: unknown) =>
            typeof value === "bigint" ? String(value) : value,
          ).includes(videoId))
      )
        pending++;
  return pending;
}

/**
 * Waits until nothing is scheduled on the backend, so that work left by an
 * earlier entry (the last polls of finished videos, the pool's loop) is not
 * counted as this video's.
 */
async function quiet(stack: BenchStack) {
  await waitFor(
    () => (pendingFor(stack) === 0 ? true : undefined),
    180_000,
    "a backend with nothing scheduled",
  );
}

/** Results of `udfPath` the tap received, in order: arrival, size, value. */
function resultsOf(tap: Tap, udfPath: string) {
  const results: { at: number; bytes: number; value: unknown }[] = [];
  for (const frame of tap.frames)
    if (frame.message.type === "Transition")
      for (const m of frame.message.modifications ?? [])
        if (m.type === "QueryUpdated" && tap.queries.get(m.queryId) === udfPath)
          results.push({ at: frame.at, bytes: frame.bytes, value: m.value });
  return results;
}

/**
 * Updates of `udfPath` a watcher received while the video ran: after the
 * query's first result, before the frame that brought the video's
 * `succeeded` (`endAt`, read from the frames themselves, not from when the
 * client's callback ran).
 */
function updatesWhileRunning(tap: Tap, udfPath: string, endAt: number) {
  return resultsOf(tap, udfPath)
    .slice(1)
    .filter((result) => result.at < endAt);
}

/** One 60 s video with webhooks, alone on the backend. */
async function withWebhooksVideo(stack: BenchStack) {
  const creator = await session(stack, "bench-creator@example.com");
  // A second connection of the same creator: only the video page's queries.
  const watcher = await stack.signIn("bench-creator@example.com");
  const modelId = await renderModel(stack, RENDERS_S[RENDERS_S.length - 1]);
  await quiet(stack);
  stack.takeExecutions();
  const videoIdPromise = creator.client.mutation(api.videos.createVideo, {
    prompt: `A bench harbour, webhooks [render=${WEBHOOK_RENDER_S}s]`,
    model: modelId,
    duration: 5,
    quality: "standard",
  });
  const videoId = await videoIdPromise;
  const progress = new Set<number>();
  let succeededAt: number | undefined;
  const stops = [
    watcher.client.onUpdate(api.videos.getVideo, { videoId }, (v) => {
      if (v?.status === "succeeded") succeededAt ??= Date.now();
    }),
    watcher.client.onUpdate(api.videos.getVideoProgress, { videoId }, (p) => {
      if (p !== null && p < 100) progress.add(p);
    }),
  ];
  await waitFor(() => succeededAt, (WEBHOOK_RENDER_S + 120) * 1000, "video");
  // The poll chain ends at the first poll that finds the video finished.
  await waitFor(
    () => (pendingFor(stack, videoId) === 0 ? true : undefined),
    120_000,
    "the last scheduled run",
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const stop of stops) stop();
  const executions = stack.takeExecutions();
  if (process.env.BENCH_DEBUG)
    console.log(
      executions.map(
        (e) => `${e.origin} → ${e.udfType} ${e.componentPath}/${e.udfPath}`,
      ),
    );
  const counted = videoExecutions(executions);
  report({
    name: `function executions per ${WEBHOOK_RENDER_S} s video with webhooks (one video alone)`,
    value: counted.count,
    target: 20,
    unit: "runs",
    note: `every function execution from createVideo to the last scheduled run: mutations, actions, HTTP actions, scheduled runs and what they call (ctx.runQuery/runMutation, components; component runs count: Convex runs and bills them as function calls); crons and client subscriptions excluded: ${splitNote(counted, 1)}`,
  });
  const [predictionId] = [...stack.replicate.predictions].find(([, p]) =>
    String(p.input.prompt).includes("bench harbour"),
  )!;
  report({
    name: `Replicate calls per ${WEBHOOK_RENDER_S} s video with webhooks`,
    value: replicateCalls(stack, predictionId),
    target: 1,
    unit: "calls",
  });
  // While it ran: after each query's first result, before the frame that
  // brought the succeeded video.
  const endAt = resultsOf(watcher.tap, "videos:getVideo").find(
    (result) =>
      (result.value as { status?: string } | null)?.status === "succeeded",
  )!.at;
  const progressUpdates = updatesWhileRunning(
    watcher.tap,
    "videos:getVideoProgress",
    endAt,
  );
  const videoUpdates = updatesWhileRunning(
    watcher.tap,
    "videos:getVideo",
    endAt,
  );
  report({
    name: "progress updates a watcher receives per progress step",
    value: progressUpdates.length / Math.max(1, progress.size),
    target: 1,
    unit: "",
    note: `${progressUpdates.length} WebSocket updates of getVideoProgress for ${progress.size} progress values (${[...progress].join(", ")}) while the video ran, the largest ${Math.max(0, ...progressUpdates.map((f) => f.bytes))} B`,
  });
  report({
    name: "video document re-sent to a watcher while it runs",
    value: videoUpdates.length,
    target: 2,
    unit: "times",
    note: `getVideo updates between the first result and succeeded (${videoUpdates.map((f) => `${f.bytes} B`).join(", ")}); target: its status changes only (starting, processing)`,
  });
  report({
    name: "bytes per watcher update while the video runs (largest)",
    value: Math.max(
      0,
      ...[...progressUpdates, ...videoUpdates].map((f) => f.bytes),
    ),
    target: 1024,
    unit: "B",
    note: "target: the issue's 'one small update', taken as ≤ 1 KB",
  });
}

/**
 * A burst of `BURST` 60 s videos with webhooks created at once (one
 * mutation each, sent together), on the same model as the single video:
 * every execution from the first createVideo until no scheduled function
 * names any of them, plus 1 s, divided by `BURST`. The same counting rules
 * as the single video; the work pool's loop serves many jobs per run, so their share per video falls here.
 */
async function withWebhooksBurst(stack: BenchStack) {
  const creator = await session(stack, "bench-burst@example.com");
  const modelId = await renderModel(stack, RENDERS_S[RENDERS_S.length - 1]);
  const predictionsBefore = new Set(stack.replicate.predictions.keys());
  await quiet(stack);
  stack.takeExecutions();
  const startedAt = Date.now();
  const videoIds = await Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      creator.client.mutation(api.videos.createVideo, {
        prompt: `A bench burst ${i}, webhooks [render=${WEBHOOK_RENDER_S}s]`,
        model: modelId,
        duration: 5,
        quality: "standard",
      }),
    ),
  );
  const statuses = new Map<string, string>();
  const stops = videoIds.map((videoId) =>
    creator.client.onUpdate(api.videos.getVideo, { videoId }, (v) => {
      if (v) statuses.set(videoId, v.status);
    }),
  );
  try {
    await waitFor(
      () =>
        videoIds.every((id) =>
          ["succeeded", "failed", "canceled"].includes(statuses.get(id) ?? ""),
        )
          ? true
          : undefined,
      (WEBHOOK_RENDER_S + 180) * 1000,
      "the burst's videos",
    );
    const finishedAt = Date.now();
    await waitFor(
      () =>
        videoIds.every((id) => pendingFor(stack, id) === 0) ? true : undefined,
      180_000,
      "the burst's last scheduled runs",
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const executions = stack.takeExecutions();
    const failed = videoIds.filter((id) => statuses.get(id) !== "succeeded");
    if (failed.length > 0)
      throw new Error(`${failed.length} burst videos did not succeed`);
    const counted = videoExecutions(executions);
    report({
      name: `function executions per ${WEBHOOK_RENDER_S} s video with webhooks (burst of ${BURST} at once)`,
      value: counted.count / BURST,
      target: 20,
      unit: "runs",
      note: `${counted.count} executions for ${BURST} videos created at once, counted as for one video alone (component runs included), per video: ${splitNote(counted, BURST)}; all ${BURST} succeeded ${((finishedAt - startedAt) / 1000).toFixed(1)} s after the first create, the measurement ended ${((Date.now() - startedAt) / 1000).toFixed(1)} s after it (the safety mutations at 1.5 × p95, then 1 s). Render length does not change the count with webhooks (no poll before 1.5 × p95), but it runs 60 s renders anyway: the window ends at the safety mutation, not at the render's end, so shorter renders would save no time`,
    });
    const calls = [...stack.replicate.predictions.keys()]
      .filter((id) => !predictionsBefore.has(id))
      .map((id) => replicateCalls(stack, id));
    report({
      name: `Replicate calls per ${WEBHOOK_RENDER_S} s video with webhooks (burst of ${BURST})`,
      value: calls.reduce((a, b) => a + b, 0) / Math.max(1, calls.length),
      target: 1,
      unit: "calls",
      note: `${calls.length} predictions, most calls for one: ${Math.max(0, ...calls)}`,
    });
  } finally {
    for (const stop of stops) stop();
  }
}

export const LIFECYCLE_ENTRIES: Entry[] = [
  {
    name: "scale: detection delay without webhooks (7 s, 30 s, 61 s renders)",
    needs: { stack: true },
    run: (stack) => detectionDelay(required(stack)),
  },
  {
    name: "scale: a 60 s video with webhooks, alone and in a burst (executions, calls, watcher updates)",
    needs: { stack: true },
    run: async (stack) => {
      await withWebhooksVideo(required(stack));
      await withWebhooksBurst(required(stack));
    },
  },
];
