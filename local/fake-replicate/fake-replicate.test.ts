import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import Replicate, {
  parseProgressFromLogs,
  validateWebhook,
  type Prediction,
} from "replicate";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from "vitest";
import {
  generateWebhookSecret,
  signWebhook,
  startFakeReplicate,
  type FakeReplicate,
} from "./server";

const DURATION_MS = 500;
const STARTING_MS = 100;
const VERSION_ID =
  "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa";

interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  prediction: Prediction;
}

/** A local webhook receiver; `status` decides the answer to each delivery (default 204). */
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function startReceiver(
  status: (hook: ReceivedWebhook, index: number) => number = () => 204,
) {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const hook = {
        headers: request.headers,
        body,
        prediction: JSON.parse(body) as Prediction,
      };
      received.push(hook);
      response.writeHead(status(hook, received.length - 1)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/replicate/webhook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const TERMINAL = ["succeeded", "failed", "canceled", "aborted"];

/** Polls with the client until terminal; the client's own wait() never stops on `aborted`. */
function untilTerminal(replicate: Replicate, id: string): Promise<Prediction> {
  return waitFor(async () => {
    const prediction = await replicate.predictions.get(id);
    return TERMINAL.includes(prediction.status) ? prediction : undefined;
  });
}

function apiStatus(error: unknown): number | undefined {
  return (error as { response?: Response }).response?.status;
}

describe("fake Replicate (prediction API via the official client)", () => {
  let fake: FakeReplicate;
  let replicate: Replicate;

  beforeAll(async () => {
    fake = await startFakeReplicate({
      durationMs: DURATION_MS,
      startingMs: STARTING_MS,
    });
    replicate = new Replicate({ auth: "r8_test", baseUrl: fake.url });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("creates through owner/name, moves starting → processing → succeeded and serves a real MP4", async () => {
    const created = await replicate.predictions.create({
      model: "luma/ray-flash-2-540p",
      input: { prompt: "a cat surfing", duration: 5 },
    });
    expect(created).toMatchObject({
      model: "luma/ray-flash-2-540p",
      version: "hidden",
      status: "starting",
      output: null,
      error: null,
      logs: "",
      started_at: null,
      completed_at: null,
      data_removed: false,
      source: "api",
      urls: {
        get: `${fake.url}/predictions/${created.id}`,
        cancel: `${fake.url}/predictions/${created.id}/cancel`,
      },
    });
    expect(created.id).toMatch(/^[a-z2-7]{26}$/);

    const processing = await waitFor(async () => {
      const prediction = await replicate.predictions.get(created.id);
      return prediction.status === "processing" ? prediction : undefined;
    });
    expect(processing.started_at).not.toBeNull();

    const done = await replicate.wait(created, { interval: 50 });
    expect(done.status).toBe("succeeded");
    expect(done.output).toBe(`${fake.origin}/outputs/${created.id}.mp4`);
    expect(done.metrics?.predict_time).toBeCloseTo(
      (DURATION_MS - STARTING_MS) / 1000,
      1,
    );
    expect(done.metrics?.total_time).toBeCloseTo(DURATION_MS / 1000, 1);

    const response = await fetch(done.output as string);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
    expect(bytes.length).toBeLessThan(100_000);

    const partial = await fetch(done.output as string, {
      headers: { Range: "bytes=4-7" },
    });
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-range")).toBe(
      `bytes 4-7/${bytes.length}`,
    );
    expect(Buffer.from(await partial.arrayBuffer()).toString("latin1")).toBe(
      "ftyp",
    );
    expect(
      (
        await fetch(done.output as string, {
          headers: { Range: `bytes=${bytes.length}-` },
        })
      ).status,
    ).toBe(416);
  });

  it("creates through a version (owner/name:version, bare id)", async () => {
    const withModel = await replicate.predictions.create({
      version: `google/veo-3:${VERSION_ID}`,
      input: { prompt: "a dog" },
    });
    expect(withModel).toMatchObject({
      model: "google/veo-3",
      version: VERSION_ID,
      status: "starting",
    });

    const bare = await replicate.predictions.create({
      version: VERSION_ID,
      input: { prompt: "a dog" },
    });
    expect(bare.version).toBe(VERSION_ID);
    expect((await replicate.predictions.get(bare.id)).id).toBe(bare.id);
  });

  it("returns an array of URLs for num_outputs > 1 or output_format array", async () => {
    const many = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x", num_outputs: 2 },
    });
    const one = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x", output_format: "array" },
    });
    const [doneMany, doneOne] = await Promise.all([
      untilTerminal(replicate, many.id),
      untilTerminal(replicate, one.id),
    ]);
    expect(doneMany.output).toEqual(
      [0, 1].map((i) => `${fake.origin}/outputs/${many.id}-${i}.mp4`),
    );
    expect(doneOne.output).toEqual([`${fake.origin}/outputs/${one.id}-0.mp4`]);
    expect((await fetch(doneMany.output[1] as string)).status).toBe(200);
    expect((await fetch(`${fake.origin}/outputs/${many.id}.mp4`)).status).toBe(
      404,
    );
  });

  it("rejects bad input with 422 and unknown ids with 404", async () => {
    const missingPrompt = await replicate.predictions
      .create({ model: "a/b", input: { duration: 5 } })
      .catch((error: unknown) => error);
    expect(apiStatus(missingPrompt)).toBe(422);
    expect((missingPrompt as Error).message).toContain("prompt is required");

    const raw = await fetch(`${fake.url}/models/a/b/predictions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input: "a cat" }),
    });
    expect(raw.status).toBe(422);
    expect(await raw.json()).toMatchObject({
      status: 422,
      title: "Input validation failed",
    });

    const unknown = await replicate.predictions
      .get("doesnotexist")
      .catch((error: unknown) => error);
    expect(apiStatus(unknown)).toBe(404);
    await expect(
      (await fetch(`${fake.url}/predictions/doesnotexist`)).json(),
    ).resolves.toEqual({ detail: "Not found." });
  });

  it("cancels a running prediction and leaves terminal ones unchanged", async () => {
    const created = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "cancel me" },
    });
    const canceled = await replicate.predictions.cancel(created.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.completed_at).not.toBeNull();
    expect(canceled.output).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, DURATION_MS + 100));
    expect(await replicate.predictions.get(created.id)).toEqual(canceled);

    const finished = await untilTerminal(
      replicate,
      (
        await replicate.predictions.create({
          model: "a/b",
          input: { prompt: "x" },
        })
      ).id,
    );
    expect(await replicate.predictions.cancel(finished.id)).toEqual(finished);
    expect(fake.stats().byPrediction[finished.id]).toMatchObject({ cancel: 1 });
  });

  it("fails on [fail] and the client's wait() throws the error", async () => {
    const created = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "boom [fail]" },
    });
    await expect(replicate.wait(created, { interval: 50 })).rejects.toThrow(
      "Prediction failed: Fake model error: CUDA out of memory",
    );
    const failed = await replicate.predictions.get(created.id);
    expect(failed).toMatchObject({
      status: "failed",
      output: null,
      error: "Fake model error: CUDA out of memory",
    });
    expect(failed.logs).toContain("OutOfMemoryError");
    expect(parseProgressFromLogs(failed)?.percentage).toBe(0.6);
  });

  it("aborts on [abort] without ever starting", async () => {
    const created = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x [abort]" },
    });
    const aborted = await untilTerminal(replicate, created.id);
    expect(aborted).toMatchObject({
      status: "aborted",
      started_at: null,
      output: null,
      error: null,
    });
    expect(aborted.completed_at).not.toBeNull();
  });

  it("hangs on [hang] until canceled and slows down ×10 on [slow]", async () => {
    const hung = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x [hang]" },
    });
    const slow = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x [slow]" },
    });
    // Past the normal end; the slow one is still inside its 10× longer starting phase.
    await new Promise((resolve) => setTimeout(resolve, DURATION_MS + 100));
    const stuck = await replicate.predictions.get(hung.id);
    expect(stuck.status).toBe("processing");
    expect(parseProgressFromLogs(stuck)?.percentage).toBe(0.95);
    expect((await replicate.predictions.get(slow.id)).status).toBe("starting");
    expect((await replicate.predictions.cancel(hung.id)).status).toBe(
      "canceled",
    );
  });

  it("takes one prediction's duration from [render=…]", async () => {
    const [short, usual] = await Promise.all(
      ["x [render=40ms]", "x"].map((prompt) =>
        replicate.predictions.create({ model: "a/b", input: { prompt } }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const done = await replicate.predictions.get(short.id);
    expect(done.status).toBe("succeeded");
    expect(done.metrics?.total_time).toBe(0.04);
    expect((await replicate.predictions.get(usual.id)).status).not.toBe(
      "succeeded",
    );
  });

  it("reports progress that parseProgressFromLogs reads as rising to 100 %", async () => {
    const created = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x" },
    });
    const seen: number[] = [];
    const done = await waitFor(async () => {
      const prediction = await replicate.predictions.get(created.id);
      const progress = parseProgressFromLogs(prediction);
      if (progress) seen.push(progress.percentage);
      return prediction.status === "succeeded" ? prediction : undefined;
    });
    expect(parseProgressFromLogs(done)).toEqual({
      percentage: 1,
      current: 20,
      total: 20,
    });
    expect(seen.length).toBeGreaterThan(3);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen).size).toBeGreaterThan(2);
  });

  it("throttles one create with 429 + Retry-After, which the client retries by itself", async () => {
    fake.setMode({ create: "throttle", times: 1 });
    const raw = await fetch(`${fake.url}/models/a/b/predictions`, {
      method: "POST",
      body: JSON.stringify({ input: { prompt: "x" } }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get("retry-after")).toBe("1");
    expect(await raw.json()).toEqual({
      detail: "Request was throttled. Expected available in 1 second.",
      status: 429,
    });

    fake.setMode({ create: "throttle", times: 1 });
    const created = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x" },
    });
    expect(created.status).toBe("starting");
    // One refused create, then the client's own retry succeeded (how soon
    // it retries is a timing, not asserted here).
    expect(fake.stats()).toMatchObject({ byKind: { create: 3 }, rejected: 2 });
  });

  it("keeps throttling until the client gives up after 6 attempts", async () => {
    fake.setMode({ create: "throttle" });
    const error = await replicate.predictions
      .create({ model: "a/b", input: { prompt: "x" } })
      .catch((e: unknown) => e);
    expect(apiStatus(error)).toBe(429);
    expect(fake.stats()).toMatchObject({ byKind: { create: 6 }, rejected: 6 });
    expect(fake.predictions.size).toBe(0);
  });

  it("answers 500 and 401 at create; the client does not retry a POST 500", async () => {
    fake.setMode({ create: "error", times: 1 });
    const serverError = await replicate.predictions
      .create({ model: "a/b", input: { prompt: "x" } })
      .catch((e: unknown) => e);
    expect(apiStatus(serverError)).toBe(500);
    expect(fake.stats().byKind.create).toBe(1);

    fake.setMode({ create: "unauthorized", times: 1 });
    const unauthorized = await replicate.predictions
      .create({ model: "a/b", input: { prompt: "x" } })
      .catch((e: unknown) => e);
    expect(apiStatus(unauthorized)).toBe(401);
    expect(
      (
        await replicate.predictions.create({
          model: "a/b",
          input: { prompt: "x" },
        })
      ).status,
    ).toBe("starting");
    expect(fake.stats()).toMatchObject({
      byKind: { create: 3 },
      rejected: 2,
      mode: { create: "ok" },
    });
  });

  it("is switchable over the /_control endpoints and counts calls per prediction", async () => {
    const set = await fetch(`${fake.origin}/_control/mode`, {
      method: "POST",
      body: JSON.stringify({ outcome: "fail", times: 1 }),
    });
    expect(await set.json()).toMatchObject({
      outcome: "fail",
      outcomeRemaining: 1,
    });
    const first = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x" },
    });
    const second = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x" },
    });
    expect((await untilTerminal(replicate, first.id)).status).toBe("failed");
    expect((await untilTerminal(replicate, second.id)).status).toBe(
      "succeeded",
    );

    const stats = (await (
      await fetch(`${fake.origin}/_control/stats`)
    ).json()) as ReturnType<FakeReplicate["stats"]>;
    const firstGets = stats.byPrediction[first.id].get;
    expect(firstGets).toBeGreaterThan(0);
    expect(stats.total).toBe(2 + firstGets + stats.byPrediction[second.id].get);
    expect(stats.byKind).toMatchObject({ create: 2, cancel: 0 });

    expect(
      (
        await fetch(`${fake.origin}/_control/mode`, {
          method: "POST",
          body: '{"create":"nope"}',
        })
      ).status,
    ).toBe(400);
    await fetch(`${fake.origin}/_control/reset`, { method: "POST" });
    expect(fake.stats()).toMatchObject({ total: 0, byPrediction: {} });
  });
});

describe("fake Replicate auth", () => {
  it("requires the configured token as Bearer or Token", async () => {
    const fake = await startFakeReplicate({
      apiToken: "r8_secret",
      durationMs: DURATION_MS,
    });
    try {
      const wrong = new Replicate({ auth: "r8_wrong", baseUrl: fake.url });
      const error = await wrong.predictions
        .create({ model: "a/b", input: { prompt: "x" } })
        .catch((e: unknown) => e);
      expect(apiStatus(error)).toBe(401);
      const right = new Replicate({ auth: "r8_secret", baseUrl: fake.url });
      const created = await right.predictions.create({
        model: "a/b",
        input: { prompt: "x" },
      });
      const viaToken = await fetch(`${fake.url}/predictions/${created.id}`, {
        headers: { Authorization: "Token r8_secret" },
      });
      expect(viaToken.status).toBe(200);
      // The control endpoints stay open so test harnesses need no token.
      expect((await fetch(`${fake.origin}/_control/stats`)).status).toBe(200);
    } finally {
      await fake.close();
    }
  });
});

describe("fake Replicate webhooks", () => {
  const secret = generateWebhookSecret();
  let fake: FakeReplicate;
  let replicate: Replicate;
  const receivers: Receiver[] = [];
  /** Starts a receiver that is closed after the test. */
  async function receive(...args: Parameters<typeof startReceiver>) {
    const receiver = await startReceiver(...args);
    receivers.push(receiver);
    return receiver;
  }

  beforeAll(async () => {
    fake = await startFakeReplicate({
      durationMs: 1200,
      startingMs: STARTING_MS,
      webhookSecret: secret,
    });
    replicate = new Replicate({ auth: "r8_test", baseUrl: fake.url });
  });
  afterAll(() => fake.close());
  afterEach(async () => {
    fake.reset();
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });

  it("signs the public Standard Webhooks test vector", async () => {
    const vector = {
      id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
      timestamp: "1614265330",
      body: '{"test": 2432232314}',
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    };
    const signature = signWebhook(
      vector.secret,
      vector.id,
      vector.timestamp,
      vector.body,
    );
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    expect(await validateWebhook({ ...vector, signature })).toBe(true);
  });

  it("sends start, logs, output and completed in order, each signed and verifiable", async () => {
    const receiver = await receive();
    const created = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x" },
      webhook: receiver.url,
    });
    // The output and completed events both carry the succeeded prediction.
    const hooks = await waitFor(() => {
      const succeeded = receiver.received.filter(
        (hook) => hook.prediction.status === "succeeded",
      );
      return succeeded.length >= 2 ? receiver.received : undefined;
    });
    const statuses = hooks.map((hook) => hook.prediction.status);
    expect(statuses[0]).toBe("starting");
    expect(statuses.slice(-2)).toEqual(["succeeded", "succeeded"]);
    expect(hooks.at(-2)?.prediction.output).toBe(
      `${fake.origin}/outputs/${created.id}.mp4`,
    );
    const logsHooks = hooks.filter(
      (hook) => hook.prediction.status === "processing",
    );
    expect(logsHooks.length).toBeGreaterThanOrEqual(1);
    const logTimes = logsHooks.map((hook) =>
      Number(hook.headers["webhook-timestamp"]),
    );
    expect(
      logTimes.every((time) => Math.abs(time - Date.now() / 1000) < 10),
    ).toBe(true);

    for (const hook of hooks) {
      expect(hook.headers["content-type"]).toBe("application/json");
      expect(hook.headers["webhook-id"]).toMatch(/^msg_[0-9A-Za-z]{27}$/);
      const valid = await validateWebhook(
        { headers: hook.headers, body: hook.body } as unknown as Request,
        secret,
      );
      expect(valid).toBe(true);
    }
    expect(new Set(hooks.map((hook) => hook.headers["webhook-id"])).size).toBe(
      hooks.length,
    );
    expect(fake.stats().byPrediction[created.id].webhooks).toEqual({
      attempts: hooks.length,
      delivered: hooks.length,
      dropped: 0,
    });
  });

  it("honours webhook_events_filter", async () => {
    const receiver = await receive();
    const created = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x [fail]" },
      webhook: receiver.url,
      webhook_events_filter: ["completed"],
    });
    const [hook] = await waitFor(() =>
      receiver.received.length ? receiver.received : undefined,
    );
    expect(hook.prediction).toMatchObject({ id: created.id, status: "failed" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(1);
  });

  it("retries a failed delivery with the same webhook-id and keeps events in order", async () => {
    const receiver = await receive((_hook, index) => (index === 0 ? 500 : 204));
    const created = await replicate.predictions.create({
      model: "a/b",
      input: { prompt: "x" },
      webhook: receiver.url,
      webhook_events_filter: ["start", "completed"],
    });
    const hooks = await waitFor(() =>
      receiver.received.length >= 3 ? receiver.received : undefined,
    );
    const [first, retry, completed] = hooks;
    expect(retry.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(retry.body).toBe(first.body);
    expect(
      await validateWebhook(
        { headers: retry.headers, body: retry.body } as unknown as Request,
        secret,
      ),
    ).toBe(true);
    expect(completed.prediction.status).toBe("succeeded");
    expect(completed.headers["webhook-id"]).not.toBe(
      first.headers["webhook-id"],
    );
    expect(fake.stats().byPrediction[created.id].webhooks).toEqual({
      attempts: 3,
      delivered: 2,
      dropped: 0,
    });
  });

  it("sends unsigned webhooks when no secret is configured", async () => {
    const unsigned = await startFakeReplicate({
      durationMs: 300,
      startingMs: 50,
    });
    const receiver = await receive();
    try {
      const client = new Replicate({ auth: "r8_test", baseUrl: unsigned.url });
      await client.predictions.create({
        model: "a/b",
        input: { prompt: "x" },
        webhook: receiver.url,
        webhook_events_filter: ["start"],
      });
      const [hook] = await waitFor(() =>
        receiver.received.length ? receiver.received : undefined,
      );
      expect(hook.headers["webhook-id"]).toBeDefined();
      expect(hook.headers["webhook-signature"]).toBeUndefined();
    } finally {
      await unsigned.close();
    }
  });
});

describe("fake Replicate shutdown", () => {
  it("close() drops timers, pending webhook retries and keep-alive sockets", async () => {
    const activeTimers = () =>
      process.getActiveResourcesInfo().filter((kind) => kind === "Timeout")
        .length;
    const before = activeTimers();
    const fake = await startFakeReplicate({
      durationMs: DURATION_MS,
      webhookSecret: generateWebhookSecret(),
      webhookRetryDelaysMs: [100, 100],
    });
    const client = new Replicate({ auth: "r8_test", baseUrl: fake.url });
    // Port 9 (discard) refuses connections, so the start event sits in its back-off wait,
    // and [hang] keeps the ticker running.
    const { id } = await client.predictions.create({
      model: "a/b",
      input: { prompt: "x [hang]" },
      webhook: "http://127.0.0.1:9/",
    });
    await waitFor(() =>
      fake.stats().byPrediction[id].webhooks.attempts === 1 ? true : undefined,
    );

    // A request still being received keeps server.close() waiting unless connections are cut.
    const halfOpen = connect(Number(new URL(fake.origin).port), "127.0.0.1");
    halfOpen.on("error", () => {});
    halfOpen.write("GET /v1/predictions/x HTTP/1.1\r\nHost: fake\r\n");
    await new Promise((resolve) => setTimeout(resolve, 50));

    // close() resolves only once the server has cut the half-open
    // connection itself (otherwise it would wait for it and the test time out).
    const cut = new Promise<void>((resolve) => halfOpen.on("close", resolve));
    await fake.close();
    await cut;
    expect(halfOpen.destroyed).toBe(true);
    expect(activeTimers()).toBeLessThanOrEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.stats().byPrediction[id].webhooks.attempts).toBe(1);
  });
});
