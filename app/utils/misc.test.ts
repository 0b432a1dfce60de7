import { describe, expect, it } from "vitest";
import { sortRows } from "./compare";
import {
  formatCostPerSecond,
  formatCredits,
  formatElapsed,
  formatSignedCredits,
  formatUsd,
} from "./misc";

describe("formatting", () => {
  it("formats credits and dollars", () => {
    expect(formatCredits(1)).toBe("1 credit");
    expect(formatCredits(1500)).toBe("1,500 credits");
    expect(formatUsd(90)).toBe("$0.90");
    expect(formatSignedCredits(-90)).toBe("−90");
    expect(formatSignedCredits(100)).toBe("+100");
  });
  it("formats prices per second as admins type them", () => {
    expect(formatCostPerSecond(0.18)).toBe("$0.18/s");
    expect(formatCostPerSecond(0.1234)).toBe("$0.1234/s");
    expect(formatCostPerSecond(1)).toBe("$1.00/s");
  });
  it("formats elapsed time", () => {
    expect(formatElapsed(42_000)).toBe("42 s");
    expect(formatElapsed(65_000)).toBe("1 min 05 s");
  });
});

describe("sortRows", () => {
  const rows = [
    { name: "B", costPerSecond: 0.18, creditCost: 90 },
    { name: "A", costPerSecond: 0.75, creditCost: null },
    { name: "C", costPerSecond: 0.12, creditCost: 60 },
  ];
  it("sorts by cost with impossible combinations last in both directions", () => {
    expect(sortRows(rows, "cost", "asc").map((r) => r.name)).toEqual([
      "C",
      "B",
      "A",
    ]);
    expect(sortRows(rows, "cost", "desc").map((r) => r.name)).toEqual([
      "B",
      "C",
      "A",
    ]);
  });
  it("sorts by name and price per second", () => {
    expect(sortRows(rows, "name", "desc").map((r) => r.name)).toEqual([
      "C",
      "B",
      "A",
    ]);
    expect(sortRows(rows, "cps", "asc").map((r) => r.name)).toEqual([
      "C",
      "B",
      "A",
    ]);
  });
});
