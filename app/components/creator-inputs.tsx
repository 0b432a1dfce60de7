/**
 * A model's creator inputs, rendered from the catalogue (issue 13): enum →
 * segmented pills (≤ 4 options) or a select, boolean → switch, integer /
 * number → number field with its limits, string → text with its length,
 * image → upload to Convex file storage with a preview (the storage id is
 * posted; the backend turns it into a URL Replicate can fetch).
 *
 * Every control posts `input.<name>`; the route action converts the text
 * back to typed values from the same definitions (`parseCreatorInputs`).
 * Values live in the parent's state so the price on the button follows them.
 */
import { useMutation } from "convex/react";
import { useState } from "react";
import { api, type InputValue, type ModelInputDef } from "~/utils/api";
import { OptionPills } from "./option-pills";
import { FieldError, fieldIds, inputClasses } from "./ui/field";

/** Values chosen so far, by input name (absent = the model's default). */
export type CreatorValues = Record<string, InputValue>;

const labelOf = (def: ModelInputDef) => def.label ?? def.name;

export function CreatorInputs({
  inputs,
  values,
  onChange,
  errors,
}: {
  inputs: ModelInputDef[];
  values: CreatorValues;
  onChange: (name: string, value: InputValue | undefined) => void;
  errors?: Record<string, string[] | undefined>;
}) {
  if (inputs.length === 0) return null;
  return (
    <fieldset className="space-y-5 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <legend className="px-1 text-sm font-semibold text-slate-900">
        Model settings
      </legend>
      {inputs.map((def) => (
        <CreatorInput
          key={def.name}
          def={def}
          value={values[def.name]}
          onChange={(value) => onChange(def.name, value)}
          errors={errors?.[`inputs.${def.name}`]}
        />
      ))}
    </fieldset>
  );
}

function CreatorInput({
  def,
  value,
  onChange,
  errors,
}: {
  def: ModelInputDef;
  value: InputValue | undefined;
  onChange: (value: InputValue | undefined) => void;
  errors?: string[];
}) {
  const name = `input.${def.name}`;
  const ids = fieldIds(name);
  const label = labelOf(def);
  const current = value ?? def.default;
  const hint = def.description ? (
    <p id={ids.hint} className="mt-1 text-xs text-slate-600">
      {def.description}
    </p>
  ) : null;

  switch (def.type) {
    case "enum": {
      const options = def.options ?? [];
      if (options.length <= 4)
        return (
          <OptionPills
            name={name}
            legend={label}
            value={current === undefined ? "" : String(current)}
            onChange={(text) =>
              onChange(options.find((o) => String(o) === text))
            }
            errors={errors}
            description={def.description}
            options={options.map((o) => ({
              value: String(o),
              label: String(o),
            }))}
          />
        );
      return (
        <div>
          <label
            htmlFor={ids.input}
            className="block text-sm font-medium text-slate-900"
          >
            {label}
          </label>
          <select
            id={ids.input}
            name={name}
            value={current === undefined ? "" : String(current)}
            onChange={(e) =>
              onChange(options.find((o) => String(o) === e.target.value))
            }
            className={`mt-1.5 ${inputClasses(!!errors?.length)}`}
          >
            {current === undefined ? (
              <option value="">Model default</option>
            ) : null}
            {options.map((o) => (
              <option key={String(o)} value={String(o)}>
                {String(o)}
              </option>
            ))}
          </select>
          {hint}
          <FieldError name={name} errors={errors} />
        </div>
      );
    }
    case "boolean": {
      const on = current === true;
      return (
        <div>
          <div className="flex items-center justify-between gap-4">
            <label
              htmlFor={ids.input}
              className="text-sm font-medium text-slate-900"
            >
              {label}
            </label>
            {/* Without JavaScript the hidden "false" is overridden by the checkbox's "true". */}
            <input type="hidden" name={name} value="false" />
            <span className="relative inline-flex h-6 w-11 shrink-0">
              <input
                id={ids.input}
                type="checkbox"
                role="switch"
                name={name}
                value="true"
                checked={on}
                aria-checked={on}
                onChange={(e) => onChange(e.target.checked)}
                aria-describedby={def.description ? ids.hint : undefined}
                className="peer absolute inset-0 z-10 h-full w-full cursor-pointer appearance-none rounded-full opacity-0"
              />
              <span
                aria-hidden="true"
                className="absolute inset-0 rounded-full bg-slate-300 transition peer-checked:bg-indigo-600 peer-focus-visible:outline peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600"
              />
              <span
                aria-hidden="true"
                className={`absolute top-0.5 h-5 w-5 rounded-full bg-white shadow transition ${on ? "left-[1.375rem]" : "left-0.5"}`}
              />
            </span>
          </div>
          {hint}
          <FieldError name={name} errors={errors} />
        </div>
      );
    }
    case "integer":
    case "number": {
      const limits =
        def.min !== undefined && def.max !== undefined
          ? `${def.min}–${def.max}`
          : def.min !== undefined
            ? `at least ${def.min}`
            : def.max !== undefined
              ? `at most ${def.max}`
              : null;
      return (
        <div>
          <label
            htmlFor={ids.input}
            className="block text-sm font-medium text-slate-900"
          >
            {label}
            {limits ? (
              <span className="ml-1 font-normal text-slate-600">
                ({limits})
              </span>
            ) : null}
          </label>
          <input
            id={ids.input}
            type="number"
            name={name}
            inputMode={def.type === "integer" ? "numeric" : "decimal"}
            step={def.type === "integer" ? 1 : "any"}
            min={def.min}
            max={def.max}
            value={value === undefined ? "" : String(value)}
            placeholder={
              def.default !== undefined ? String(def.default) : "Model default"
            }
            onChange={(e) =>
              onChange(
                e.target.value === "" ? undefined : Number(e.target.value),
              )
            }
            aria-invalid={errors?.length ? true : undefined}
            className={`mt-1.5 ${inputClasses(!!errors?.length)}`}
          />
          {hint}
          <FieldError name={name} errors={errors} />
        </div>
      );
    }
    case "string":
      return (
        <div>
          <label
            htmlFor={ids.input}
            className="block text-sm font-medium text-slate-900"
          >
            {label}
          </label>
          <input
            id={ids.input}
            type="text"
            name={name}
            maxLength={def.maxLength}
            value={typeof value === "string" ? value : ""}
            placeholder={
              typeof def.default === "string" ? def.default : undefined
            }
            onChange={(e) =>
              onChange(e.target.value === "" ? undefined : e.target.value)
            }
            className={`mt-1.5 ${inputClasses(!!errors?.length)}`}
          />
          {def.maxLength ? (
            <p className="mt-1 text-xs text-slate-600">
              {typeof value === "string" ? value.length : 0} / {def.maxLength}
            </p>
          ) : null}
          {hint}
          <FieldError name={name} errors={errors} />
        </div>
      );
    case "image":
      return (
        <ImageInput
          def={def}
          name={name}
          value={typeof value === "string" ? value : undefined}
          onChange={onChange}
          errors={errors}
        />
      );
  }
}

/** Uploads the chosen image to Convex file storage and posts its id. */
function ImageInput({
  def,
  name,
  value,
  onChange,
  errors,
}: {
  def: ModelInputDef;
  name: string;
  value: string | undefined;
  onChange: (value: InputValue | undefined) => void;
  errors?: string[];
}) {
  const ids = fieldIds(name);
  const generateUploadUrl = useMutation(api.registry.generateInputUploadUrl);
  // A reused video's image comes back as its URL: show it.
  const [preview, setPreview] = useState<string | null>(() =>
    value && /^https?:\/\//.test(value) ? value : null,
  );
  const [state, setState] = useState<"idle" | "uploading" | "error">("idle");

  async function upload(file: File | undefined) {
    if (!file) return;
    setState("uploading");
    setPreview(URL.createObjectURL(file));
    try {
      const url = await generateUploadUrl({});
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": file.type || "application/octet-stream" },
        body: file,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { storageId } = (await response.json()) as { storageId: string };
      onChange(storageId);
      setState("idle");
    } catch {
      setState("error");
      onChange(undefined);
    }
  }

  return (
    <div>
      <label
        htmlFor={ids.input}
        className="block text-sm font-medium text-slate-900"
      >
        {labelOf(def)}{" "}
        <span className="font-normal text-slate-600">(optional image)</span>
      </label>
      <input
        id={ids.input}
        type="file"
        accept="image/*"
        onChange={(e) => void upload(e.target.files?.[0])}
        aria-describedby={def.description ? ids.hint : undefined}
        className="mt-1.5 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-indigo-700 hover:file:bg-indigo-100"
      />
      <input type="hidden" name={name} value={value ?? ""} />
      {def.description ? (
        <p id={ids.hint} className="mt-1 text-xs text-slate-600">
          {def.description}
        </p>
      ) : null}
      {preview ? (
        <div className="mt-2 flex items-center gap-3">
          <img
            src={preview}
            alt={`${labelOf(def)} preview`}
            className="h-20 w-20 rounded-md object-cover ring-1 ring-slate-200"
          />
          <span className="text-sm text-slate-700" role="status">
            {state === "uploading"
              ? "Uploading…"
              : state === "error"
                ? "Upload failed; try again."
                : value
                  ? "Uploaded"
                  : ""}
          </span>
          <button
            type="button"
            className="text-sm font-medium text-indigo-700 underline"
            onClick={() => {
              setPreview(null);
              onChange(undefined);
            }}
          >
            Remove
          </button>
        </div>
      ) : null}
      <FieldError name={name} errors={errors} />
    </div>
  );
}
