/**
 * The model form's editor of creator inputs and price modifiers (issue 13):
 * one card per input (name, type, label, and what its type needs: options,
 * default, limits, longest text) and one row per modifier (which input, at
 * which value, a price per second and/or a multiplier). The editor keeps
 * both lists in hidden fields as JSON, so the form posts and parses them
 * like any other field (`inputs-schema.ts`); before JavaScript runs, the
 * JSON itself is editable.
 *
 * Messages come from the same rules as the backend's: an error about one
 * input (`inputs.<name>`, also when the backend refused the save) shows on
 * that input's card, the rest under the list it is about.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import {
  type InputType,
  type InputValue,
  type ModelInputDef,
  type PriceModifier,
} from "~/utils/api";
import { INPUT_TYPES } from "~/utils/model-rules";
import { cx } from "~/utils/misc";
import { useHydrated } from "~/utils/use-hydrated";
import { Button } from "../../ui/button";
import { FieldError, inputClasses } from "../../ui/field";
import { TextAreaField, type AnyField } from "../../ui/form-fields";

/** One input as the editor holds it: text, as typed. */
export type InputRow = {
  key: number;
  name: string;
  type: InputType;
  label: string;
  description?: string;
  options: string;
  /** The stored options were text: keep "5" as text, not 5. */
  textOptions: boolean;
  default: string;
  min: string;
  max: string;
  maxLength: string;
};

/** One price modifier as the editor holds it. */
export type ModifierRow = {
  key: number;
  input: string;
  value: string;
  multiplier: string;
  costPerSecond: string;
};

const TYPE_LABELS: Record<InputType, string> = {
  enum: "Choice (enum)",
  boolean: "Yes / no",
  integer: "Whole number",
  number: "Number",
  string: "Text",
  image: "Image (URL)",
};

const NUMERIC = /^-?\d+(\.\d+)?$/;
const str = (value: unknown) =>
  value === undefined || value === null ? "" : String(value);

let nextKey = 1;
const newKey = () => nextKey++;

/** The rows of a stored (or typed) JSON list of inputs. */
export function inputRowsOf(defs: ModelInputDef[]): InputRow[] {
  return defs.map((def) => ({
    key: newKey(),
    name: def.name,
    type: def.type,
    label: def.label ?? "",
    description: def.description,
    options: (def.options ?? []).map(String).join(", "),
    textOptions: (def.options ?? []).some((o) => typeof o === "string"),
    default: str(def.default),
    min: str(def.min),
    max: str(def.max),
    maxLength: str(def.maxLength),
  }));
}

/** The rows of a stored list of modifiers. */
export function modifierRowsOf(modifiers: PriceModifier[]): ModifierRow[] {
  return modifiers.map((m) => ({
    key: newKey(),
    input: m.input,
    value: str(m.value),
    multiplier: str(m.multiplier),
    costPerSecond: str(m.costPerSecond),
  }));
}

const numberOrText = (text: string): number | string =>
  NUMERIC.test(text.trim()) ? Number(text.trim()) : text.trim();

/** Options as typed: numbers when every one is a number (unless stored as text). */
function optionsOf(row: InputRow): (string | number)[] {
  const items = row.options
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  return !row.textOptions && items.every((item) => NUMERIC.test(item))
    ? items.map(Number)
    : items;
}

/**
 * A typed value for an input, from its text: yes/no for booleans, numbers
 * for numeric inputs, the matching option for an enum.
 */
export function typedValue(
  def: Pick<ModelInputDef, "type" | "options"> | undefined,
  text: string,
): InputValue {
  const trimmed = text.trim();
  if (def === undefined) return trimmed;
  switch (def.type) {
    case "boolean":
      return trimmed === "true" ? true : trimmed === "false" ? false : trimmed;
    case "integer":
    case "number":
      return numberOrText(trimmed);
    case "enum":
      return (
        def.options?.find((option) => String(option) === trimmed) ?? trimmed
      );
    default:
      return text;
  }
}

/** The definition an input row stands for (empty texts left out). */
export function defOf(row: InputRow): ModelInputDef {
  const def: ModelInputDef = { name: row.name.trim(), type: row.type };
  if (row.label.trim()) def.label = row.label.trim();
  if (row.description) def.description = row.description;
  if (row.type === "enum") def.options = optionsOf(row);
  if (row.default.trim() !== "") def.default = typedValue(def, row.default);
  if (row.type === "integer" || row.type === "number") {
    if (row.min.trim() !== "") def.min = numberOrText(row.min) as number;
    if (row.max.trim() !== "") def.max = numberOrText(row.max) as number;
  }
  if (row.type === "string" && row.maxLength.trim() !== "")
    def.maxLength = numberOrText(row.maxLength) as number;
  return def;
}

/** The modifier a row stands for, its value typed by its input. */
export function modifierOf(
  row: ModifierRow,
  defs: ModelInputDef[],
): PriceModifier {
  const def = defs.find((d) => d.name === row.input);
  const modifier: PriceModifier = {
    input: row.input,
    value: typedValue(def, row.value),
  };
  if (row.multiplier.trim() !== "")
    modifier.multiplier = numberOrText(row.multiplier) as number;
  if (row.costPerSecond.trim() !== "")
    modifier.costPerSecond = numberOrText(row.costPerSecond) as number;
  return modifier;
}

function parseList<T>(text: unknown): T[] {
  if (typeof text !== "string" || text.trim() === "") return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

/** A small labelled control of one row. */
function Cell({
  id,
  label,
  className,
  children,
}: {
  id: string;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <div className="mt-1">{children}</div>
    </div>
  );
}

/**
 * The inputs and modifiers editors, bound to the form's `inputs` and
 * `priceModifiers` fields. `onEdited` asks the form to check a field again
 * (conform's `form.validate`) once the admin leaves a control.
 */
export function InputsEditor({
  inputsField,
  modifiersField,
  onEdited,
}: {
  inputsField: AnyField;
  modifiersField: AnyField;
  onEdited: (name: "inputs" | "priceModifiers") => void;
}) {
  const hydrated = useHydrated();
  const [rows, setRows] = useState<InputRow[]>(() =>
    inputRowsOf(parseList<ModelInputDef>(inputsField.initialValue)),
  );
  const [modifiers, setModifiers] = useState<ModifierRow[]>(() =>
    modifierRowsOf(parseList<PriceModifier>(modifiersField.initialValue)),
  );
  const baseId = useId();
  const defs = rows.map(defOf);
  const inputsJson = rows.length === 0 ? "" : JSON.stringify(defs);
  const modifiersJson =
    modifiers.length === 0
      ? ""
      : JSON.stringify(modifiers.map((m) => modifierOf(m, defs)));

  // Re-check a list once its hidden field holds the new JSON.
  const pending = useRef<Set<"inputs" | "priceModifiers">>(new Set());
  useEffect(() => {
    for (const name of pending.current) onEdited(name);
    pending.current.clear();
  });
  const touch = (name: "inputs" | "priceModifiers") =>
    pending.current.add(name);

  if (!hydrated) {
    return (
      <>
        <TextAreaField
          field={inputsField}
          label="Creator inputs (JSON)"
          hint='A list of inputs, e.g. [{"name": "aspect_ratio", "type": "enum", "options": ["16:9", "9:16"]}].'
          rows={4}
          spellCheck={false}
          inputClassName="font-mono"
          className="sm:col-span-2"
        />
        <TextAreaField
          field={modifiersField}
          label="Price modifiers (JSON)"
          hint='e.g. [{"input": "generate_audio", "value": false, "multiplier": 0.5}].'
          rows={3}
          spellCheck={false}
          inputClassName="font-mono"
          className="sm:col-span-2"
        />
      </>
    );
  }

  const allErrors = {
    ...(inputsField.allErrors ?? {}),
    ...(modifiersField.allErrors ?? {}),
  } as Record<string, string[]>;
  const rowErrors = (name: string) => allErrors[`inputs.${name.trim()}`];
  const update = (key: number, patch: Partial<InputRow>) => {
    setRows((current) =>
      current.map((row) => (row.key === key ? { ...row, ...patch } : row)),
    );
  };
  const updateModifier = (key: number, patch: Partial<ModifierRow>) => {
    setModifiers((current) =>
      current.map((row) => (row.key === key ? { ...row, ...patch } : row)),
    );
  };
  const named = defs.filter((d) => d.name !== "");

  return (
    <div className="space-y-6 sm:col-span-2">
      <input type="hidden" name={inputsField.name} value={inputsJson} />
      <input type="hidden" name={modifiersField.name} value={modifiersJson} />

      <div role="group" aria-labelledby={`${baseId}-inputs`}>
        <h2
          id={`${baseId}-inputs`}
          className="text-sm font-semibold text-slate-900"
        >
          Creator inputs
        </h2>
        <p
          id={inputsField.descriptionId}
          className="mt-1 text-sm text-slate-600"
        >
          Replicate inputs creators may set on the create form. Names are
          Replicate&apos;s (e.g. aspect_ratio); the platform sets prompt,
          duration and num_outputs itself.
        </p>
        {rows.length === 0 ? (
          <p className="mt-3 rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">
            No creator inputs: creators set the prompt, duration and quality
            only.
          </p>
        ) : (
          <ol className="mt-3 space-y-3">
            {rows.map((row, index) => {
              const id = `${baseId}-input-${row.key}`;
              const errors = rowErrors(row.name);
              return (
                <li key={row.key}>
                  <fieldset
                    aria-describedby={
                      errors?.length ? `${id}-error` : undefined
                    }
                    className={cx(
                      "min-w-0 rounded-md border bg-slate-50 p-3 sm:p-4",
                      errors?.length ? "border-red-400" : "border-slate-200",
                    )}
                    onBlur={() => {
                      onEdited("inputs");
                      onEdited("priceModifiers");
                    }}
                  >
                    <legend className="px-1 text-sm font-semibold text-slate-900">
                      Input {index + 1}
                      {row.name.trim() ? `: ${row.name.trim()}` : ""}
                    </legend>
                    <div className="grid gap-3 sm:grid-cols-3">
                      <Cell id={`${id}-name`} label="Name">
                        <input
                          id={`${id}-name`}
                          value={row.name}
                          onChange={(e) =>
                            update(row.key, { name: e.target.value })
                          }
                          autoComplete="off"
                          spellCheck={false}
                          className={cx(
                            inputClasses(!!errors?.length),
                            "font-mono",
                          )}
                        />
                      </Cell>
                      <Cell id={`${id}-type`} label="Type">
                        <select
                          id={`${id}-type`}
                          value={row.type}
                          onChange={(e) =>
                            update(row.key, {
                              type: e.target.value as InputType,
                            })
                          }
                          className={inputClasses()}
                        >
                          {INPUT_TYPES.map((type) => (
                            <option key={type} value={type}>
                              {TYPE_LABELS[type]}
                            </option>
                          ))}
                        </select>
                      </Cell>
                      <Cell id={`${id}-label`} label="Label (optional)">
                        <input
                          id={`${id}-label`}
                          value={row.label}
                          onChange={(e) =>
                            update(row.key, { label: e.target.value })
                          }
                          placeholder={row.name || "Shown to creators"}
                          className={inputClasses()}
                        />
                      </Cell>
                      {row.type === "enum" ? (
                        <Cell
                          id={`${id}-options`}
                          label="Options (comma-separated)"
                          className="sm:col-span-2"
                        >
                          <input
                            id={`${id}-options`}
                            value={row.options}
                            onChange={(e) =>
                              update(row.key, { options: e.target.value })
                            }
                            placeholder="16:9, 9:16, 1:1"
                            className={inputClasses()}
                          />
                        </Cell>
                      ) : null}
                      <Cell id={`${id}-default`} label="Default (optional)">
                        {row.type === "boolean" ? (
                          <select
                            id={`${id}-default`}
                            value={row.default}
                            onChange={(e) =>
                              update(row.key, { default: e.target.value })
                            }
                            className={inputClasses()}
                          >
                            <option value="">None</option>
                            <option value="true">Yes</option>
                            <option value="false">No</option>
                          </select>
                        ) : (
                          <input
                            id={`${id}-default`}
                            value={row.default}
                            inputMode={
                              row.type === "integer" || row.type === "number"
                                ? "decimal"
                                : undefined
                            }
                            onChange={(e) =>
                              update(row.key, { default: e.target.value })
                            }
                            className={inputClasses()}
                          />
                        )}
                      </Cell>
                      {row.type === "integer" || row.type === "number" ? (
                        <>
                          <Cell id={`${id}-min`} label="Minimum (optional)">
                            <input
                              id={`${id}-min`}
                              type="number"
                              step="any"
                              value={row.min}
                              onChange={(e) =>
                                update(row.key, { min: e.target.value })
                              }
                              className={inputClasses()}
                            />
                          </Cell>
                          <Cell id={`${id}-max`} label="Maximum (optional)">
                            <input
                              id={`${id}-max`}
                              type="number"
                              step="any"
                              value={row.max}
                              onChange={(e) =>
                                update(row.key, { max: e.target.value })
                              }
                              className={inputClasses()}
                            />
                          </Cell>
                        </>
                      ) : null}
                      {row.type === "string" ? (
                        <Cell
                          id={`${id}-maxLength`}
                          label="Longest text (characters, optional)"
                        >
                          <input
                            id={`${id}-maxLength`}
                            type="number"
                            min={1}
                            step={1}
                            value={row.maxLength}
                            onChange={(e) =>
                              update(row.key, { maxLength: e.target.value })
                            }
                            className={inputClasses()}
                          />
                        </Cell>
                      ) : null}
                    </div>
                    <div className="mt-3 flex flex-wrap items-start justify-between gap-2">
                      <FieldError id={`${id}-error`} errors={errors} />
                      <Button
                        variant="danger"
                        size="sm"
                        className="ml-auto"
                        onClick={() => {
                          setRows((current) =>
                            current.filter((r) => r.key !== row.key),
                          );
                          touch("inputs");
                          touch("priceModifiers");
                        }}
                      >
                        Remove input
                        {row.name.trim() ? ` ${row.name.trim()}` : ""}
                      </Button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
        )}
        <FieldError id={inputsField.errorId} errors={inputsField.errors} />
        <Button
          variant="secondary"
          size="sm"
          className="mt-3"
          onClick={() =>
            setRows((current) => [
              ...current,
              {
                key: newKey(),
                name: "",
                type: "enum",
                label: "",
                options: "",
                textOptions: false,
                default: "",
                min: "",
                max: "",
                maxLength: "",
              },
            ])
          }
        >
          Add input
        </Button>
      </div>

      <div role="group" aria-labelledby={`${baseId}-modifiers`}>
        <h2
          id={`${baseId}-modifiers`}
          className="text-sm font-semibold text-slate-900"
        >
          Price modifiers
        </h2>
        <p
          id={modifiersField.descriptionId}
          className="mt-1 text-sm text-slate-600"
        >
          When an input has a value (or its default does), a price per second
          replaces the model&apos;s, and a multiplier multiplies it. Credits =
          ceil(price × seconds × quality multiplier × modifiers × 100).
        </p>
        {modifiers.length === 0 ? null : (
          <ol className="mt-3 space-y-3">
            {modifiers.map((row, index) => {
              const id = `${baseId}-modifier-${row.key}`;
              const def = named.find((d) => d.name === row.input);
              return (
                <li key={row.key}>
                  <fieldset
                    className="min-w-0 rounded-md border border-slate-200 bg-slate-50 p-3 sm:p-4"
                    onBlur={() => onEdited("priceModifiers")}
                  >
                    <legend className="px-1 text-sm font-semibold text-slate-900">
                      Modifier {index + 1}
                    </legend>
                    <div className="grid gap-3 sm:grid-cols-4">
                      <Cell id={`${id}-input`} label="When input">
                        <select
                          id={`${id}-input`}
                          value={row.input}
                          onChange={(e) =>
                            updateModifier(row.key, { input: e.target.value })
                          }
                          className={cx(inputClasses(), "font-mono")}
                        >
                          <option value="">Choose…</option>
                          {named.map((d) => (
                            <option key={d.name} value={d.name}>
                              {d.name}
                            </option>
                          ))}
                          {row.input && !def ? (
                            <option value={row.input}>
                              {row.input} (not an input)
                            </option>
                          ) : null}
                        </select>
                      </Cell>
                      <Cell id={`${id}-value`} label="is">
                        {def?.type === "enum" || def?.type === "boolean" ? (
                          <select
                            id={`${id}-value`}
                            value={row.value}
                            onChange={(e) =>
                              updateModifier(row.key, { value: e.target.value })
                            }
                            className={inputClasses()}
                          >
                            <option value="">Choose…</option>
                            {(def.type === "boolean"
                              ? ["true", "false"]
                              : (def.options ?? []).map(String)
                            ).map((option) => (
                              <option key={option} value={option}>
                                {def.type === "boolean"
                                  ? option === "true"
                                    ? "Yes"
                                    : "No"
                                  : option}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <input
                            id={`${id}-value`}
                            value={row.value}
                            onChange={(e) =>
                              updateModifier(row.key, { value: e.target.value })
                            }
                            className={inputClasses()}
                          />
                        )}
                      </Cell>
                      <Cell
                        id={`${id}-costPerSecond`}
                        label="New price (US$ per second)"
                      >
                        <input
                          id={`${id}-costPerSecond`}
                          inputMode="decimal"
                          value={row.costPerSecond}
                          placeholder="unchanged"
                          onChange={(e) =>
                            updateModifier(row.key, {
                              costPerSecond: e.target.value,
                            })
                          }
                          className={inputClasses()}
                        />
                      </Cell>
                      <Cell id={`${id}-multiplier`} label="Multiplier">
                        <input
                          id={`${id}-multiplier`}
                          inputMode="decimal"
                          value={row.multiplier}
                          placeholder="×1"
                          onChange={(e) =>
                            updateModifier(row.key, {
                              multiplier: e.target.value,
                            })
                          }
                          className={inputClasses()}
                        />
                      </Cell>
                    </div>
                    <div className="mt-3 flex justify-end">
                      <Button
                        variant="danger"
                        size="sm"
                        onClick={() => {
                          setModifiers((current) =>
                            current.filter((r) => r.key !== row.key),
                          );
                          touch("priceModifiers");
                        }}
                      >
                        Remove modifier {index + 1}
                      </Button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
        )}
        <FieldError
          id={modifiersField.errorId}
          errors={modifiersField.errors}
        />
        <Button
          variant="secondary"
          size="sm"
          className="mt-3"
          disabled={named.length === 0}
          title={named.length === 0 ? "Add an input first." : undefined}
          onClick={() =>
            setModifiers((current) => [
              ...current,
              {
                key: newKey(),
                input: named[0]?.name ?? "",
                value: "",
                multiplier: "",
                costPerSecond: "",
              },
            ])
          }
        >
          Add price modifier
        </Button>
      </div>
    </div>
  );
}
