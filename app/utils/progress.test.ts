import { describe, expect, test } from "vitest";
import {
  downloadFileName,
  estimatedProgress,
  overallPercent,
  phaseLabel,
  phaseOf,
  secondsLeft,
  type ProgressSource,
  withEstimatedProgress,
} from "./progress";

const base: ProgressSource = { status: "pending", createdAt: 0 };

describe("honest progress", () => {
  test("the overall percentage never falls as a video moves through its phases", () => {
    const journey: ProgressSource[] = [
      base,
      { ...base, status: "starting" },
      { ...base, status: "processing" },
      { ...base, status: "processing", progress: 0 },
      { ...base, status: "processing", progress: 40 },
      { ...base, status: "processing", progress: 100 },
      { ...base, status: "processing", progress: 100, storing: true },
      { ...base, status: "succeeded", progress: 100 },
    ];
    const values = journey.map(overallPercent);
    expect(values).toEqual([2, 5, 5, 5, 41, 95, 97, 100]);
    for (let i = 1; i < values.length; i++)
      expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(journey.map(phaseOf)).toEqual([
      "queued",
      "starting",
      "rendering",
      "rendering",
      "rendering",
      "rendering",
      "storing",
      "ready",
    ]);
  });

  test("the badge's word is the bar's phase, not the raw status", () => {
    // With webhooks only `start` and `completed` arrive: the video stays
    // `starting` while polls raise its progress and while its output is stored.
    const starting: ProgressSource = { ...base, status: "starting" };
    expect(phaseLabel(starting)).toBe("Starting");
    expect(phaseLabel({ ...starting, progress: 0 })).toBe("Starting");
    expect(phaseLabel({ ...starting, progress: 30 })).toBe("Rendering");
    expect(overallPercent({ ...starting, progress: 30 })).toBe(32);
    expect(phaseLabel({ ...starting, progress: 30, storing: true })).toBe(
      "Storing",
    );
    expect(phaseLabel({ ...starting, storing: true })).toBe("Storing");
    expect(phaseLabel({ ...base, status: "processing" })).toBe("Rendering");
    expect(phaseLabel({ status: "succeeded", progress: 100 })).toBe("Ready");
    expect(phaseLabel({ status: "failed", progress: 40 })).toBe("Failed");
    expect(phaseLabel({ status: "canceled" })).toBe("Canceled");
    expect(phaseLabel(base)).toBe("Queued");
  });

  test("time left comes from the typical time", () => {
    const rendering: ProgressSource = {
      ...base,
      status: "processing",
      startedAt: 0,
    };
    expect(secondsLeft(rendering, 40, 10_000)).toBe(30);
    expect(secondsLeft({ ...rendering, progress: 75 }, 40, 10_000)).toBe(10);
    expect(secondsLeft(rendering, 40, 60_000)).toBe(0);
    expect(secondsLeft(base, 40, 0)).toBe(40);
    expect(secondsLeft(rendering, null, 0)).toBeNull();
  });

  test("with nothing polled, progress is estimated from the typical time: rising, never done", () => {
    // A 40 s model, sampled every second for 5 typical times.
    const values = Array.from({ length: 200 }, (_, s) =>
      estimatedProgress(s, 40),
    );
    expect(values[0]).toBe(0);
    expect(values[20]).toBe(45);
    expect(values[40]).toBe(90);
    for (let i = 1; i < values.length; i++)
      expect(values[i]).toBeGreaterThan(values[i - 1]);
    expect(Math.max(...values)).toBeLessThan(99);
  });

  test("a starting video without reported progress shows the estimate; reported progress and storing win", () => {
    const starting: ProgressSource = { ...base, status: "starting" };
    const shown = withEstimatedProgress(starting, 40, 20_000);
    expect(shown).toMatchObject({
      status: "processing",
      progress: 45,
      estimated: true,
    });
    expect(phaseOf(shown)).toBe("rendering");
    expect(overallPercent(shown)).toBe(46);
    // Reported progress, storing, terminal, no typical time, no clock: as stored.
    const reported = { ...base, status: "processing" as const, progress: 10 };
    expect(withEstimatedProgress(reported, 40, 20_000)).toBe(reported);
    const storing = { ...starting, storing: true };
    expect(withEstimatedProgress(storing, 40, 20_000)).toBe(storing);
    const done = { ...base, status: "succeeded" as const };
    expect(withEstimatedProgress(done, 40, 20_000)).toBe(done);
    expect(withEstimatedProgress(starting, null, 20_000)).toBe(starting);
    expect(withEstimatedProgress(starting, 40, null)).toBe(starting);
    // The first moments stay "starting" until the estimate reaches 1 %.
    expect(withEstimatedProgress(starting, 40, 100)).toBe(starting);
  });

  test("download names come from the prompt's words", () => {
    expect(downloadFileName("A lighthouse at dusk, waves crashing!")).toBe(
      "a-lighthouse-at-dusk-waves-crashing.mp4",
    );
    expect(downloadFileName("[slow] Crème brûlée")).toBe("creme-brulee.mp4");
    expect(downloadFileName("!!!")).toBe("video.mp4");
    expect(downloadFileName("word ".repeat(40)).length).toBeLessThanOrEqual(64);
  });
});
