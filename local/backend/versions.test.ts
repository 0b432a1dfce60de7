// @vitest-environment node
/** The start-up check against convex / convex-test versions the backend was not checked against. */
import { afterEach, describe, expect, it } from "vitest";
import { checkVersions, SUPPORTED_VERSIONS } from "./versions.js";

afterEach(() => {
  delete process.env.CONVEX_LOCAL_ALLOW_VERSION_MISMATCH;
});

describe("version check", () => {
  it("passes with the installed (pinned) versions", () => {
    const lines: string[] = [];
    checkVersions((line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it("refuses to start on another convex-test, loudly", () => {
    const installed = (name: string) =>
      name === "convex-test" ? "0.0.61" : SUPPORTED_VERSIONS.convex;
    expect(() => checkVersions(() => undefined, installed)).toThrow(
      /VERSION MISMATCH[\s\S]*convex-test 0\.0\.61 is installed; this backend supports 0\.0\.60/,
    );
  });

  it("only warns when the override is set", () => {
    process.env.CONVEX_LOCAL_ALLOW_VERSION_MISMATCH = "1";
    const lines: string[] = [];
    checkVersions(
      (line) => lines.push(line),
      () => "9.9.9",
    );
    expect(lines[0]).toMatch(/VERSION MISMATCH/);
  });

  it("matches the exact pins of package.json", async () => {
    const { default: manifest } = (await import("../../package.json", {
      with: { type: "json" },
    })) as {
      default: {
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
      };
    };
    const pins = { ...manifest.dependencies, ...manifest.devDependencies };
    for (const [name, version] of Object.entries(SUPPORTED_VERSIONS))
      expect(pins[name]).toBe(version);
  });
});
