/**
 * `/videos/:videoId/download`: the video file as an attachment named after
 * the prompt (`a-lighthouse-at-dusk.mp4`). A resource route streams it from
 * storage, because a browser ignores `<a download>` for another origin (the
 * Convex storage URL) and would just navigate to the raw file (ADR 0047).
 * Owner (or admin) only, like the video page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { api } from "~/utils/api";
import { requireUser } from "~/utils/auth.server";
import { loaderQuery } from "~/utils/convex.server";
import { downloadFileName } from "~/utils/progress";

/** `Content-Disposition` with an ASCII name and its RFC 5987 UTF-8 twin. */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const video = await loaderQuery(user.token, api.videos.getVideo, {
    videoId: args.params.videoId ?? "",
  });
  if (!video) throw new Response("Video not found", { status: 404 });
  if (video.status !== "succeeded" || !video.outputUrl)
    throw new Response("This video has no file yet.", { status: 409 });
  const upstream = await fetch(video.outputUrl);
  if (!upstream.ok || !upstream.body)
    throw new Response("The file could not be read from storage.", {
      status: 502,
    });
  const headers = new Headers({
    "Content-Type": upstream.headers.get("Content-Type") ?? "video/mp4",
    "Content-Disposition": attachmentHeader(downloadFileName(video.prompt)),
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  });
  const length = upstream.headers.get("Content-Length");
  if (length) headers.set("Content-Length", length);
  return new Response(upstream.body, { status: 200, headers });
}
