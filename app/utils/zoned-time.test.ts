import { describe, expect, it } from "vitest";
import {
  formatDateInZone,
  formatDayKey,
  formatInZone,
  formatUtc,
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

  it("formats every date the same en-GB way: day, short month, year, 24-hour clock, zone named", () => {
    const ms = Date.UTC(2026, 11, 1, 9, 0);
    expect(formatUtc(ms)).toBe("1 Dec 2026, 09:00 UTC");
    expect(formatUtc(Date.UTC(2031, 0, 15, 21, 5))).toBe(
      "15 Jan 2031, 21:05 UTC",
    );
    expect(formatDateInZone(ms)).toBe("1 Dec 2026");
    expect(formatDateInZone(ms, "UTC", { year: false })).toBe("1 Dec");
    // The day is the zone's: 1 Dec 02:00 UTC is still 30 Nov in New York.
    expect(formatDateInZone(Date.UTC(2026, 11, 1, 2), "America/New_York")).toBe(
      "30 Nov 2026",
    );
    expect(formatDayKey("2025-01-31")).toBe("31 Jan 2025");
    expect(formatDayKey("2025-01-31", { year: false })).toBe("31 Jan");
    expect(formatDayKey("not a day")).toBe("not a day");
    // Never the US order ("Dec 1, 2026") anywhere.
    for (const text of [formatUtc(ms), formatDateInZone(ms), formatInZone(ms)])
      expect(text).not.toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}/);
  });
});
