import { parseWithZod } from "@conform-to/zod/v4";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SchedulePriceSchema, toScheduleArgs } from "./schema";

function parse(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return parseWithZod(data, { schema: SchedulePriceSchema });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 30, 8, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the schedule-a-price form's schema", () => {
  it("reads the time in the zone the admin picked", () => {
    const utc = parse({
      costPerSecond: "0.2",
      effectiveAt: "2026-12-07T09:00",
    });
    expect(utc.status === "success" && toScheduleArgs(utc.value)).toEqual({
      costPerSecond: 0.2,
      effectiveAt: Date.UTC(2026, 11, 7, 9, 0),
    });
    const berlin = parse({
      costPerSecond: "0.2",
      effectiveAt: "2026-12-07T09:00",
      timeZone: "Europe/Berlin",
    });
    expect(
      berlin.status === "success" && toScheduleArgs(berlin.value).effectiveAt,
    ).toBe(Date.UTC(2026, 11, 7, 8, 0));
  });

  it("refuses a past time, a non-time, an unknown zone and a missing price", () => {
    const errors = (values: Record<string, string>) => {
      const s = parse(values);
      return s.status === "success" ? undefined : s.error;
    };
    expect(
      errors({ costPerSecond: "0.2", effectiveAt: "2026-11-30T07:59" }),
    ).toEqual({ effectiveAt: ["The new price must start in the future."] });
    expect(errors({ costPerSecond: "0.2", effectiveAt: "soon" })).toEqual({
      effectiveAt: ["Enter a date and time, like 2026-12-07 09:00."],
    });
    expect(
      errors({
        costPerSecond: "0.2",
        effectiveAt: "2026-12-07T09:00",
        timeZone: "Mars/Olympus",
      }),
    ).toEqual({ timeZone: ["Pick a time zone from the list."] });
    expect(errors({ effectiveAt: "2026-12-07T09:00" })).toEqual({
      costPerSecond: [
        "Enter the new price per second in US dollars, like 0.2.",
      ],
    });
  });
});
