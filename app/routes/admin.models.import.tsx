/**
 * `/admin/models/import`: import a model from Replicate (issue 13). Type
 * `owner/name` (or `owner/name:version`, or its replicate.com URL); the
 * loader runs `registry.importFromReplicate`, which reads the version's
 * OpenAPI input schema, and the page pre-fills the model: name,
 * description, cover image, version, durations, outputs and every input
 * with its type, options, default and limits. The admin ticks the inputs
 * creators may set (and their labels), adds price modifiers, and creates
 * the model. For a model already in the catalogue the page shows what the
 * schema changed and pins the new version instead.
 */
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { useState } from "react";
import { modelHref } from "~/components/admin/model-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { inputClasses } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { requireAdminUser } from "~/utils/admin.server";
import { api, type InputValue, type ModelInputDef } from "~/utils/api";
import { convexClient } from "~/utils/convex.server";
import { describeError, type ErrorInfo } from "~/utils/errors";
import { signInUrlFor } from "~/utils/redirect";

export const meta: MetaFunction = () => [
  { title: `Import from Replicate · Admin · ${PRODUCT_NAME}` },
];

/** Price-modifier rows the form offers. */
const MODIFIER_ROWS = 3;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireAdminUser(args);
  const reference = new URL(args.request.url).searchParams.get("ref")?.trim();
  if (!reference) return { reference: "", result: null, error: null };
  try {
    const result = await convexClient(user.token).action(
      api.registry.importFromReplicate,
      { reference },
    );
    return { reference, result, error: null };
  } catch (error) {
    const info = describeError(error);
    if (info.code === "UNAUTHENTICATED")
      throw redirect(signInUrlFor(args.request));
    return { reference, result: null, error: info };
  }
}

type Imported = NonNullable<Awaited<ReturnType<typeof loader>>["result"]>;

/** Typed value of a modifier's text, by the input it names. */
function typedValue(def: ModelInputDef, text: string): InputValue {
  if (def.type === "boolean") return text === "true";
  if (def.type === "integer" || def.type === "number")
    return Number.isFinite(Number(text)) ? Number(text) : text;
  if (def.type === "enum")
    return def.options?.find((o) => String(o) === text) ?? text;
  return text;
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireAdminUser(args);
  const form = await args.request.formData();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const all = JSON.parse(text("allInputs") || "[]") as ModelInputDef[];
  const inputs = all
    .filter((def) => form.get(`expose.${def.name}`) === "on")
    .map((def) => {
      const label = text(`label.${def.name}`);
      return label ? { ...def, label } : def;
    });
  const priceModifiers = [];
  for (let row = 0; row < MODIFIER_ROWS; row++) {
    const input = text(`modifier.${row}.input`);
    const amount = text(`modifier.${row}.amount`);
    if (!input || !amount) continue;
    const def = all.find((d) => d.name === input);
    if (!def) continue;
    const value = typedValue(def, text(`modifier.${row}.value`));
    const kind = text(`modifier.${row}.kind`);
    priceModifiers.push(
      kind === "costPerSecond"
        ? { input, value, costPerSecond: Number(amount) }
        : { input, value, multiplier: Number(amount) },
    );
  }
  const client = convexClient(user.token);
  const modelId = text("modelId");
  try {
    if (text("intent") === "pin") {
      await client.mutation(api.models.updateModel, {
        modelId,
        version: text("version"),
        replicateModelId: text("replicateModelId"),
        inputs,
      });
      return redirect(`${modelHref(modelId)}?updated=1`);
    }
    const durations = text("supportedDurations")
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    const fixed = text("fixedDuration");
    const maxOutputs = Number(text("maxOutputs") || "1");
    const cover = text("coverImageUrl");
    await client.mutation(api.models.createModel, {
      modelId,
      name: text("name"),
      description: text("description"),
      version: text("version") || undefined,
      costPerSecond: Number(text("costPerSecond")),
      supportedDurations: durations,
      ...(fixed ? { fixedDuration: Number(fixed) } : {}),
      supportedQualities: ["standard"],
      isPremium: form.get("isPremium") === "on",
      isActive: form.get("isActive") === "on",
      isDefault: false,
      isDeprecated: false,
      provider: text("provider"),
      category: text("category") || undefined,
      replicateModelId: text("replicateModelId"),
      ...(cover ? { coverImageUrl: cover } : {}),
      ...(inputs.length > 0 ? { inputs } : {}),
      ...(priceModifiers.length > 0 ? { priceModifiers } : {}),
      ...(maxOutputs > 1 ? { maxOutputs } : {}),
    });
    return redirect(`${modelHref(modelId)}?created=1`);
  } catch (error) {
    const info = describeError(error);
    if (info.code === "UNAUTHENTICATED")
      throw redirect(signInUrlFor(args.request));
    if (!info.code) console.error("import failed:", error);
    return data<{ error: ErrorInfo }>(
      { error: info },
      { status: info.code ? 400 : 500 },
    );
  }
}

export default function ImportModelPage() {
  const { reference, result, error } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <>
      <PageHeader
        title="Import from Replicate"
        description="Type a Replicate model as owner/name (or owner/name:version). Its inputs, defaults and limits are read from the model's schema."
      />
      <Form method="get" className="mb-8 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1">
          <label
            htmlFor="import-ref"
            className="block text-sm font-medium text-slate-900"
          >
            Replicate model
          </label>
          <input
            id="import-ref"
            name="ref"
            defaultValue={reference}
            placeholder="google/veo-3"
            required
            className={`mt-1.5 ${inputClasses()}`}
          />
        </div>
        <Button type="submit" disabled={busy}>
          {busy && navigation.formMethod === "GET"
            ? "Fetching…"
            : "Fetch schema"}
        </Button>
      </Form>
      {error ? (
        <Alert tone="error" title={error.message} className="mb-6">
          {error.detail}
        </Alert>
      ) : null}
      {actionData?.error ? (
        <Alert tone="error" title={actionData.error.message} className="mb-6">
          {actionData.error.detail}
        </Alert>
      ) : null}
      {result ? (
        <ImportForm key={result.draft.version} result={result} />
      ) : null}
    </>
  );
}

function ImportForm({ result }: { result: Imported }) {
  const { draft, inputs, skipped, existing } = result;
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [exposed, setExposed] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(
      inputs.map((i) => [
        i.name,
        existing
          ? existing.changes.every(
              (c) => c.name !== i.name || c.kind !== "added",
            )
          : false,
      ]),
    ),
  );
  const defs: ModelInputDef[] = inputs.map(({ required: _r, ...def }) => def);
  const exposedDefs = defs.filter((d) => exposed[d.name]);
  return (
    <Form method="post" className="space-y-8" aria-label="Imported model">
      <input type="hidden" name="allInputs" value={JSON.stringify(defs)} />
      <input type="hidden" name="version" value={draft.version} />
      <input
        type="hidden"
        name="replicateModelId"
        value={draft.replicateModelId}
      />
      <input
        type="hidden"
        name="fixedDuration"
        value={draft.fixedDuration ?? ""}
      />
      <input
        type="hidden"
        name="coverImageUrl"
        value={draft.coverImageUrl ?? ""}
      />
      <input type="hidden" name="modelId" value={draft.modelId} />

      <section className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:flex-row">
        {draft.coverImageUrl ? (
          <img
            src={draft.coverImageUrl}
            alt=""
            className="h-24 w-40 shrink-0 rounded-md bg-slate-100 object-cover"
          />
        ) : null}
        <div className="min-w-0 text-sm">
          <p className="font-semibold text-slate-900">{draft.modelId}</p>
          <p className="mt-1 break-all text-slate-600">
            Version <code>{draft.version.slice(0, 12)}</code>
            {result.isLatestVersion ? " (latest)" : " (not the latest)"} ·
            published {result.versionCreatedAt.slice(0, 10)}
          </p>
          <p className="mt-1 break-all text-slate-600">
            Runs as <code>{draft.replicateModelId}</code>
          </p>
        </div>
      </section>

      {existing ? (
        <section
          aria-labelledby="diff-heading"
          className="rounded-lg border border-amber-300 bg-amber-50 p-5"
        >
          <h2 id="diff-heading" className="font-semibold text-amber-900">
            {existing.modelId} is in the catalogue
            {existing.versionChanged
              ? ": this version differs from the pinned one"
              : ": this is the pinned version"}
          </h2>
          {existing.changes.length === 0 ? (
            <p className="mt-2 text-sm text-amber-900">
              The exposed inputs are unchanged.
            </p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm text-amber-900">
              {existing.changes.map((c) => (
                <li key={c.name + c.kind}>
                  <span className="font-semibold">{c.name}</span> {c.kind}:{" "}
                  {c.detail}
                </li>
              ))}
            </ul>
          )}
          <Button
            type="submit"
            name="intent"
            value="pin"
            className="mt-4"
            disabled={submitting}
          >
            Pin this version with the ticked inputs
          </Button>
        </section>
      ) : (
        <section className="grid gap-4 sm:grid-cols-2">
          <TextField name="name" label="Name" defaultValue={draft.name} />
          <TextField
            name="provider"
            label="Provider"
            defaultValue={draft.provider}
          />
          <TextField
            name="costPerSecond"
            label="Price per second (US$)"
            defaultValue=""
            placeholder="0.10"
            inputMode="decimal"
          />
          <TextField
            name="supportedDurations"
            label="Durations (seconds)"
            defaultValue={draft.supportedDurations.join(", ")}
          />
          <div>
            <label
              htmlFor="import-category"
              className="block text-sm font-medium text-slate-900"
            >
              Category
            </label>
            <select
              id="import-category"
              name="category"
              defaultValue="experimental"
              className={`mt-1.5 ${inputClasses()}`}
            >
              <option value="premium">premium</option>
              <option value="budget">budget</option>
              <option value="experimental">experimental</option>
            </select>
          </div>
          <div>
            <label
              htmlFor="import-outputs"
              className="block text-sm font-medium text-slate-900"
            >
              Most outputs per request
            </label>
            <select
              id="import-outputs"
              name="maxOutputs"
              defaultValue={String(draft.maxOutputs ?? 1)}
              className={`mt-1.5 ${inputClasses()}`}
            >
              {Array.from(
                { length: draft.maxOutputs ?? 1 },
                (_, i) => i + 1,
              ).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div className="sm:col-span-2">
            <label
              htmlFor="import-description"
              className="block text-sm font-medium text-slate-900"
            >
              Description
            </label>
            <textarea
              id="import-description"
              name="description"
              rows={3}
              defaultValue={draft.description}
              className={`mt-1.5 ${inputClasses()}`}
            />
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-900">
            <input type="checkbox" name="isActive" defaultChecked /> Active
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-900">
            <input type="checkbox" name="isPremium" /> Premium
          </label>
        </section>
      )}

      <section aria-labelledby="inputs-heading">
        <h2 id="inputs-heading" className="font-semibold text-slate-900">
          Inputs creators may set
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Tick the inputs to show on the create form. The rest keep
          Replicate&apos;s defaults.
        </p>
        <ul className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {inputs.map((input) => (
            <li
              key={input.name}
              className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center"
            >
              <label className="flex min-w-0 flex-1 items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name={`expose.${input.name}`}
                  checked={exposed[input.name] ?? false}
                  onChange={(e) =>
                    setExposed((prev) => ({
                      ...prev,
                      [input.name]: e.target.checked,
                    }))
                  }
                  aria-label={`Expose ${input.name}`}
                  className="mt-0.5"
                />
                <span className="min-w-0">
                  <span className="font-mono font-semibold text-slate-900">
                    {input.name}
                  </span>{" "}
                  <span className="text-slate-600">
                    {input.type}
                    {input.options ? `: ${input.options.join(", ")}` : ""}
                    {input.default !== undefined
                      ? ` · default ${String(input.default)}`
                      : ""}
                    {input.min !== undefined ? ` · min ${input.min}` : ""}
                    {input.max !== undefined ? ` · max ${input.max}` : ""}
                    {input.maxLength !== undefined
                      ? ` · ≤ ${input.maxLength} chars`
                      : ""}
                  </span>
                  {input.description ? (
                    <span className="block text-xs text-slate-500">
                      {input.description}
                    </span>
                  ) : null}
                </span>
              </label>
              <input
                name={`label.${input.name}`}
                defaultValue={input.label}
                aria-label={`Label of ${input.name}`}
                className={`sm:w-48 ${inputClasses()}`}
              />
            </li>
          ))}
        </ul>
        {skipped.length > 0 ? (
          <p className="mt-2 text-sm text-slate-600">
            Not offered:{" "}
            {skipped.map((s) => `${s.name} (${s.reason})`).join("; ")}.
          </p>
        ) : null}
      </section>

      {existing ? null : (
        <section aria-labelledby="modifiers-heading">
          <h2 id="modifiers-heading" className="font-semibold text-slate-900">
            Price modifiers
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            When an input has a value (or its default does), replace the price
            per second or multiply the price.
          </p>
          <div className="mt-3 space-y-3">
            {Array.from({ length: MODIFIER_ROWS }, (_, row) => (
              <ModifierRow key={row} row={row} inputs={exposedDefs} />
            ))}
          </div>
          <Button
            type="submit"
            name="intent"
            value="create"
            className="mt-6"
            disabled={submitting}
          >
            {submitting ? "Creating…" : "Create model"}
          </Button>
        </section>
      )}
    </Form>
  );
}

function ModifierRow({
  row,
  inputs,
}: {
  row: number;
  inputs: ModelInputDef[];
}) {
  const [input, setInput] = useState("");
  const def = inputs.find((d) => d.name === input);
  const values: string[] =
    def?.type === "boolean"
      ? ["true", "false"]
      : def?.type === "enum"
        ? (def.options ?? []).map(String)
        : [];
  return (
    <fieldset className="grid gap-2 rounded-md border border-slate-200 bg-white p-3 sm:grid-cols-4">
      <legend className="sr-only">Price modifier {row + 1}</legend>
      <select
        name={`modifier.${row}.input`}
        value={input}
        onChange={(e) => setInput(e.target.value)}
        aria-label={`Modifier ${row + 1} input`}
        className={inputClasses()}
      >
        <option value="">No modifier</option>
        {inputs.map((d) => (
          <option key={d.name} value={d.name}>
            {d.name}
          </option>
        ))}
      </select>
      {values.length > 0 ? (
        <select
          name={`modifier.${row}.value`}
          aria-label={`Modifier ${row + 1} value`}
          className={inputClasses()}
        >
          {values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      ) : (
        <input
          name={`modifier.${row}.value`}
          aria-label={`Modifier ${row + 1} value`}
          placeholder="value"
          className={inputClasses()}
        />
      )}
      <select
        name={`modifier.${row}.kind`}
        aria-label={`Modifier ${row + 1} kind`}
        className={inputClasses()}
      >
        <option value="multiplier">× multiplier</option>
        <option value="costPerSecond">US$ per second</option>
      </select>
      <input
        name={`modifier.${row}.amount`}
        aria-label={`Modifier ${row + 1} amount`}
        inputMode="decimal"
        placeholder="0.5"
        className={inputClasses()}
      />
    </fieldset>
  );
}

function TextField({
  name,
  label,
  defaultValue,
  placeholder,
  inputMode,
}: {
  name: string;
  label: string;
  defaultValue: string;
  placeholder?: string;
  inputMode?: "decimal";
}) {
  return (
    <div>
      <label
        htmlFor={`import-${name}`}
        className="block text-sm font-medium text-slate-900"
      >
        {label}
      </label>
      <input
        id={`import-${name}`}
        name={name}
        defaultValue={defaultValue}
        placeholder={placeholder}
        inputMode={inputMode}
        className={`mt-1.5 ${inputClasses()}`}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
