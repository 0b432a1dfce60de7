/**
 * The HTTP-actions origin (the real `*.convex.site`): every request is routed
 * through `convex/http.ts` by convex-test's `t.fetch`, and the handler's
 * Response is streamed back.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { UserIdentity } from "convex/server";
import { TokenRejected, type TokenVerifier } from "./auth.js";
import type { Engine } from "./engine.js";
import { readBody } from "./http-util.js";

/** What the HTTP-actions server needs. */
export interface SiteDeps {
  engine: Engine;
  verifier: TokenVerifier;
  log: (line: string) => void;
}

function requestHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value])
      headers.append(name, item);
  }
  return headers;
}

/** A bearer token makes `ctx.auth.getUserIdentity()` work in the action; a bad one is ignored. */
async function identityOf(
  deps: SiteDeps,
  header: string | undefined,
): Promise<UserIdentity | null> {
  if (header?.startsWith("Bearer ") !== true) return null;
  try {
    return await deps.verifier.verify(header.slice("Bearer ".length).trim());
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    deps.log(`http-action: ignoring rejected token: ${error.message}`);
    return null;
  }
}

async function writeResponse(
  from: Response,
  to: ServerResponse,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  from.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = from.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (from.statusText) to.writeHead(from.status, from.statusText, headers);
  else to.writeHead(from.status, headers);
  if (from.body === null) {
    to.end();
    return;
  }
  const reader = from.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!to.write(value))
      await new Promise((resolve) => to.once("drain", resolve));
  }
  to.end();
}

/** Handles one request to the HTTP-actions origin. */
export async function handleSiteRequest(
  deps: SiteDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const method = request.method ?? "GET";
  const pathAndQuery = request.url ?? "/";
  const hasBody = method !== "GET" && method !== "HEAD";
  const init: RequestInit = {
    method,
    headers: requestHeaders(request),
    body: hasBody ? new Uint8Array(await readBody(request)) : undefined,
  };
  let result: Response;
  try {
    result = await deps.engine.fetchHttpAction(
      pathAndQuery,
      init,
      await identityOf(deps, request.headers.authorization),
    );
  } catch (error) {
    // What the real backend answers when the handler throws.
    result = new Response(
      error instanceof Error ? error.message : String(error),
      { status: 500 },
    );
  }
  const ms = (performance.now() - started).toFixed(0);
  deps.log(
    `http-action ${method} ${new URL(pathAndQuery, "http://localhost").pathname} ${result.status} ${ms}ms`,
  );
  await writeResponse(result, response);
}
