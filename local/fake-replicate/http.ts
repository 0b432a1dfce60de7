import type { IncomingMessage, ServerResponse } from "node:http";

/** Requests larger than this are refused; prediction bodies are tiny. */
const MAX_BODY_BYTES = 1_000_000;

/** Thrown for a body that cannot be read as JSON; the server answers it with 400. */
export class BadRequestError extends Error {}

/**
 * Reads the request body and parses it as JSON.
 * @returns the parsed value, or `undefined` for an empty body.
 * @throws BadRequestError when the body is too large or not valid JSON.
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new BadRequestError("Request body too large.");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError(
      "JSON parse error - request body is not valid JSON.",
    );
  }
}

/** Writes `body` as a JSON response with the given status and extra headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/** Answers with Replicate's body for a rejected call: 401 unauthenticated, 429 throttled, 500. */
export function sendRejection(
  response: ServerResponse,
  status: 401 | 429 | 500,
): void {
  if (status === 429) {
    // Retry-After in seconds, as Replicate sends it.
    sendJson(
      response,
      429,
      {
        detail: "Request was throttled. Expected available in 1 second.",
        status: 429,
      },
      { "retry-after": "1" },
    );
  } else if (status === 500) {
    sendJson(response, 500, { detail: "Internal server error" });
  } else {
    sendJson(response, 401, {
      title: "Unauthenticated",
      detail: "You did not pass a valid authentication token",
      status: 401,
    });
  }
}

/**
 * Serves `video` as `video/mp4`, honouring a single `Range: bytes=...` header with 206 so a
 * browser `<video>` can seek (Chromium and Safari insist on range support). Multi-range requests
 * get the whole file (200), which HTTP allows; an unsatisfiable range gets 416.
 */
export function sendVideo(
  request: IncomingMessage,
  response: ServerResponse,
  video: Buffer,
): void {
  const size = video.length;
  const baseHeaders = {
    "content-type": "video/mp4",
    "accept-ranges": "bytes",
    "cache-control": "public, max-age=3600",
    "access-control-allow-origin": "*",
  };
  const range = parseRange(request.headers.range, size);
  const sendBody = request.method !== "HEAD";

  if (range === "unsatisfiable") {
    response.writeHead(416, {
      ...baseHeaders,
      "content-range": `bytes */${size}`,
    });
    response.end();
    return;
  }
  if (range === null) {
    response.writeHead(200, { ...baseHeaders, "content-length": String(size) });
    response.end(sendBody ? video : undefined);
    return;
  }
  const { start, end } = range;
  response.writeHead(206, {
    ...baseHeaders,
    "content-length": String(end - start + 1),
    "content-range": `bytes ${start}-${end}/${size}`,
  });
  response.end(sendBody ? video.subarray(start, end + 1) : undefined);
}

/**
 * @returns inclusive byte bounds for a single satisfiable range, `null` to serve the whole file
 *          (no header, a malformed one, or several ranges), or `"unsatisfiable"`.
 */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | "unsatisfiable" {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") {
    // Suffix form "bytes=-N": the last N bytes.
    const length = Number(match[2]);
    if (length === 0) return "unsatisfiable";
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
