/**
 * Server-side Convex calls for loaders and actions (first paint and form
 * posts), over Convex's HTTP API with the caller's token.
 *
 * Loader helpers turn backend refusals into HTTP responses the route error
 * boundaries understand (401/403/404, 503 when the backend is unreachable);
 * actions catch `ConvexError`s themselves to show them next to the form.
 */
import { ConvexHttpClient } from "convex/browser";
import type {
  FunctionArgs,
  FunctionReference,
  FunctionReturnType,
} from "convex/server";
import { getEnv } from "./env.server";
import { errorCode, errorStatus } from "./errors";

/** A Convex HTTP client for one request, authenticated when `token` is given. */
export function convexClient(token?: string): ConvexHttpClient {
  const client = new ConvexHttpClient(getEnv().CONVEX_URL, { logger: false });
  if (token) client.setAuth(token);
  return client;
}

/**
 * Rethrows a failed loader call as a Response: a contract code gets its
 * status from app/utils/errors.ts (401, 403, 404, ...), an unreachable
 * backend 503; anything else unchanged (→ 500).
 */
export function toLoaderError(error: unknown): never {
  const code = errorCode(error);
  if (code) throw new Response(code, { status: errorStatus(code) });
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    console.error("Convex backend unreachable:", error.cause ?? error);
    throw new Response("The video service is not reachable right now.", {
      status: 503,
    });
  }
  throw error;
}

/**
 * Runs a public query for a loader.
 * @throws a Response (see `toLoaderError`) when the backend refuses.
 */
export async function loaderQuery<Query extends FunctionReference<"query">>(
  token: string | undefined,
  query: Query,
  args: FunctionArgs<Query>,
): Promise<FunctionReturnType<Query>> {
  try {
    return await convexClient(token).query(query, args);
  } catch (error) {
    toLoaderError(error);
  }
}
