/**
 * Reading a Replicate model version's OpenAPI schema into the catalogue's
 * input definitions, and comparing two of them (issue 13 "Import from
 * Replicate"). Facts (Replicate API, Cog): the inputs are
 * `components.schemas.Input` (`properties`, `required`, each property with
 * `type`, `title`, `description`, `default`, `minimum`, `maximum`,
 * `x-order`, `format: "uri"` for files); an enum input is
 * `allOf: [{ $ref: "#/components/schemas/<name>" }]` and the referenced
 * schema holds `{ type, enum }`. Pure code, no `ctx`.
 */
import {
  INPUT_NAME_PATTERN,
  PLATFORM_INPUTS,
  type ModelInputDef,
} from "./modelInputs";

/** An input read from a schema: a definition plus what the schema says. */
export type ImportedInput = ModelInputDef & {
  required: boolean;
};

/** An input the create form cannot offer (e.g. an array), with why. */
export type SkippedInput = { name: string; reason: string };

/** What an import reads from one version's schema. */
export type ParsedSchema = {
  inputs: ImportedInput[];
  skipped: SkippedInput[];
  /** The `duration` input's enum, or its default alone, in seconds. */
  durations: number[];
  /** True when `duration` has a single allowed value (a fixed-duration model). */
  fixedDuration?: number;
  /** True when the version takes `num_outputs` (several outputs). */
  maxOutputs?: number;
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Follows a local `$ref` (`#/components/schemas/x`) inside the document. */
function resolveRef(doc: Json, ref: string): Json | null {
  if (!ref.startsWith("#/")) return null;
  let node: unknown = doc;
  for (const part of ref.slice(2).split("/")) {
    if (!isObject(node)) return null;
    node = node[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return isObject(node) ? node : null;
}

/**
 * A property with its `$ref`, `allOf` and `anyOf` parts merged in (the
 * property's own keys win), so `{ allOf: [{ $ref }], default }` reads as
 * `{ type, enum, default }`.
 */
function flatten(doc: Json, property: Json, depth = 0): Json {
  if (depth > 5) return property;
  let merged: Json = {};
  const parts: unknown[] = [];
  if (typeof property.$ref === "string") parts.push({ $ref: property.$ref });
  if (Array.isArray(property.allOf)) parts.push(...property.allOf);
  if (Array.isArray(property.anyOf)) {
    // Optional inputs are sometimes `anyOf: [X, { type: "null" }]`.
    parts.push(
      ...property.anyOf.filter((p) => !(isObject(p) && p.type === "null")),
    );
  }
  for (const part of parts) {
    if (!isObject(part)) continue;
    const target =
      typeof part.$ref === "string" ? resolveRef(doc, part.$ref) : part;
    if (target !== null)
      merged = { ...merged, ...flatten(doc, target, depth + 1) };
  }
  const { $ref: _r, allOf: _a, anyOf: _o, ...own } = property;
  return { ...merged, ...own };
}

const IMAGE_HINT = /image|frame|photo|picture/i;

const humanise = (name: string) =>
  name
    .split("_")
    .filter(Boolean)
    .map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(" ");

const asNumber = (v: unknown) =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;

/**
 * Reads `components.schemas.Input` of a version's OpenAPI document.
 * `prompt` and `duration` are the platform's own (duration becomes the
 * supported durations), `num_outputs` becomes `maxOutputs`; every other
 * property becomes a creator input of the matching kind (enum, boolean,
 * integer, number, string, or image for a `uri` that looks like an image),
 * or is listed in `skipped` with the reason.
 * @throws Error when the document has no Input schema.
 */
export function parseVersionSchema(openapi: unknown): ParsedSchema {
  if (!isObject(openapi)) throw new Error("The version has no OpenAPI schema.");
  const components = openapi.components;
  const schemas = isObject(components) ? components.schemas : undefined;
  const input = isObject(schemas) ? schemas.Input : undefined;
  if (!isObject(input) || !isObject(input.properties))
    throw new Error("The version's schema has no Input properties.");
  const required = new Set(
    Array.isArray(input.required) ? (input.required as string[]) : [],
  );
  const entries = Object.entries(input.properties)
    .filter((e): e is [string, Json] => isObject(e[1]))
    .map(([name, raw]) => [name, flatten(openapi, raw)] as const)
    .sort(
      ([, a], [, b]) =>
        (asNumber(a["x-order"]) ?? 1e9) - (asNumber(b["x-order"]) ?? 1e9),
    );

  const parsed: ParsedSchema = { inputs: [], skipped: [], durations: [] };
  for (const [name, prop] of entries) {
    const options = Array.isArray(prop.enum)
      ? (prop.enum as unknown[]).filter(
          (o): o is string | number =>
            typeof o === "string" || typeof o === "number",
        )
      : undefined;
    if (name === "prompt") continue;
    if (name === "duration") {
      const values = (options ?? []).filter(
        (o): o is number => typeof o === "number",
      );
      const fallback = asNumber(prop.default);
      parsed.durations =
        values.length > 0 ? values : fallback !== undefined ? [fallback] : [];
      if (parsed.durations.length === 1)
        parsed.fixedDuration = parsed.durations[0];
      continue;
    }
    if (name === "num_outputs") {
      parsed.maxOutputs = Math.max(1, Math.min(4, asNumber(prop.maximum) ?? 4));
      continue;
    }
    if ((PLATFORM_INPUTS as readonly string[]).includes(name)) continue;
    if (!INPUT_NAME_PATTERN.test(name)) {
      parsed.skipped.push({ name, reason: "name not supported" });
      continue;
    }
    const base = {
      name,
      label: humanise(name),
      ...(typeof prop.description === "string" && prop.description.trim()
        ? { description: prop.description.trim().slice(0, 300) }
        : {}),
      required: required.has(name),
    };
    // A default is kept only when it fits the input (catalogue validation
    // refuses the rest): one of the options, or of the input's own type.
    const def = prop.default;
    if (options !== undefined && options.length > 0) {
      parsed.inputs.push({
        ...base,
        type: "enum",
        options,
        ...(options.includes(def as string | number)
          ? { default: def as string | number }
          : {}),
      });
      continue;
    }
    switch (prop.type) {
      case "boolean":
        parsed.inputs.push({
          ...base,
          type: "boolean",
          ...(typeof def === "boolean" ? { default: def } : {}),
        });
        break;
      case "integer":
      case "number": {
        const min = asNumber(prop.minimum);
        const max = asNumber(prop.maximum);
        parsed.inputs.push({
          ...base,
          type: prop.type,
          ...(min !== undefined ? { min } : {}),
          ...(max !== undefined ? { max } : {}),
          ...(typeof def === "number" ? { default: def } : {}),
        });
        break;
      }
      case "string": {
        if (prop.format === "uri") {
          if (
            IMAGE_HINT.test(name) ||
            IMAGE_HINT.test(String(prop.description))
          )
            parsed.inputs.push({ ...base, type: "image" });
          else
            parsed.skipped.push({
              name,
              reason: "a file that is not an image",
            });
          break;
        }
        const maxLength = asNumber(prop.maxLength);
        parsed.inputs.push({
          ...base,
          type: "string",
          ...(maxLength !== undefined ? { maxLength } : {}),
          ...(typeof def === "string" ? { default: def } : {}),
        });
        break;
      }
      default:
        parsed.skipped.push({
          name,
          reason: `type ${String(prop.type ?? "unknown")} is not offered to creators`,
        });
    }
  }
  return parsed;
}

/** One difference between the exposed inputs and a newer schema. */
export type SchemaChange = {
  name: string;
  kind: "added" | "removed" | "changed";
  /** For people, e.g. `options 16:9, 9:16 → 16:9, 9:16, 1:1`. */
  detail: string;
};

const describe = (def: ModelInputDef) =>
  [
    def.type,
    def.options ? `options ${def.options.join(", ")}` : "",
    def.default !== undefined ? `default ${String(def.default)}` : "",
    def.min !== undefined ? `min ${def.min}` : "",
    def.max !== undefined ? `max ${def.max}` : "",
    def.maxLength !== undefined ? `maxLength ${def.maxLength}` : "",
  ]
    .filter(Boolean)
    .join(", ");

/** Options compared as sets: the order an admin chose is not a change. */
function sameOptions(
  a: readonly (string | number)[] | undefined,
  b: readonly (string | number)[] | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  const set = new Set(b);
  return a.length === b.length && a.every((o) => set.has(o));
}

/**
 * What changed between a model's stored inputs and a newly imported schema:
 * inputs the schema added (available to expose), exposed inputs it removed
 * (they would be refused by Replicate), and exposed inputs whose type,
 * options, default or limits changed. Labels and descriptions are the
 * admin's and are not compared.
 */
export function diffInputs(
  stored: readonly ModelInputDef[],
  imported: readonly ModelInputDef[],
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const byName = new Map(imported.map((d) => [d.name, d]));
  for (const def of stored) {
    const next = byName.get(def.name);
    if (next === undefined) {
      changes.push({
        name: def.name,
        kind: "removed",
        detail: "no longer in the schema",
      });
      continue;
    }
    const before = describe(def);
    const after = describe(next);
    if (
      def.type !== next.type ||
      sameOptions(def.options, next.options) === false ||
      def.default !== next.default ||
      def.min !== next.min ||
      def.max !== next.max ||
      def.maxLength !== next.maxLength
    ) {
      changes.push({
        name: def.name,
        kind: "changed",
        detail: `${before} → ${after}`,
      });
    }
  }
  const storedNames = new Set(stored.map((d) => d.name));
  for (const def of imported) {
    if (!storedNames.has(def.name))
      changes.push({ name: def.name, kind: "added", detail: describe(def) });
  }
  return changes;
}

/**
 * Parses what an admin typed: `owner/name`, `owner/name:version`, or a
 * replicate.com URL of either.
 * @returns the parts, or null when it is none of those.
 */
export function parseModelReference(
  text: string,
): { owner: string; name: string; version?: string } | null {
  const trimmed = text
    .trim()
    .replace(/^https?:\/\/(www\.)?replicate\.com\//, "")
    .replace(/\/versions\//, ":")
    .replace(/\/+$/, "");
  const match = trimmed.match(
    /^([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)(?::([A-Za-z0-9]+))?$/,
  );
  if (match === null) return null;
  return match[3] === undefined
    ? { owner: match[1], name: match[2] }
    : { owner: match[1], name: match[2], version: match[3] };
}
