/**
 * The create form's creator inputs, back from text: each control posts
 * `input.<name>`; this turns the text into the typed value its definition
 * says (the backend then validates it against the same definition).
 * Empty fields are left out, so the model's default applies.
 */
import type { InputValue, ModelInputDef } from "./api";

export function parseCreatorInputs(
  defs: readonly ModelInputDef[] | undefined,
  formData: FormData,
): Record<string, InputValue> {
  const values: Record<string, InputValue> = {};
  for (const def of defs ?? []) {
    // A switch posts a hidden "false" and, when on, a "true" after it.
    const all = formData.getAll(`input.${def.name}`);
    const raw = all.at(-1);
    if (typeof raw !== "string" || raw.trim() === "") continue;
    const text = raw.trim();
    switch (def.type) {
      case "boolean":
        values[def.name] = text === "true" || text === "on";
        break;
      case "integer":
      case "number":
        // Not a number: sent as text so the backend names the field.
        values[def.name] = Number.isFinite(Number(text)) ? Number(text) : text;
        break;
      case "enum":
        values[def.name] = def.options?.find((o) => String(o) === text) ?? text;
        break;
      default:
        values[def.name] = raw;
    }
  }
  return values;
}
