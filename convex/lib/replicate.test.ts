/**
 * The pure mapping between videos and Replicate predictions
 * (lib/replicate.ts): statuses, where a prediction is sent, its input,
 * output URLs, error messages, the poll back-off, the timeout setting and
 * progress.
 */
import { describe, expect, test } from "vitest";
import {
  outputUrlOf,
  outputUrlsOf,
  pollDelayMs,
  predictionErrorMessage,
  predictionInput,
  predictionTarget,
  progressPercent,
  videoStatusFor,
  videoTimeoutMs,
} from "./replicate";

describe("statuses and targets", () => {
  test("Replicate's statuses map to ours; aborted is canceled, unknown is processing", () => {
    expect(
      [
        "starting",
        "processing",
        "succeeded",
        "failed",
        "canceled",
        "aborted",
        "queued",
      ].map(videoStatusFor),
    ).toEqual([
      "starting",
      "processing",
      "succeeded",
      "failed",
      "canceled",
      "canceled",
      "processing",
    ]);
  });

  test("owner/name runs the model; owner/name:version runs that version", () => {
    expect(predictionTarget("luma/ray-2")).toEqual({ model: "luma/ray-2" });
    expect(predictionTarget("luma/ray-2:abc")).toEqual({ version: "abc" });
  });
});

describe("the prediction input", () => {
  const video = { prompt: "a fox", duration: 5 };

  test("model parameters, then creator inputs over them, then the platform's own", () => {
    expect(
      predictionInput(
        { modelParameters: { fps: 24, aspect_ratio: "1:1", prompt: "x" } },
        { ...video, inputs: { aspect_ratio: "9:16" }, outputs: 3 },
      ),
    ).toEqual({
      fps: 24,
      aspect_ratio: "9:16",
      prompt: "a fox",
      duration: 5,
      num_outputs: 3,
    });
  });

  test("no duration for a fixed-duration model, no num_outputs for one output; non-object parameters are ignored", () => {
    expect(
      predictionInput(
        { fixedDuration: 8, modelParameters: null },
        { ...video, outputs: 1 },
      ),
    ).toEqual({ prompt: "a fox" });
    expect(predictionInput({ modelParameters: "fps=24" }, video)).toEqual({
      prompt: "a fox",
      duration: 5,
    });
  });
});

describe("outputs and errors", () => {
  test("one URL, an array of URLs, or nothing usable", () => {
    expect(outputUrlOf("https://r.example/a.mp4")).toBe(
      "https://r.example/a.mp4",
    );
    expect(
      outputUrlsOf([
        "https://r.example/a.mp4",
        42,
        "file:///etc/passwd",
        "http://r.example/b.mp4",
      ]),
    ).toEqual(["https://r.example/a.mp4", "http://r.example/b.mp4"]);
    expect(outputUrlOf(null)).toBeNull();
    expect(outputUrlOf(["data:video/mp4;base64,AAAA"])).toBeNull();
  });

  test("an error string, an object with detail, or a readable default", () => {
    expect(predictionErrorMessage("  CUDA out of memory  ")).toBe(
      "CUDA out of memory",
    );
    expect(predictionErrorMessage("x".repeat(600))).toHaveLength(500);
    expect(predictionErrorMessage({ detail: "NSFW content" })).toBe(
      "NSFW content",
    );
    for (const error of [null, undefined, "   ", 42, { message: "x" }])
      expect(predictionErrorMessage(error)).toBe(
        "The model failed without an error message.",
      );
  });
});

describe("timing", () => {
  test("polls back off from 2 s to 30 s, or 15 s to 60 s with webhooks", () => {
    expect([0, 1, 2, 3, 4, 50].map((n) => pollDelayMs(n, false))).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    expect([0, 1, 2, 50].map((n) => pollDelayMs(n, true))).toEqual([
      15_000, 30_000, 60_000, 60_000,
    ]);
  });

  test("VIDEO_TIMEOUT_MINUTES: default 30; nonsense falls back to 30", () => {
    expect(videoTimeoutMs(undefined)).toBe(30 * 60_000);
    expect(videoTimeoutMs("45")).toBe(45 * 60_000);
    expect(videoTimeoutMs("0.5")).toBe(30_000);
    for (const bad of ["0", "-5", "soon", "Infinity"])
      expect(videoTimeoutMs(bad)).toBe(30 * 60_000);
  });

  test("progress is a whole percentage from 0 to 100", () => {
    expect(progressPercent(undefined)).toBeUndefined();
    expect(progressPercent(Number.NaN)).toBeUndefined();
    expect(progressPercent(0.426)).toBe(43);
    expect(progressPercent(1.7)).toBe(100);
    expect(progressPercent(-0.2)).toBe(0);
  });
});
