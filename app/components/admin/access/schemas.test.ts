import { parseWithZod } from "@conform-to/zod/v4";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OverrideSchema, toOverrideArgs } from "./schemas";

function parse(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return parseWithZod(data, { schema: OverrideSchema });
}

function errors(values: Record<string, string>) {
  const s = parse(values);
  return s.status === "success" ? undefined : s.error;
}

const PRICE = { modelId: "luma/ray-2-720p", costPerSecond: "0.1" };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 30, 8, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the set-an-override form's schema", () => {
  it("reads the expiry in the zone the admin picked", () => {
    const tokyo = parse({
      ...PRICE,
      expiresAt: "2030-01-15T09:00",
      timeZone: "Asia/Tokyo",
    });
    expect(tokyo.status === "success" && toOverrideArgs(tokyo.value)).toEqual({
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.1,
      expiresAt: Date.UTC(2030, 0, 15, 0, 0),
    });
    // New York in summer (UTC−4) and in winter (UTC−5).
    const summer = parse({
      ...PRICE,
      expiresAt: "2027-07-01T09:00",
      timeZone: "America/New_York",
    });
    expect(
      summer.status === "success" && toOverrideArgs(summer.value).expiresAt,
    ).toBe(Date.UTC(2027, 6, 1, 13, 0));
    const winter = parse({
      ...PRICE,
      expiresAt: "2027-01-01T09:00",
      timeZone: "America/New_York",
    });
    expect(
      winter.status === "success" && toOverrideArgs(winter.value).expiresAt,
    ).toBe(Date.UTC(2027, 0, 1, 14, 0));
  });

  it("takes UTC when no zone is posted (a form sent before the page hydrated)", () => {
    const utc = parse({ ...PRICE, expiresAt: "2030-01-15T09:00" });
    expect(
      utc.status === "success" && toOverrideArgs(utc.value).expiresAt,
    ).toBe(Date.UTC(2030, 0, 15, 9, 0));
  });

  it("leaves the expiry out when it is empty", () => {
    const none = parse({ ...PRICE, expiresAt: "", timeZone: "Asia/Tokyo" });
    expect(none.status === "success" && toOverrideArgs(none.value)).toEqual({
      modelId: "luma/ray-2-720p",
      costPerSecond: 0.1,
    });
  });

  it("refuses a non-time, an unknown zone and an expiry already past in the zone", () => {
    expect(errors({ ...PRICE, expiresAt: "soon" })).toEqual({
      expiresAt: [
        "Enter a date and time, like 2026-12-07 09:00, or leave it empty.",
      ],
    });
    expect(
      errors({
        ...PRICE,
        expiresAt: "2030-01-15T09:00",
        timeZone: "Mars/Olympus",
      }),
    ).toEqual({ timeZone: ["Pick a time zone from the list."] });
    // 16:30 in Tokyo is 07:30 UTC, half an hour before "now" (08:00 UTC);
    // the same wall-clock time in UTC is still ahead.
    expect(
      errors({
        ...PRICE,
        expiresAt: "2026-11-30T16:30",
        timeZone: "Asia/Tokyo",
      }),
    ).toEqual({ expiresAt: ["The expiry must be in the future."] });
    expect(
      errors({
        ...PRICE,
        expiresAt: "2026-11-30T16:30",
        timeZone: "UTC",
      }),
    ).toBeUndefined();
  });
});
