import { describe, expect, it } from "vitest";
import { checkPort, portFromEnv } from "./ports";

describe("local stack ports", () => {
  it("takes the variable, or the default when unset", () => {
    expect(portFromEnv("PORT", 3000, {})).toBe(3000);
    expect(portFromEnv("PORT", 3000, { PORT: "21100" })).toBe(21100);
    expect(portFromEnv("PORT", 3000, { PORT: "" })).toBe(3000);
  });

  it("refuses a port fetch would refuse to connect to, saying why", () => {
    expect(() => portFromEnv("PORT", 3000, { PORT: "4190" })).toThrow(
      /PORT=4190 is a port that browsers and fetch refuse to connect to/,
    );
    expect(() => checkPort(6000, "FAKE_REPLICATE_PORT")).toThrow(
      /FAKE_REPLICATE_PORT=6000 .*bad port/,
    );
  });

  it("refuses what is not a port", () => {
    expect(() => portFromEnv("PORT", 3000, { PORT: "http" })).toThrow(
      /PORT must be a port number/,
    );
    expect(() => checkPort(70000, "PORT")).toThrow(/1 to 65535/);
  });
});
