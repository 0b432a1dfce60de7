/**
 * Honest progress for one video (ADR 0046): its phase in words, a bar whose
 * value never moves backwards and is exactly the number in its label, the
 * elapsed time, an estimate of the time left from the model's typical
 * (p50) time, and the last lines of the model's logs behind a disclosure.
 */
import { useConvexAuth, useQuery } from "convex/react";
import { useRef, useState } from "react";
import { api } from "~/utils/api";
import { useLiveQuery } from "~/utils/live";
import { formatCredits, formatElapsed } from "~/utils/misc";
import {
  formatEstimate,
  overallPercent,
  phaseLabel,
  phaseOf,
  secondsLeft,
  withEstimatedProgress,
} from "~/utils/progress";
import { useNow } from "~/utils/use-now";
import { isUnfinished, StatusBadge } from "./ui/status-badge";
import type { VideoView } from "./video-types";

/** What each phase means, in one sentence. */
const PHASE_TEXT = {
  queued: "Queued: waiting to be sent to the model.",
  starting: "Starting: the model is warming up.",
  rendering: "Rendering: the model is making your video.",
  storing: "Storing: saving the finished video.",
  ready: "Ready.",
  failed: "Failed.",
  canceled: "Canceled.",
} as const;

/** The highest value shown so far for this video: the bar never goes back. */
function useMonotonic(key: string, value: number | null): number | null {
  const seen = useRef<{ key: string; max: number } | null>(null);
  if (value === null) return null;
  if (seen.current === null || seen.current.key !== key)
    seen.current = { key, max: value };
  else seen.current.max = Math.max(seen.current.max, value);
  return seen.current.max;
}

/**
 * The video with its running progress: progress lives apart from the video
 * document (ADR 0029), so lists re-send no video per step; each running
 * card subscribes to its own number (`videos.getVideoProgress`).
 */
export function useRunningProgress(
  video: VideoView,
  unfinished: boolean,
): VideoView {
  const { isAuthenticated } = useConvexAuth();
  const live = useQuery(
    api.videos.getVideoProgress,
    unfinished && isAuthenticated ? { videoId: video._id } : "skip",
  );
  if (live === undefined || live === null) return video;
  return { ...video, progress: Math.max(live, video.progress ?? 0) };
}

/**
 * A listed video's badge, following its running progress like the bar
 * beside it does (the list's copy of the video carries no progress).
 */
export function LiveStatusBadge({
  video,
  typicalSeconds,
}: {
  video: VideoView;
  /** The model's typical time, s: the badge follows the bar's estimate. */
  typicalSeconds?: number | null;
}) {
  const unfinished = isUnfinished(video.status);
  const now = useNow(unfinished && !!typicalSeconds);
  return (
    <StatusBadge
      video={withEstimatedProgress(
        useRunningProgress(video, unfinished),
        typicalSeconds,
        now,
      )}
    />
  );
}

export function VideoProgress({
  video: listed,
  typicalSeconds,
  tone = "light",
  showLogs = true,
}: {
  video: VideoView;
  /** The model's typical generation time, seconds (null when unknown). */
  typicalSeconds: number | null | undefined;
  /** "dark" on the video page's black stage. */
  tone?: "light" | "dark";
  showLogs?: boolean;
}) {
  const unfinished = isUnfinished(listed.status);
  const now = useNow(unfinished);
  // With webhooks no progress is polled (ADR 0050): estimate it from the
  // model's typical time when the model reports none.
  const video = withEstimatedProgress(
    useRunningProgress(listed, unfinished),
    typicalSeconds,
    now,
  );
  const phase = phaseOf(video);
  const percent = useMonotonic(video._id, overallPercent(video));
  const muted = tone === "dark" ? "text-slate-300" : "text-slate-600";
  const strong = tone === "dark" ? "text-white" : "text-slate-900";
  const left =
    now === null
      ? null
      : secondsLeft(
          video.estimated ? { ...video, progress: undefined } : video,
          typicalSeconds,
          now,
        );

  if (!unfinished && phase !== "ready") {
    return (
      <div className="space-y-1 text-sm" data-phase={phase}>
        <p className={`font-semibold ${strong}`}>
          {phase === "failed" ? "Failed" : "Canceled"}
          {video.refunded ? " · refunded" : ""}
        </p>
        {video.error ? (
          <p className={muted} data-testid="video-error">
            {video.error}
          </p>
        ) : null}
        <p className={muted}>
          {video.refunded
            ? `${formatCredits(video.creditsCost)} refunded to your balance.`
            : `${formatCredits(video.creditsCost)} will be refunded to your balance.`}
        </p>
        {showLogs ? <LogsDisclosure videoId={video._id} tone={tone} /> : null}
      </div>
    );
  }

  // "~" marks a percentage estimated from the typical time (ADR 0050).
  const label = `${phaseLabel(video)} · ${video.estimated ? "~" : ""}${percent ?? 0}%`;
  return (
    <div className="space-y-2 text-sm" data-phase={phase}>
      <div className="flex items-baseline justify-between gap-3">
        <p className={`font-semibold ${strong}`} aria-live="polite">
          {label}
        </p>
        {now !== null && unfinished ? (
          <p className={`tabular-nums ${muted}`}>
            {formatElapsed(now - video.createdAt)} elapsed
          </p>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label={`Progress of “${video.prompt.slice(0, 60)}”`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? 0}
        aria-valuetext={label}
        className={`h-2 w-full overflow-hidden rounded-full ${tone === "dark" ? "bg-slate-700" : "bg-slate-200"}`}
      >
        {/* No width transition: the bar shows exactly the label's number. */}
        <div
          className="h-full rounded-full bg-indigo-500"
          style={{ width: `${percent ?? 0}%` }}
        />
      </div>
      {unfinished ? (
        <p className={muted}>
          {PHASE_TEXT[phase]}{" "}
          {typicalSeconds
            ? `Usually ~${formatEstimate(typicalSeconds)}${
                left === null
                  ? "."
                  : left === 0
                    ? "; taking longer than usual."
                    : `; about ${formatEstimate(left)} left.`
              }`
            : "No typical time for this model yet."}
        </p>
      ) : null}
      {showLogs && unfinished ? (
        <LogsDisclosure videoId={video._id} tone={tone} />
      ) : null}
    </div>
  );
}

/** The last lines of the model's logs, fetched only while open. */
function LogsDisclosure({
  videoId,
  tone,
}: {
  videoId: string;
  tone: "light" | "dark";
}) {
  const [open, setOpen] = useState(false);
  return (
    <details
      onToggle={(event) => setOpen(event.currentTarget.open)}
      className="text-sm"
    >
      <summary
        className={`cursor-pointer font-medium ${tone === "dark" ? "text-indigo-200" : "text-indigo-700"}`}
      >
        Model logs
      </summary>
      {open ? <LogsTail videoId={videoId} tone={tone} /> : null}
    </details>
  );
}

function LogsTail({
  videoId,
  tone,
}: {
  videoId: string;
  tone: "light" | "dark";
}) {
  const logs = useLiveQuery(api.videos.getVideoLogs, { videoId }, undefined, {
    requiresAuth: true,
  });
  return (
    <pre
      className={`mt-2 max-h-48 overflow-auto whitespace-pre-wrap break-words rounded-md p-3 font-mono text-xs ${tone === "dark" ? "bg-black/60 text-slate-100" : "bg-slate-900 text-slate-100"}`}
      aria-label="Last lines of the model's logs"
      tabIndex={0}
    >
      {logs === undefined
        ? "Loading…"
        : logs === null
          ? "No logs yet."
          : logs.tail}
    </pre>
  );
}
