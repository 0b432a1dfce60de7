/**
 * The ModelManager's inline edit of one model: price (US$/s, ≤ 4 decimals),
 * flags (active, premium, deprecated) and capabilities (durations,
 * qualities, multipliers, max and fixed duration). Checked in the browser
 * with the backend's own rules before it is sent; the action checks again
 * and the backend's refusals come back next to the field they name.
 */
import { Link, useNavigate } from "@remix-run/react";
import type { FetcherWithComponents } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";
import type { ModelDoc } from "~/utils/api";
import { allowedDurations, creditCostFor, defaultQuality } from "~/utils/api";
import { formatCredits, formatQuality } from "~/utils/misc";
import { Alert } from "../ui/alert";
import { Button, buttonClasses } from "../ui/button";
import {
  checkModelEdit,
  editValuesOf,
  type ModelActionData,
} from "./model-form";
import { CheckboxField, TextField } from "./model-fields";
import { useModelForm, type ServerFeedback } from "./use-model-form";

/** Credits per allowed duration with the draft applied (null clears). */
function previewCosts(model: ModelDoc, patch: object): string {
  const next: Record<string, unknown> = { ...model };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  try {
    const draft = next as ModelDoc;
    const quality = defaultQuality(draft);
    return allowedDurations(draft)
      .map((d) => `${d} s → ${formatCredits(creditCostFor(draft, d, quality))}`)
      .join(" · ")
      .concat(` (${formatQuality(quality)})`);
  } catch {
    return "—";
  }
}

/** The inline edit form of `model`, posting `intent=update` through `fetcher`. */
export function ModelEditForm({
  model,
  fetcher,
  server,
  submittedValues,
  cancelTo,
}: {
  model: ModelDoc;
  fetcher: FetcherWithComponents<unknown>;
  /** The action's answer to this form's last post, if it failed. */
  server?: ServerFeedback;
  /** Values of a refused post without JavaScript, to refill the form. */
  submittedValues?: Record<string, string>;
  /** Where "Cancel" goes (the page without `?edit=`). */
  cancelTo: string;
}) {
  const check = useCallback(
    (values: Record<string, string>) => checkModelEdit(model, values),
    [model],
  );

  const saving =
    fetcher.state !== "idle" && fetcher.formData?.get("intent") === "update";
  const navigate = useNavigate();
  const answer = fetcher.data as ModelActionData | undefined;

  // The fetcher outlives the editor: an answer from before it opened is
  // stale (its errors are not shown, and it does not close the editor).
  const answerAtOpen = useRef(answer);
  const fresh = !answer || answer !== answerAtOpen.current;
  const form = useModelForm(
    submittedValues ?? editValuesOf(model),
    check,
    fresh ? server : undefined,
  );
  // A successful save closes the editor (the page without `?edit=`).
  useEffect(() => {
    if (answer === answerAtOpen.current) return;
    if (answer?.intent === "update" && answer.ok) {
      navigate(cancelTo, { replace: true, preventScrollReset: true });
    }
  }, [answer, cancelTo, navigate]);
  const prefix = `${model._id}-`;
  const text = (name: string) => ({
    prefix,
    name,
    value: form.values[name] ?? "",
    onChange: (value: string) => form.set(name, value),
    onBlur: () => form.touch(name),
    errors: form.errorsFor(name),
  });
  const flag = (name: string) => ({
    prefix,
    name,
    checked: form.values[name] === "on",
    onChange: (checked: boolean) => {
      form.set(name, checked ? "on" : "");
      form.touch(name);
    },
    errors: form.errorsFor(name),
  });

  return (
    <fetcher.Form
      method="post"
      ref={form.formRef}
      onSubmit={form.onSubmit}
      noValidate
      aria-label={`Edit ${model.name}`}
      className="space-y-5 rounded-md border border-indigo-200 bg-indigo-50/40 p-4"
    >
      <input type="hidden" name="modelId" value={model.modelId} hidden />
      <h4 className="text-sm font-semibold text-slate-900">
        Edit price, capabilities and flags
      </h4>
      {form.formErrors.length ? (
        <Alert tone="error">{form.formErrors.join(" ")}</Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <TextField
          {...text("costPerSecond")}
          label="Price per second (US$)"
          inputMode="decimal"
          autoComplete="off"
          hint={
            form.data
              ? `Creators pay: ${previewCosts(model, form.data)}`
              : "Up to 4 decimal places, e.g. 0.18."
          }
        />
        <TextField
          {...text("supportedDurations")}
          label="Durations (seconds)"
          hint="Comma-separated, e.g. 5, 9."
          autoComplete="off"
        />
        <TextField
          {...text("supportedQualities")}
          label="Qualities"
          hint="Comma-separated, e.g. standard, HD."
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          {...text("qualityMultipliers")}
          label="Quality multipliers"
          hint="quality=multiplier, e.g. high=1.5. Others cost ×1."
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          {...text("maxDuration")}
          label="Maximum duration (seconds)"
          hint="Optional."
          inputMode="numeric"
          autoComplete="off"
        />
        <TextField
          {...text("fixedDuration")}
          label="Fixed duration (seconds)"
          hint="Optional: the only length it makes."
          inputMode="numeric"
          autoComplete="off"
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Flags</legend>
        <div className="mt-2 flex flex-wrap gap-x-8 gap-y-3">
          <CheckboxField {...flag("isActive")} label="Active" />
          <CheckboxField {...flag("isPremium")} label="Premium" />
          <CheckboxField {...flag("isDeprecated")} label="Deprecated" />
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="intent" value="update" disabled={saving}>
          {saving ? "Saving…" : "Save changes"}
        </Button>
        <Link
          to={cancelTo}
          replace
          preventScrollReset
          className={buttonClasses("secondary")}
        >
          Cancel
        </Link>
      </div>
    </fetcher.Form>
  );
}
