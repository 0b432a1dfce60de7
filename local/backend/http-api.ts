/**
 * Convex's HTTP API on the deployment URL, as `ConvexHttpClient` speaks it:
 * `POST /api/query`, `/api/mutation`, `/api/action` (and `/api/function`, of
 * any kind), plus file storage downloads and uploads.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import {
  callerFromAuthorization,
  TokenRejected,
  type TokenVerifier,
} from "./auth.js";
import type { Caller, Engine, FunctionKind } from "./engine.js";
import { readBody, sendJson, setCorsHeaders } from "./http-util.js";
import { acceptUpload, serveStoredFile } from "./storage-http.js";

/** What the API needs from the server. */
export interface ApiDeps {
  engine: Engine;
  verifier: TokenVerifier;
  adminKey: string;
}

/** The status `ConvexHttpClient` expects for a function that threw. */
const STATUS_FUNCTION_FAILED = 560;

const FUNCTION_ROUTES: Record<string, FunctionKind | "any"> = {
  "/api/query": "query",
  "/api/mutation": "mutation",
  "/api/action": "action",
  "/api/function": "any",
};

interface FunctionRequestBody {
  path?: unknown;
  args?: unknown;
}

/** `args` is `[argsObject]` on the typed endpoints and the bare object on `/api/function`. */
function parseArgs(args: unknown): Record<string, Value> {
  const json = (Array.isArray(args) ? args[0] : args) ?? {};
  return jsonToConvex(json as JSONValue) as Record<string, Value>;
}

async function callFunction(
  deps: ApiDeps,
  kind: FunctionKind | "any",
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let caller: Caller;
  try {
    caller = await callerFromAuthorization(
      request.headers.authorization,
      deps.verifier,
      deps.adminKey,
    );
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    sendJson(response, 401, {
      code: "Unauthenticated",
      message: error.message,
    });
    return;
  }
  let body: FunctionRequestBody;
  let args: Record<string, Value>;
  try {
    body = JSON.parse(
      (await readBody(request)).toString("utf8"),
    ) as FunctionRequestBody;
    args = parseArgs(body.args);
  } catch (error) {
    sendJson(response, 400, { code: "BadJsonBody", message: String(error) });
    return;
  }
  if (typeof body.path !== "string") {
    sendJson(response, 400, {
      code: "BadJsonBody",
      message: "Missing function `path`",
    });
    return;
  }
  const outcome = await deps.engine.call({
    kind,
    path: body.path,
    args,
    caller,
    source: "http",
  });
  if (outcome.success) {
    sendJson(response, 200, {
      status: "success",
      value: outcome.value,
      logLines: [],
    });
  } else {
    sendJson(response, STATUS_FUNCTION_FAILED, {
      status: "error",
      errorMessage: outcome.errorMessage,
      errorData: outcome.errorData,
      logLines: [],
    });
  }
}

/** Handles one request to the deployment URL. */
export async function handleApiRequest(
  deps: ApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  setCorsHeaders(request, response);
  const url = new URL(request.url ?? "/", "http://localhost");
  const method = request.method ?? "GET";
  if (method === "OPTIONS") {
    response.writeHead(204);
    response.end();
    return;
  }
  const kind = FUNCTION_ROUTES[url.pathname];
  if (kind !== undefined && method === "POST") {
    await callFunction(deps, kind, request, response);
    return;
  }
  if (url.pathname === "/api/storage/upload" && method === "POST") {
    await acceptUpload(
      deps.engine,
      url.searchParams.get("token"),
      request,
      response,
    );
    return;
  }
  const storage = /^\/api\/storage\/([^/]+)$/.exec(url.pathname);
  if (storage !== null && (method === "GET" || method === "HEAD")) {
    await serveStoredFile(
      deps.engine,
      decodeURIComponent(storage[1]),
      request,
      response,
    );
    return;
  }
  if (url.pathname === "/" && method === "GET") {
    response.writeHead(200, { "Content-Type": "text/plain" });
    response.end(
      "This Convex deployment is running locally (local/backend).\n",
    );
    return;
  }
  sendJson(response, 404, {
    code: "NotFound",
    message: `No route for ${method} ${url.pathname}`,
  });
}
