/**
 * Videos as a compact table for admins (the dashboard's recent videos, a
 * user's videos): when, prompt (linking to the video page, which admins may
 * open for any video), status, creator (when known), model, length and
 * quality, cost, creation time.
 */
import { Link } from "@remix-run/react";
import { cx, formatCredits, formatQuality } from "~/utils/misc";
import { DateTime } from "../ui/date-time";
import { StatusBadge } from "../ui/status-badge";
import type { VideoView } from "../video-types";
import { ScrollTable, Td, Th } from "./table";
import { EmptyState } from "~/components/ui/empty-state";

/**
 * Creator and model cells wrap, at most this wide, so the table fits its card
 * on a 1280 px screen with the creation time in view; an unbroken name longer
 * than that breaks inside. (Unwrapped, a 30-character email pushed the
 * "Created" column out of the card.)
 */
const WRAPPING = "block max-w-[12rem] break-words";

/** An email that, when it wraps, breaks before the "@" first. */
function EmailWithBreak({ email }: { email: string }) {
  const at = email.lastIndexOf("@");
  if (at <= 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}

/** Videos in a scrolling table, or `empty` when there are none. */
export function VideoTable({
  videos,
  caption,
  empty = "No videos yet.",
}: {
  videos: (VideoView & { userEmail?: string })[];
  caption: string;
  empty?: string;
}) {
  // The creator column appears where rows carry it (the dashboard).
  const showCreator = videos.some((video) => video.userEmail !== undefined);
  if (videos.length === 0) {
    return <EmptyState>{empty}</EmptyState>;
  }
  return (
    <ScrollTable caption={caption}>
      <thead className="bg-slate-50">
        <tr>
          <Th>Prompt</Th>
          <Th>Status</Th>
          {showCreator ? <Th>Creator</Th> : null}
          <Th>Model</Th>
          <Th>Video</Th>
          <Th align="right">Cost</Th>
          <Th>Created</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {videos.map((video) => (
          <tr key={video._id} className="align-top">
            <Td className="min-w-[12rem] max-w-md">
              <Link
                to={`/videos/${video._id}`}
                className="line-clamp-2 font-medium text-indigo-700 underline-offset-2 hover:underline"
              >
                {video.prompt}
              </Link>
            </Td>
            <Td>
              <StatusBadge video={video} />
            </Td>
            {showCreator ? (
              <Td>
                {video.userEmail ? (
                  <Link
                    to={`/admin/users/${encodeURIComponent(video.userEmail)}`}
                    className={cx(
                      WRAPPING,
                      "text-indigo-700 underline-offset-2 hover:underline",
                    )}
                  >
                    <EmailWithBreak email={video.userEmail} />
                  </Link>
                ) : (
                  "—"
                )}
              </Td>
            ) : null}
            <Td>
              <span className={WRAPPING}>{video.modelName ?? video.model}</span>
            </Td>
            <Td className="whitespace-nowrap text-slate-700">
              {video.duration} s · {formatQuality(video.quality)}
            </Td>
            <Td align="right" className="whitespace-nowrap">
              {formatCredits(video.creditsCost)}
            </Td>
            <Td className="whitespace-nowrap text-slate-700">
              <DateTime value={video.createdAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
