import { describe, expect, test } from "vitest";
import { compareNames, sortRows } from "./ordering";

const row = (name: string, creditCost: number | null, costPerSecond = 0.1) => ({
  name,
  creditCost,
  costPerSecond,
});

describe("one ordering for model lists", () => {
  test("names compare in code-unit (index) order, not the locale's", () => {
    // localeCompare would put "apple" before "Zebra" and "é" next to "e".
    expect(["apple", "Zebra", "éclair", "eel"].sort(compareNames)).toEqual([
      "Zebra",
      "apple",
      "eel",
      "éclair",
    ]);
  });

  test("cost ties and unpriced rows break by name in that order", () => {
    const rows = [
      row("beta", 50),
      row("Alpha", 50),
      row("gamma", null),
      row("Delta", null),
      row("zeta", 10),
    ];
    expect(sortRows(rows, "cost", "asc").map((r) => r.name)).toEqual([
      "zeta",
      "Alpha",
      "beta",
      "Delta",
      "gamma",
    ]);
    expect(sortRows(rows, "cost", "desc").map((r) => r.name)).toEqual([
      "Alpha",
      "beta",
      "zeta",
      "Delta",
      "gamma",
    ]);
  });
});
