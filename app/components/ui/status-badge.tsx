import { isTerminalVideoStatus, type VideoStatus } from "~/utils/api";
import { Badge, type BadgeTone } from "./badge";

const STATUS: Record<
  VideoStatus,
  { label: string; tone: BadgeTone; description: string }
> = {
  pending: {
    label: "Queued",
    tone: "gray",
    description: "Waiting to be sent to the model.",
  },
  starting: {
    label: "Starting",
    tone: "blue",
    description: "The model is warming up.",
  },
  processing: {
    label: "Rendering",
    tone: "blue",
    description: "The model is rendering your video.",
  },
  succeeded: {
    label: "Ready",
    tone: "green",
    description: "Your video is ready.",
  },
  failed: {
    label: "Failed",
    tone: "red",
    description: "The model could not make this video.",
  },
  canceled: {
    label: "Canceled",
    tone: "gray",
    description: "This video was canceled.",
  },
};

/** True for the statuses a video can still leave (it may be canceled). */
export function isUnfinished(status: VideoStatus): boolean {
  return !isTerminalVideoStatus(status);
}

/** The human label and explanation of a status. */
export function describeStatus(status: VideoStatus) {
  return STATUS[status];
}

/** A video's status as a coloured badge; unfinished ones get a pulsing dot. */
export function StatusBadge({ status }: { status: VideoStatus }) {
  const { label, tone, description } = STATUS[status];
  return (
    <Badge tone={tone} title={description}>
      {isUnfinished(status) ? (
        <span
          aria-hidden="true"
          className="h-1.5 w-1.5 rounded-full bg-current motion-safe:animate-pulse"
        />
      ) : null}
      {label}
    </Badge>
  );
}
