/**
 * Sorting of the compare table (`/compare?sort=&dir=`): the backend's one
 * ordering rule (`convex/lib/ordering.ts`), so server and browser renders
 * and `getModelPricingComparison` agree.
 */
export {
  sortRows,
  type SortDir,
  type SortKey,
} from "../../convex/lib/ordering";

/** One input of the compare page's inputs selector. */
export type CompareInput = {
  name: string;
  label: string;
  /** The choices (values as text) and how each reads. */
  options: { value: string; label: string }[];
};

type ModelWithInputs = {
  inputs?: {
    name: string;
    type: string;
    label?: string;
    options?: (string | number)[];
  }[];
  priceModifiers?: { input: string; value: string | number | boolean }[];
  maxOutputs?: number;
};

/**
 * The inputs worth choosing on the compare page: those some model's price
 * depends on (a price modifier names them), merged by name across models,
 * with every value any model offers (enum options, both booleans, the
 * modifiers' values). Sorted by label.
 */
export function compareInputs(models: ModelWithInputs[]): CompareInput[] {
  const byName = new Map<
    string,
    { label: string; values: Map<string, string> }
  >();
  for (const model of models) {
    const priced = new Set((model.priceModifiers ?? []).map((m) => m.input));
    for (const def of model.inputs ?? []) {
      if (!priced.has(def.name)) continue;
      const entry = byName.get(def.name) ?? {
        label: def.label ?? def.name,
        values: new Map<string, string>(),
      };
      if (def.type === "boolean") {
        entry.values.set("true", "Yes");
        entry.values.set("false", "No");
      }
      for (const option of def.options ?? [])
        entry.values.set(String(option), String(option));
      for (const m of model.priceModifiers ?? [])
        if (m.input === def.name && !entry.values.has(String(m.value)))
          entry.values.set(String(m.value), String(m.value));
      byName.set(def.name, entry);
    }
  }
  return [...byName.entries()]
    .map(([name, { label, values }]) => ({
      name,
      label,
      options: [...values.entries()].map(([value, text]) => ({
        value,
        label: text,
      })),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Most outputs any of the models makes per request (1 when none says). */
export function mostOutputs(models: ModelWithInputs[]): number {
  return Math.max(1, ...models.map((m) => m.maxOutputs ?? 1));
}

/** URL parameter of an input's choice: `in.<name>`. */
export const INPUT_PARAM_PREFIX = "in.";

/**
 * The chosen inputs from the URL (`in.<name>=<value>`), typed: "true" /
 * "false" as booleans, numerals as numbers, else text. The backend keeps,
 * per model, only what that model's definition accepts.
 */
export function readCompareInputs(
  params: URLSearchParams,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, raw] of params) {
    if (!key.startsWith(INPUT_PARAM_PREFIX) || raw === "") continue;
    const name = key.slice(INPUT_PARAM_PREFIX.length);
    if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) continue;
    out[name] =
      raw === "true"
        ? true
        : raw === "false"
          ? false
          : /^-?\d+(\.\d+)?$/.test(raw)
            ? Number(raw)
            : raw.slice(0, 200);
  }
  return out;
}
