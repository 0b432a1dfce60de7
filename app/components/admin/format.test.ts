import { describe, expect, it } from "vitest";
import { formatInZone } from "~/utils/zoned-time";
import { formatFieldValue } from "./format";

describe("audit values", () => {
  const ms = Date.UTC(2026, 11, 7, 9, 0, 30);

  it("shows timestamps in UTC, named, like every other time in the app", () => {
    expect(formatFieldValue("sunsetAt", ms)).toBe("7 Dec 2026, 09:00 UTC");
    expect(formatFieldValue("expiresAt", Date.UTC(2031, 0, 15, 0, 5))).toBe(
      "15 Jan 2031, 00:05 UTC",
    );
    // The same words a <DateTime> renders on the server.
    for (const field of ["createdAt", "effectiveAt", "deletedAt"]) {
      expect(formatFieldValue(field, ms)).toBe(
        formatInZone(ms, "UTC", { weekday: false }),
      );
    }
  });

  it("leaves numbers that are not timestamps as they are", () => {
    expect(formatFieldValue("maxDuration", 9)).toBe("9 s");
    expect(formatFieldValue("maxOutputs", 4)).toBe("4");
    expect(formatFieldValue("sunsetAt", null)).toBe("none");
  });
});
