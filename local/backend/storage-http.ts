/**
 * File storage over HTTP: serves stored files at the URLs `ctx.storage.getUrl`
 * returns (`<api origin>/api/storage/<storageId>`), with byte ranges so a
 * browser `<video>` can play and seek them, and accepts uploads at the URLs
 * `ctx.storage.generateUploadUrl` returns.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine } from "./engine.js";
import { readBody, sendJson } from "./http-util.js";
import { tableOfId } from "./internals.js";

/** Recognises common media types for files stored without a content type. */
export function sniffContentType(head: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) =>
    String.fromCharCode(...head.subarray(from, to));
  if (ascii(4, 8) === "ftyp")
    return ascii(8, 10) === "qt" ? "video/quicktime" : "video/mp4";
  if (
    head[0] === 0x1a &&
    head[1] === 0x45 &&
    head[2] === 0xdf &&
    head[3] === 0xa3
  )
    return "video/webm";
  if (ascii(0, 4) === "\x89PNG") return "image/png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff)
    return "image/jpeg";
  if (ascii(0, 4) === "GIF8") return "image/gif";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return undefined;
}

/** Parses a single `bytes=` range; null when absent or not satisfiable. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "invalid" | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.split(",")[0].trim());
  if (match === null || (match[1] === "" && match[2] === "")) return "invalid";
  let start: number;
  let end: number;
  if (match[1] === "") {
    // A suffix range: the last N bytes.
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? "invalid" : { start, end };
}

/** Serves `GET`/`HEAD /api/storage/<storageId>`. */
export async function serveStoredFile(
  engine: Engine,
  storageId: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { db } = engine.internals;
  const exists =
    tableOfId(storageId) === "_storage" &&
    db._documents[storageId] !== undefined;
  const blob = exists ? db._storage[storageId] : undefined;
  if (blob === undefined) {
    sendJson(response, 404, {
      code: "FileNotFound",
      message: `File ${storageId} not found`,
    });
    return;
  }
  const size = blob.size;
  const contentType =
    blob.type ||
    sniffContentType(new Uint8Array(await blob.slice(0, 16).arrayBuffer())) ||
    "application/octet-stream";
  response.setHeader("Content-Type", contentType);
  response.setHeader("Accept-Ranges", "bytes");
  response.setHeader("Cache-Control", "private, max-age=3600");
  const range = parseRange(request.headers.range, size);
  if (range === "invalid") {
    response.writeHead(416, { "Content-Range": `bytes */${size}` });
    response.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = Math.max(0, end - start + 1);
  response.setHeader("Content-Length", length);
  if (range !== null)
    response.setHeader("Content-Range", `bytes ${start}-${end}/${size}`);
  response.writeHead(range === null ? 200 : 206);
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  response.end(Buffer.from(await blob.slice(start, end + 1).arrayBuffer()));
}

/** Serves `POST /api/storage/upload?token=...`: stores the body, answers `{ storageId }`. */
export async function acceptUpload(
  engine: Engine,
  token: string | null,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (token === null || !engine.internals.takeUploadToken(token)) {
    sendJson(response, 401, {
      code: "InvalidUploadToken",
      message: "The upload URL is invalid or expired",
    });
    return;
  }
  const bytes = await readBody(request);
  const type = request.headers["content-type"] ?? "";
  const storageId = await engine.storeFile(
    new Blob([new Uint8Array(bytes)], { type }),
  );
  sendJson(response, 200, { storageId });
}
