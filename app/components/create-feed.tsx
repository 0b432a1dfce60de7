/**
 * The live feed beside the create form (ADR 0045): the creator's latest
 * videos, newest first, each with its honest progress while it renders, the
 * player when ready, and actions that put its settings back into the form.
 */
import { Link } from "@remix-run/react";
import { formatCredits, formatQuality } from "~/utils/misc";
import { VideoActions, type ReuseHandler } from "./video-actions";
import { LiveStatusBadge, VideoProgress } from "./video-progress";
import type { VideoView } from "./video-types";
import { EmptyState } from "~/components/ui/empty-state";

export function CreateFeed({
  videos,
  typicalSeconds,
  onReuse,
}: {
  videos: VideoView[];
  /** modelId → typical generation time (s). */
  typicalSeconds: Map<string, number | null>;
  onReuse: ReuseHandler;
}) {
  return (
    <section aria-labelledby="feed-heading" id="feed" className="space-y-4">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="feed-heading" className="text-lg font-semibold text-slate-900">
          Your latest videos
        </h2>
        <Link
          to="/videos"
          className="text-sm font-medium text-indigo-700 hover:underline"
        >
          All videos
        </Link>
      </div>
      {videos.length === 0 ? (
        <EmptyState className="text-sm">
          Your videos appear here as soon as you press Generate, with their
          progress. Several can render at once.
        </EmptyState>
      ) : (
        <ol className="space-y-4" aria-label="Videos, newest first">
          {videos.map((video) => (
            <FeedCard
              key={video._id}
              video={video}
              typicalSeconds={typicalSeconds.get(video.model) ?? null}
              onReuse={onReuse}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function FeedCard({
  video,
  typicalSeconds,
  onReuse,
}: {
  video: VideoView;
  typicalSeconds: number | null;
  onReuse: ReuseHandler;
}) {
  const ready = video.status === "succeeded" && !!video.outputUrl;
  return (
    <li
      className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm"
      data-testid="feed-card"
      data-status={video.status}
    >
      {ready ? (
        <video
          controls
          muted
          playsInline
          preload="metadata"
          src={video.outputUrl}
          className="aspect-video w-full bg-black"
          aria-label={`Video: ${video.prompt.slice(0, 120)}`}
        />
      ) : null}
      <div className="space-y-3 p-4">
        <div className="flex items-start justify-between gap-3">
          <p className="line-clamp-2 min-w-0 break-words font-medium text-slate-900">
            <Link
              to={`/videos/${video._id}`}
              className="hover:text-indigo-800 hover:underline"
            >
              {video.prompt}
            </Link>
          </p>
          <LiveStatusBadge video={video} typicalSeconds={typicalSeconds} />
        </div>
        <p className="text-xs text-slate-600">
          {video.modelName ?? video.model} · {video.duration} s ·{" "}
          {formatQuality(video.quality)} · {formatCredits(video.creditsCost)}
        </p>
        {ready ? null : (
          <VideoProgress video={video} typicalSeconds={typicalSeconds} />
        )}
        <VideoActions video={video} onReuse={onReuse} />
      </div>
    </li>
  );
}
