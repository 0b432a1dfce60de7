/**
 * The big area of a video page: the player when ready, live progress while
 * generating, and what happened (and the refund) when it failed or was
 * canceled.
 */
import { formatCredits } from "~/utils/misc";
import { useHydrated } from "~/utils/use-hydrated";
import { describeStatus, isUnfinished } from "./ui/status-badge";
import { ProgressBar } from "./ui/progress-bar";
import type { VideoView } from "./video-types";

/** "90 credits refunded" once refunded, else that the refund is on its way. */
export function refundText(
  video: Pick<VideoView, "creditsCost" | "refunded">,
): string {
  return video.refunded
    ? `${formatCredits(video.creditsCost)} refunded to your balance.`
    : `${formatCredits(video.creditsCost)} will be refunded to your balance.`;
}

export function VideoStage({ video }: { video: VideoView }) {
  // Live updates need JavaScript; without it, say how to see progress.
  const hydrated = useHydrated();
  const urls = video.outputUrls ?? (video.outputUrl ? [video.outputUrl] : []);
  if (video.status === "succeeded" && urls.length > 1) {
    // Several outputs: a grid, each playable and downloadable.
    return (
      <ul
        aria-label={`${urls.length} outputs`}
        className="grid gap-4 sm:grid-cols-2"
      >
        {urls.map((url, index) => (
          <li key={url + index} className="space-y-2">
            <video
              controls
              playsInline
              preload="metadata"
              src={url}
              className="aspect-video w-full rounded-lg bg-black"
              aria-label={`Output ${index + 1} of ${urls.length}: ${video.prompt.slice(0, 100)}`}
            />
            <a
              href={url}
              download={`video-${video._id}-${index + 1}.mp4`}
              className="text-sm font-semibold text-indigo-700 underline"
            >
              Download output {index + 1}
            </a>
          </li>
        ))}
      </ul>
    );
  }
  if (video.status === "succeeded" && video.outputUrl) {
    return (
      <video
        controls
        playsInline
        preload="metadata"
        src={video.outputUrl}
        className="aspect-video w-full rounded-lg bg-black"
        aria-label={`Generated video: ${video.prompt.slice(0, 120)}`}
      >
        <a href={video.outputUrl}>Download the video</a>
      </video>
    );
  }
  const unfinished = isUnfinished(video.status);
  const failed = video.status === "failed";
  return (
    <div className="flex aspect-video w-full flex-col items-center justify-center gap-4 rounded-lg border border-slate-200 bg-slate-900 p-6 text-center text-white">
      {unfinished ? (
        <>
          <p className="text-lg font-semibold">
            {describeStatus(video.status).description}
          </p>
          <div className="w-full max-w-md">
            <ProgressBar
              value={video.status === "processing" ? video.progress : undefined}
              label="Generation progress"
            />
            <p className="mt-2 text-sm text-slate-300" aria-live="polite">
              {video.status === "processing" &&
              typeof video.progress === "number"
                ? `${Math.round(video.progress)}% done`
                : video.status === "pending"
                  ? "Queued — starting shortly."
                  : "Working…"}
            </p>
          </div>
          <p className="text-sm text-slate-300">
            {hydrated
              ? "This page updates by itself. You can leave and come back."
              : "Reload the page to see the latest progress."}
          </p>
        </>
      ) : video.status === "succeeded" ? (
        <p className="text-lg font-semibold">
          The video is ready but its file is still being saved…
        </p>
      ) : (
        <>
          <p className="text-lg font-semibold">
            {failed
              ? "This video could not be made."
              : "This video was canceled."}
          </p>
          <p className="text-sm text-slate-300">{refundText(video)}</p>
        </>
      )}
    </div>
  );
}
