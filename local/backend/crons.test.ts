// @vitest-environment node
/** Cron jobs from the fixture's crons.ts, and schedule arithmetic. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextRunTime } from "./cron-runner.js";
import { api } from "./fixtures/convex/_generated/api.js";
import {
  startFixtureBackend,
  waitFor,
  wsClient,
  type TestBackend,
} from "./test-support.js";

let backend: TestBackend;
let client: ReturnType<typeof wsClient>;

beforeAll(async () => {
  backend = await startFixtureBackend();
  client = wsClient(backend.url);
});

afterAll(async () => {
  await client.close();
  await backend.close();
});

describe("crons", () => {
  it("runs an interval job whose writes reach a subscriber", async () => {
    const seen = new Set<string>();
    client.onUpdate(api.ticks.latest, {}, (tick) => {
      if (tick !== null) seen.add(tick._id);
    });
    await waitFor(() => (seen.size >= 2 ? true : undefined), 4000, "two ticks");
    expect(
      backend.lines.some((line) =>
        /^cron\(tick\) mutation ticks:tick \d+ms ok$/.test(line),
      ),
    ).toBe(true);
  });

  it("computes next run times in UTC", () => {
    const at = Date.UTC(2025, 0, 1, 10, 30); // Wednesday
    expect(nextRunTime({ type: "interval", minutes: 5 }, at)).toBe(
      at + 5 * 60_000,
    );
    expect(nextRunTime({ type: "hourly", minuteUTC: 15 }, at)).toBe(
      Date.UTC(2025, 0, 1, 11, 15),
    );
    expect(nextRunTime({ type: "daily", hourUTC: 9, minuteUTC: 0 }, at)).toBe(
      Date.UTC(2025, 0, 2, 9, 0),
    );
    expect(
      nextRunTime({ type: "weekly", dayOfWeek: "friday", hourUTC: 8 }, at),
    ).toBe(Date.UTC(2025, 0, 3, 8, 0));
    expect(nextRunTime({ type: "monthly", day: 1, hourUTC: 0 }, at)).toBe(
      Date.UTC(2025, 1, 1, 0, 0),
    );
    expect(nextRunTime({ type: "cron", cron: "*/10 * * * *" }, at)).toBe(
      Date.UTC(2025, 0, 1, 10, 40),
    );
  });
});
