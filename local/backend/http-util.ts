/** Small helpers shared by the API and HTTP-action servers. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Reads a whole request body. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sends a JSON response. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * CORS headers that let a browser app on another origin (the Remix app on
 * http://localhost:3000) call the API with an `Authorization` header and
 * read byte ranges of stored files.
 */
export function setCorsHeaders(
  request: IncomingMessage,
  response: ServerResponse,
): void {
  response.setHeader(
    "Access-Control-Allow-Origin",
    request.headers.origin ?? "*",
  );
  response.setHeader("Vary", "Origin");
  response.setHeader(
    "Access-Control-Allow-Methods",
    "GET, HEAD, POST, OPTIONS",
  );
  response.setHeader(
    "Access-Control-Allow-Headers",
    request.headers["access-control-request-headers"] ??
      "Content-Type, Authorization, Convex-Client",
  );
  response.setHeader(
    "Access-Control-Expose-Headers",
    "Content-Range, Accept-Ranges, Content-Length",
  );
  response.setHeader("Access-Control-Max-Age", "86400");
}
