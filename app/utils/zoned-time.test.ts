import { describe, expect, it } from "vitest";
import {
  formatInZone,
  isKnownTimeZone,
  toLocalInput,
  zonedTimeToUtc,
} from "./zoned-time";

describe("zoned wall-clock times", () => {
  it("reads a wall-clock time in UTC and in a named zone", () => {
    expect(zonedTimeToUtc("2026-12-07T09:00", "UTC")).toBe(
      Date.UTC(2026, 11, 7, 9, 0),
    );
    // Berlin is UTC+1 in winter and UTC+2 in summer.
    expect(zonedTimeToUtc("2026-12-07T09:00", "Europe/Berlin")).toBe(
      Date.UTC(2026, 11, 7, 8, 0),
    );
    expect(zonedTimeToUtc("2026-07-07T09:00", "Europe/Berlin")).toBe(
      Date.UTC(2026, 6, 7, 7, 0),
    );
    expect(zonedTimeToUtc("2026-12-07T09:00", "America/New_York")).toBe(
      Date.UTC(2026, 11, 7, 14, 0),
    );
  });

  it("resolves a time skipped by daylight saving one offset later", () => {
    // 29 March 2026, 02:30 does not exist in Berlin (02:00 → 03:00).
    expect(zonedTimeToUtc("2026-03-29T02:30", "Europe/Berlin")).toBe(
      Date.UTC(2026, 2, 29, 1, 30),
    );
  });

  it("refuses what is not a time, and unknown zones", () => {
    expect(zonedTimeToUtc("next monday", "UTC")).toBeNull();
    expect(zonedTimeToUtc("2026-02-30T09:00", "UTC")).toBeNull();
    expect(zonedTimeToUtc("2026-12-07T25:00", "UTC")).toBeNull();
    expect(zonedTimeToUtc("2026-12-07T09:00", "Mars/Olympus")).toBeNull();
    expect(isKnownTimeZone("Mars/Olympus")).toBe(false);
  });

  it("writes an instant back as the input's text, and for people with its zone", () => {
    const ms = Date.UTC(2026, 11, 7, 8, 0);
    expect(toLocalInput(ms)).toBe("2026-12-07T08:00");
    expect(toLocalInput(ms, "Europe/Berlin")).toBe("2026-12-07T09:00");
    expect(formatInZone(ms)).toBe("Mon, 7 Dec 2026, 08:00 UTC");
    expect(formatInZone(ms, "Europe/Berlin")).toMatch(/09:00 (CET|GMT\+1)$/);
    expect(formatInZone(ms + 5_000, "UTC", { weekday: false })).toBe(
      "7 Dec 2026, 08:00 UTC",
    );
    expect(
      formatInZone(ms + 5_000, "UTC", { weekday: false, seconds: true }),
    ).toBe("7 Dec 2026, 08:00:05 UTC");
  });
});
