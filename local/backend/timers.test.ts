// @vitest-environment node
/**
 * Far-off timers: Node fires a `setTimeout` longer than about 24.8 days at
 * once, so a function scheduled a month ahead (an override's expiry, a
 * sunset) used to run at once in the local backend.
 */
import { afterAll, describe, expect, it } from "vitest";
import { api } from "./fixtures/convex/_generated/api.js";
import { httpClient, startFixtureBackend } from "./test-support.js";
import { installLongTimeouts } from "./timers.js";

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

/** Lets every timer due "now" fire (Node fires an overflowing one after 1 ms). */
async function settle() {
  for (let i = 0; i < 5; i++)
    await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("far-off timers", () => {
  it("a timeout a month ahead does not fire now, and can be cleared", async () => {
    installLongTimeouts();
    let fired = 0;
    const handle = setTimeout(() => fired++, MONTH_MS);
    await settle();
    expect(fired).toBe(0);
    clearTimeout(handle);
    // Short timers are untouched.
    await new Promise((resolve) => setTimeout(resolve, 5));
  });

  const backends: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const backend of backends) await backend.close();
  });

  it("a function scheduled a month ahead stays pending", async () => {
    const backend = await startFixtureBackend();
    backends.push(backend);
    const client = httpClient(backend.url);
    await client.mutation(api.messages.sendLater, {
      body: "next month",
      delayMs: MONTH_MS,
    });
    await settle();
    const sent = await client.query(api.messages.list, {});
    expect(sent.map((m) => m.body)).not.toContain("next month");
    expect(
      backend.lines.filter((line) => line.includes("messages:sendInternal")),
    ).toEqual([]);
  });
});

describe("the patched setTimeout", () => {
  it("still works with util.promisify", async () => {
    installLongTimeouts();
    const { promisify } = await import("node:util");
    const wait = promisify(setTimeout);
    await expect(wait(5, "done")).resolves.toBe("done");
  });
});
