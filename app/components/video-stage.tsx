/**
 * The big area of a video page: the player when ready (with a text
 * alternative: generated videos carry no captions), honest progress while
 * generating, and what happened (and the refund) when it failed or was
 * canceled.
 */
import { formatCredits } from "~/utils/misc";
import { useHydrated } from "~/utils/use-hydrated";
import { isUnfinished } from "./ui/status-badge";
import { VideoProgress } from "./video-progress";
import type { VideoView } from "./video-types";

/** "90 credits refunded" once refunded, else that the refund is on its way. */
export function refundText(
  video: Pick<VideoView, "creditsCost" | "refunded">,
): string {
  return video.refunded
    ? `${formatCredits(video.creditsCost)} refunded to your balance.`
    : `${formatCredits(video.creditsCost)} will be refunded to your balance.`;
}

/**
 * A generated video with a text alternative: the prompt it was made from,
 * tied to the player with `aria-describedby`, since the model adds no
 * captions (WCAG 1.2.1, media alternative).
 */
export function VideoPlayer({
  src,
  prompt,
  id,
}: {
  src: string;
  prompt: string;
  id: string;
}) {
  const describedBy = `${id}-alternative`;
  return (
    <figure className="space-y-2">
      <video
        controls
        playsInline
        preload="metadata"
        src={src}
        className="aspect-video w-full rounded-lg bg-black"
        aria-label="Generated video"
        aria-describedby={describedBy}
      >
        <a href={src}>Open the video file</a>
      </video>
      <figcaption id={describedBy} className="text-sm text-slate-600">
        <span className="font-medium text-slate-800">Text alternative:</span> a
        silent, AI-generated clip showing “{prompt}”. It has no speech or
        captions.
      </figcaption>
    </figure>
  );
}

export function VideoStage({
  video,
  typicalSeconds,
}: {
  video: VideoView;
  typicalSeconds?: number | null;
}) {
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
            <VideoPlayer
              src={url}
              prompt={video.prompt}
              id={`${video._id}-${index}`}
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
      <VideoPlayer src={video.outputUrl} prompt={video.prompt} id={video._id} />
    );
  }
  const unfinished = isUnfinished(video.status);
  return (
    <div className="flex aspect-video w-full flex-col justify-center gap-4 rounded-lg border border-slate-200 bg-slate-900 p-6 text-white">
      {unfinished ? (
        <>
          <VideoProgress
            video={video}
            typicalSeconds={typicalSeconds}
            tone="dark"
          />
          <p className="text-sm text-slate-300">
            {hydrated
              ? "This page updates by itself. You can leave and come back."
              : "Reload the page to see the latest progress."}
          </p>
        </>
      ) : video.status === "succeeded" ? (
        <p className="text-center text-lg font-semibold">
          The video is ready but its file is still being saved…
        </p>
      ) : (
        <div className="text-center">
          <p className="text-lg font-semibold">
            {video.status === "failed"
              ? "This video could not be made."
              : "This video was canceled."}
          </p>
          <p className="text-sm text-slate-300">{refundText(video)}</p>
        </div>
      )}
    </div>
  );
}
