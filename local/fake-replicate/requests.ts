import { WEBHOOK_EVENTS, type WebhookEvent } from "./predictions";

/** What the model endpoint returns as `version` for models run without a version (Replicate's official models). */
const HIDDEN_VERSION = "hidden";
/** The model reported for a bare version id, which the fake cannot map back to a model. */
const UNKNOWN_MODEL = "fake/unknown-model";

/** A validated create-prediction request. */
export interface CreateRequest {
  model: string;
  version: string;
  input: Record<string, unknown>;
  webhook: string | null;
  webhookEvents: ReadonlySet<WebhookEvent>;
}

/** One entry of Replicate's 422 `invalid_fields`. */
export interface InvalidField {
  type: "required" | "invalid_type" | "invalid";
  field: string;
  description: string;
}

/**
 * Validates a create-prediction body the way Replicate does for the fields the fake cares about.
 * @param body      the parsed JSON body.
 * @param routeModel `owner/name` from `/v1/models/{owner}/{name}/predictions`, or null for `/v1/predictions`,
 *                  where `version` may be a version id, `owner/name` or `owner/name:version`.
 * @returns the request, or the list of invalid fields for a 422.
 */
export function parseCreateRequest(
  body: unknown,
  routeModel: string | null,
): CreateRequest | InvalidField[] {
  const invalid: InvalidField[] = [];
  const fields = isPlainObject(body) ? body : {};
  const { input, webhook, webhook_events_filter: filter, version } = fields;

  if (input === undefined)
    invalid.push({
      type: "required",
      field: "input",
      description: "input is required",
    });
  else if (!isPlainObject(input)) {
    invalid.push({
      type: "invalid_type",
      field: "input",
      description: "Invalid type. Expected: object",
    });
  } else if (typeof input.prompt !== "string" || input.prompt.trim() === "") {
    invalid.push({
      type: "required",
      field: "input.prompt",
      description: "prompt is required",
    });
  }

  let model = routeModel ?? UNKNOWN_MODEL;
  let versionId = HIDDEN_VERSION;
  if (routeModel === null) {
    if (typeof version !== "string" || version === "") {
      invalid.push({
        type: "required",
        field: "version",
        description: "version is required",
      });
    } else {
      ({ model, version: versionId } = parseVersionReference(version));
    }
  }

  if (webhook !== undefined && webhook !== null && !isHttpUrl(webhook)) {
    invalid.push({
      type: "invalid",
      field: "webhook",
      description: "webhook must be an http(s) URL",
    });
  }
  let webhookEvents: ReadonlySet<WebhookEvent> = new Set(WEBHOOK_EVENTS);
  if (filter !== undefined && filter !== null) {
    if (
      !Array.isArray(filter) ||
      !filter.every((event) => WEBHOOK_EVENTS.includes(event as WebhookEvent))
    ) {
      invalid.push({
        type: "invalid",
        field: "webhook_events_filter",
        description: `webhook_events_filter must be a list of: ${WEBHOOK_EVENTS.join(", ")}`,
      });
    } else {
      webhookEvents = new Set(filter as WebhookEvent[]);
    }
  }

  if (invalid.length > 0 || !isPlainObject(input)) return invalid;
  return {
    model,
    version: versionId,
    input,
    webhook: typeof webhook === "string" ? webhook : null,
    webhookEvents,
  };
}

/** @returns Replicate's 422 body for `invalid`. */
export function validationErrorBody(
  invalid: InvalidField[],
): Record<string, unknown> {
  return {
    title: "Input validation failed",
    detail: invalid
      .map((field) => `- ${field.field}: ${field.description}\n`)
      .join(""),
    status: 422,
    invalid_fields: invalid,
  };
}

/**
 * Names the kind of a `/v1` call for the stats.
 * @param route the path segments after `/v1`, e.g. `["predictions", "<id>", "cancel"]`.
 */
export function classifyApiRoute(
  method: string,
  route: string[],
): "create" | "get" | "cancel" | "other" {
  const [first, second, third, fourth] = route;
  if (method === "POST" && route.length === 1 && first === "predictions")
    return "create";
  if (
    method === "POST" &&
    route.length === 4 &&
    first === "models" &&
    fourth === "predictions"
  )
    return "create";
  if (method === "GET" && route.length === 2 && first === "predictions")
    return "get";
  if (
    method === "POST" &&
    route.length === 3 &&
    first === "predictions" &&
    third === "cancel" &&
    second
  )
    return "cancel";
  return "other";
}

function parseVersionReference(reference: string): {
  model: string;
  version: string;
} {
  const match = reference.match(/^([^/:]+\/[^/:]+)(?::(.+))?$/);
  if (!match) return { model: UNKNOWN_MODEL, version: reference };
  return { model: match[1], version: match[2] ?? HIDDEN_VERSION };
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** @returns true for a JSON object (not null, not an array). */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
