import { type VideoStatus } from "~/utils/api";
import { isTerminalVideoStatus } from "~/utils/rules";
import {
  phaseLabel,
  phaseOf,
  type Phase,
  type PhaseSource,
} from "~/utils/progress";
import { Badge, type BadgeTone } from "./badge";

/** Colour and explanation of each phase; the words are `PHASE_LABEL`'s. */
const PHASE_BADGE: Record<Phase, { tone: BadgeTone; description: string }> = {
  queued: { tone: "gray", description: "Waiting to be sent to the model." },
  starting: { tone: "blue", description: "The model is warming up." },
  rendering: {
    tone: "blue",
    description: "The model is rendering your video.",
  },
  storing: { tone: "blue", description: "Saving the finished video." },
  ready: { tone: "green", description: "Your video is ready." },
  failed: { tone: "red", description: "The model could not make this video." },
  canceled: { tone: "gray", description: "This video was canceled." },
};

/** True for the statuses a video can still leave (it may be canceled). */
export function isUnfinished(status: VideoStatus): boolean {
  return !isTerminalVideoStatus(status);
}

/**
 * The human label and explanation of what a video is doing: of its phase
 * (`app/utils/progress.ts`), so a bare status reads as its phase would.
 */
export function describeVideo(video: PhaseSource) {
  return { label: phaseLabel(video), ...PHASE_BADGE[phaseOf(video)] };
}

/** The human label and explanation of a status (the filters' words). */
export function describeStatus(status: VideoStatus) {
  return describeVideo({ status });
}

/**
 * A video's phase as a coloured badge, with the same word as its progress
 * bar; unfinished ones get a pulsing dot. Pass the live progress and the
 * storing flag where the page has them.
 */
export function StatusBadge({ video }: { video: PhaseSource }) {
  const { label, tone, description } = describeVideo(video);
  return (
    <Badge tone={tone} title={description} testId="status-badge">
      {isUnfinished(video.status) ? (
        <span
          aria-hidden="true"
          className="h-1.5 w-1.5 rounded-full bg-current motion-safe:animate-pulse"
        />
      ) : null}
      {label}
    </Badge>
  );
}
