/**
 * One video in the "My videos" list: its preview (or progress), status and
 * facts, a link to its page, and the actions that reuse its settings.
 */
import { Link } from "@remix-run/react";
import { formatCredits, formatQuality } from "~/utils/misc";
import { DateTime } from "./ui/date-time";
import { VideoActions } from "./video-actions";
import { LiveStatusBadge, VideoProgress } from "./video-progress";
import type { VideoView } from "./video-types";

/** The model's name is snapshotted on the video, so renamed or deleted models still read right. */
export function VideoCard({
  video,
  typicalSeconds,
}: {
  video: VideoView;
  typicalSeconds?: number | null;
}) {
  const modelName = video.modelName ?? video.model;
  const ready = video.status === "succeeded" && !!video.outputUrl;
  return (
    <li
      className="flex h-full flex-col overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm"
      data-testid="video-card"
    >
      <div className="relative aspect-video bg-slate-900">
        {ready ? (
          // A muted, control-less preview; the video page has the player.
          <video
            src={video.outputUrl}
            muted
            playsInline
            preload="metadata"
            aria-hidden="true"
            className="h-full w-full object-cover"
          />
        ) : (
          <div className="flex h-full flex-col justify-center bg-slate-50 p-4">
            <VideoProgress
              video={video}
              typicalSeconds={typicalSeconds}
              showLogs={false}
            />
          </div>
        )}
        <span className="absolute left-2 top-2">
          <LiveStatusBadge video={video} typicalSeconds={typicalSeconds} />
        </span>
      </div>
      <div className="flex flex-1 flex-col gap-2 p-4">
        <p className="line-clamp-2 break-words font-medium text-slate-900">
          <Link
            to={`/videos/${video._id}`}
            className="hover:text-indigo-800 hover:underline"
          >
            {video.prompt}
          </Link>
        </p>
        <p className="text-sm text-slate-600">
          {modelName} · {video.duration} s · {formatQuality(video.quality)} ·{" "}
          {formatCredits(video.creditsCost)}
        </p>
        <p className="text-xs text-slate-600">
          <DateTime value={video.createdAt} />
        </p>
        <VideoActions video={video} className="mt-auto pt-2" />
      </div>
    </li>
  );
}
