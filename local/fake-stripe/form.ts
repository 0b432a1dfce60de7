/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with
 * bracket notation (`line_items[0][price_data][unit_amount]=500`,
 * `metadata[purchaseId]=…`), decoded into nested objects and arrays.
 */

type Nested = { [key: string]: Nested | Nested[] | string };

/** Decodes a Stripe form body into nested objects; numeric keys make arrays. */
export function decodeStripeForm(body: string): Record<string, unknown> {
  const root: Nested = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((p) => p !== "");
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return arrayify(root) as Record<string, unknown>;
}

/** Objects whose keys are all 0..n-1 become arrays. */
function arrayify(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => [k, arrayify(v)] as const,
  );
  const keys = entries.map(([k]) => k);
  if (keys.length > 0 && keys.every((k, i) => k === String(i)))
    return entries.map(([, v]) => v);
  return Object.fromEntries(entries);
}
