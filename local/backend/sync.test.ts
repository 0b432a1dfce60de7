// @vitest-environment node
/** The WebSocket sync protocol, driven by the real `ConvexClient`. */
import { ConvexError } from "convex/values";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "./fixtures/convex/_generated/api.js";
import {
  startFixtureBackend,
  waitFor,
  wsClient,
  type TestBackend,
} from "./test-support.js";

let backend: TestBackend;
const clients: ReturnType<typeof wsClient>[] = [];
const connect = () => {
  const client = wsClient(backend.url);
  clients.push(client);
  return client;
};
const bodies = (messages: { body: string }[] | undefined) =>
  messages?.map((m) => m.body) ?? [];

beforeAll(async () => {
  backend = await startFixtureBackend();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await backend.close();
});

describe("sync protocol", () => {
  it("updates a subscription after another client's mutation", async () => {
    const watcher = connect();
    const writer = connect();
    const watch = watcher.onUpdate(
      api.messages.byAuthor,
      { author: "anonymous" },
      () => undefined,
    );
    await waitFor(() => watch.getCurrentValue(), 5000, "first result");
    await writer.mutation(api.messages.send, { body: "from another client" });
    await waitFor(
      () =>
        bodies(watch.getCurrentValue()).includes("from another client")
          ? true
          : undefined,
      2000,
      "the other client's message",
    );
  });

  it("resolves a mutation only once its subscriber reflects it", async () => {
    const client = connect();
    const watch = client.onUpdate(api.messages.list, {}, () => undefined);
    await waitFor(() => watch.getCurrentValue(), 5000, "first result");
    for (let i = 0; i < 5; i++) {
      await client.mutation(api.messages.send, { body: `ack ${i}` });
      expect(bodies(watch.getCurrentValue())).toContain(`ack ${i}`);
    }
  });

  it("delivers an action's writes to subscribers", async () => {
    const client = connect();
    const watch = client.onUpdate(
      api.messages.byAuthor,
      { author: "system" },
      () => undefined,
    );
    await waitFor(() => watch.getCurrentValue(), 5000, "first result");
    const count = await client.action(api.messages.sendViaAction, {
      body: "via action",
    });
    expect(count).toBeGreaterThan(0);
    await waitFor(
      () =>
        bodies(watch.getCurrentValue()).includes("via action")
          ? true
          : undefined,
      2000,
      "action write",
    );
  });

  it("delivers a scheduled function's writes to subscribers", async () => {
    const client = connect();
    const watch = client.onUpdate(
      api.messages.byAuthor,
      { author: "system" },
      () => undefined,
    );
    await waitFor(() => watch.getCurrentValue(), 5000, "first result");
    await client.mutation(api.messages.sendLater, {
      body: "scheduled",
      delayMs: 50,
    });
    expect(bodies(watch.getCurrentValue())).not.toContain("scheduled");
    await waitFor(
      () =>
        bodies(watch.getCurrentValue()).includes("scheduled")
          ? true
          : undefined,
      3000,
      "scheduled write",
    );
  });

  it("passes ConvexError data to mutations and queries", async () => {
    const client = connect();
    const error = await client
      .mutation(api.messages.forbidden, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data.code).toBe(
      "FORBIDDEN",
    );

    const failure = new Promise<Error>((resolve) =>
      client.onUpdate(
        api.messages.forbiddenQuery,
        {},
        () => undefined,
        resolve,
      ),
    );
    const queryError = await failure;
    expect(queryError).toBeInstanceOf(ConvexError);
    expect((queryError as ConvexError<{ code: string }>).data.code).toBe(
      "FORBIDDEN",
    );
  });

  it("refuses internal functions to clients", async () => {
    const client = connect();
    const internalMutation = makeFunctionReference<"mutation">(
      "messages:sendInternal",
    );
    await expect(
      client.mutation(internalMutation, { body: "sneaky" }),
    ).rejects.toThrow(
      /Could not find public function for 'messages:sendInternal'/,
    );
  });

  it("keeps a live page's end cursor so new rows grow the page", async () => {
    const client = connect();
    const writer = connect();
    await writer.mutation(api.messages.send, { body: "page seed 1" });
    await writer.mutation(api.messages.send, { body: "page seed 2" });
    const watch = client.onUpdate(
      api.messages.newestFirst,
      { paginationOpts: { numItems: 2, cursor: null } },
      () => undefined,
    );
    const first = await waitFor(
      () => watch.getCurrentValue(),
      5000,
      "first page",
    );
    expect(bodies(first.page)).toEqual(["page seed 2", "page seed 1"]);
    await writer.mutation(api.messages.send, { body: "page new" });
    const grown = await waitFor(
      () =>
        watch.getCurrentValue()?.page.length === 3
          ? watch.getCurrentValue()
          : undefined,
      2000,
      "the page to grow",
    );
    expect(bodies(grown.page)).toEqual([
      "page new",
      "page seed 2",
      "page seed 1",
    ]);
    expect(grown.continueCursor).toBe(first.continueCursor);
  });

  it("re-runs a few dozen subscriptions after one mutation", async () => {
    const watchers = [connect(), connect()];
    const subscriptions = Array.from({ length: 40 }, (_, i) =>
      watchers[i % 2].onUpdate(
        api.messages.byAuthor,
        { author: `perf-${i}` },
        () => undefined,
      ),
    );
    const list = watchers[0].onUpdate(api.messages.list, {}, () => undefined);
    await waitFor(() =>
      subscriptions.every((s) => s.getCurrentValue() !== undefined)
        ? true
        : undefined,
    );
    await waitFor(() => list.getCurrentValue());
    const writer = connect();
    await writer.mutation(api.messages.send, { body: "perf" });
    await waitFor(
      () =>
        bodies(list.getCurrentValue()).includes("perf") ? true : undefined,
      10_000,
      "update",
    );
  });
});
