/**
 * What a creator can do with one of their videos, wherever it is shown:
 * "Try again" (first for a failed or canceled one) and "Reuse settings"
 * fill the create form — in place on /create, through `/create?from=<id>`
 * elsewhere — and "Download" saves the file under a name made from the
 * prompt (`/videos/<id>/download`).
 */
import { Link } from "@remix-run/react";
import { cx } from "~/utils/misc";
import { Button, buttonClasses } from "./ui/button";
import type { VideoView } from "./video-types";

export type ReuseHandler = (video: VideoView, generate: boolean) => void;

export function reuseUrl(videoId: string): string {
  return `/create?${new URLSearchParams({ from: videoId })}`;
}

export function VideoActions({
  video,
  onReuse,
  showOpen = false,
  className,
}: {
  video: VideoView;
  /** On /create: fill the form in place (and generate when `generate`). */
  onReuse?: ReuseHandler;
  showOpen?: boolean;
  className?: string;
}) {
  const failed = video.status === "failed" || video.status === "canceled";
  const ready = video.status === "succeeded" && !!video.outputUrl;
  const about = ` for “${video.prompt.slice(0, 40)}”`;
  const reuse = onReuse ? (
    <Button size="sm" variant="secondary" onClick={() => onReuse(video, false)}>
      Reuse settings<span className="sr-only">{about}</span>
    </Button>
  ) : (
    <Link to={reuseUrl(video._id)} className={buttonClasses("secondary", "sm")}>
      Reuse settings<span className="sr-only">{about}</span>
    </Link>
  );
  const again = onReuse ? (
    <Button
      size="sm"
      variant={failed ? "primary" : "secondary"}
      onClick={() => onReuse(video, true)}
    >
      Try again<span className="sr-only">{about}</span>
    </Button>
  ) : (
    <Link
      to={reuseUrl(video._id)}
      className={buttonClasses(failed ? "primary" : "secondary", "sm")}
    >
      Try again<span className="sr-only">{about}</span>
    </Link>
  );
  return (
    <div className={cx("flex flex-wrap gap-2", className)}>
      {failed ? again : null}
      {reuse}
      {ready ? (
        <a
          href={`/videos/${video._id}/download`}
          download
          className={buttonClasses("secondary", "sm")}
        >
          Download<span className="sr-only">{about}</span>
        </a>
      ) : null}
      {!failed ? again : null}
      {showOpen ? (
        <Link
          to={`/videos/${video._id}`}
          className={buttonClasses("ghost", "sm")}
        >
          Details<span className="sr-only">{about}</span>
        </Link>
      ) : null}
    </div>
  );
}
