/** One video in the "My videos" list: a link to its page with status and facts. */
import { Link } from "@remix-run/react";
import { formatCredits, formatQuality } from "~/utils/misc";
import { DateTime } from "./ui/date-time";
import { ProgressBar } from "./ui/progress-bar";
import { isUnfinished, StatusBadge } from "./ui/status-badge";
import type { VideoView } from "./video-types";

/** The model's name is snapshotted on the video, so renamed or deleted models still read right. */
export function VideoCard({ video }: { video: VideoView }) {
  const modelName = video.modelName ?? video.model;
  return (
    <li>
      <Link
        to={`/videos/${video._id}`}
        className="group flex h-full flex-col overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm hover:border-indigo-300 hover:shadow focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        <div className="relative aspect-video bg-slate-900">
          {video.status === "succeeded" && video.outputUrl ? (
            // A muted, control-less preview; the video page has the player.
            <video
              src={video.outputUrl}
              muted
              playsInline
              preload="metadata"
              className="h-full w-full object-cover"
            />
          ) : (
            <div className="flex h-full flex-col items-center justify-center gap-3 p-4 text-sm text-slate-200">
              {isUnfinished(video.status) ? (
                <ProgressBar
                  value={
                    video.status === "processing" ? video.progress : undefined
                  }
                  label={`Progress of “${video.prompt.slice(0, 40)}”`}
                  className="max-w-[12rem]"
                />
              ) : (
                <span>
                  {video.status === "failed"
                    ? "Generation failed · refunded"
                    : "Canceled · refunded"}
                </span>
              )}
            </div>
          )}
          <span className="absolute left-2 top-2">
            <StatusBadge status={video.status} />
          </span>
        </div>
        <div className="flex flex-1 flex-col gap-2 p-4">
          <p className="line-clamp-2 font-medium text-slate-900 group-hover:text-indigo-800">
            {video.prompt}
          </p>
          <p className="text-sm text-slate-600">
            {modelName} · {video.duration} s · {formatQuality(video.quality)} ·{" "}
            {formatCredits(video.creditsCost)}
          </p>
          <p className="mt-auto text-xs text-slate-600">
            <DateTime value={video.createdAt} />
          </p>
        </div>
      </Link>
    </li>
  );
}
