/**
 * The VideoGenerationForm (seed 000): model, duration, quality and prompt,
 * with the exact credit cost on the submit button. The cost is computed with
 * `creditCostFor` from convex/lib/modelRules — the code the backend charges
 * with — from the live model, so an admin's price change shows at once.
 *
 * Durations and qualities are derived from the chosen model on every render
 * (not copied into state), so a live capability change can never leave an
 * impossible choice selected. Posts to the route's action (works without JS).
 */
import { Form, Link } from "@remix-run/react";
import { useQuery } from "convex/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import {
  allowedDurations,
  api,
  creditCostFor,
  defaultQuality,
  MAX_PROMPT_LENGTH,
  maxOutputsOf,
  PROMPT_REQUIRED_MESSAGE,
  type InputValue,
  type ModelChoice,
} from "~/utils/api";
import type { ErrorInfo } from "~/utils/errors";
import { formatCredits, formatQuality } from "~/utils/misc";
import { CostSummary, INSUFFICIENT_CREDITS_ID } from "./cost-summary";
import { CreatorInputs, type CreatorValues } from "./creator-inputs";
import { ModelPicker, type PickerModel } from "./model-picker";
import { OptionPills } from "./option-pills";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { describedBy, FieldError, fieldIds, inputClasses } from "./ui/field";

/** Longest prompt the backend accepts (convex/lib/limits.ts). */
export { MAX_PROMPT_LENGTH };

/** Values to start from: a failed submission's, or a `?model=` link's. */
export type FormDefaults = {
  model?: string;
  duration?: string;
  quality?: string;
  prompt?: string;
  outputs?: string;
};

/** Errors returned by the action. */
export type FormFeedback = {
  fieldErrors?: Record<string, string[] | undefined>;
  formErrors?: string[];
  serverError?: ErrorInfo;
};

/** The model chosen at first: `wanted` if listed, else the default, else the first. */
export function initialModelId(models: ModelChoice[], wanted?: string): string {
  if (wanted && models.some((m) => m.modelId === wanted)) return wanted;
  return (models.find((m) => m.isDefault) ?? models[0])?.modelId ?? "";
}

function safeCost(
  model: PickerModel,
  duration: number,
  quality: string,
  request: { inputs?: CreatorValues; outputs?: number } = {},
): number | null {
  try {
    return creditCostFor(model, duration, quality, request);
  } catch {
    return null; // a malformed live model: show no price rather than crash
  }
}

/**
 * The chosen model's details, live (`pricing.getModelForCreate`), or the
 * loader's copy until the subscription answers; undefined while a newly
 * chosen model loads or when it is gone.
 */
function useModelDetails(
  modelId: string,
  initial: PickerModel | null,
): PickerModel | undefined {
  const live = useQuery(
    api.pricing.getModelForCreate,
    modelId === "" ? "skip" : { modelId },
  );
  if (live !== undefined) return live ?? undefined;
  return initial !== null && initial.modelId === modelId ? initial : undefined;
}

export function VideoGenerationForm({
  models,
  initialModel,
  balance,
  defaults = {},
  feedback,
  submitting,
}: {
  /** The active models as the picker lists them (no prices). */
  models: ModelChoice[];
  /** The loader's copy of the initially chosen model's details. */
  initialModel: PickerModel | null;
  /** Live balance in credits; null while unknown. */
  balance: number | null;
  defaults?: FormDefaults;
  feedback?: FormFeedback;
  submitting: boolean;
}) {
  const [modelId, setModelId] = useState(() =>
    initialModelId(models, defaults.model),
  );
  const [durationChoice, setDurationChoice] = useState(
    () => Number(defaults.duration) || 0,
  );
  const [qualityChoice, setQualityChoice] = useState(defaults.quality ?? "");
  const [prompt, setPrompt] = useState(defaults.prompt ?? "");
  const [inputValues, setInputValues] = useState<CreatorValues>({});
  const [outputsChoice, setOutputsChoice] = useState(
    () => Number(defaults.outputs) || 1,
  );
  const [promptError, setPromptError] = useState<string | null>(null);
  const [removedNotice, setRemovedNotice] = useState<string | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);

  const choice = models.find((m) => m.modelId === modelId);
  const model = useModelDetails(choice ? modelId : "", initialModel);
  const lastSelected = useRef<ModelChoice | undefined>(choice);

  // A model removed from the catalogue while chosen is deselected, with a notice.
  useEffect(() => {
    if (choice) {
      lastSelected.current = choice;
      return;
    }
    if (modelId !== "") {
      setRemovedNotice(
        `${lastSelected.current?.name ?? modelId} is no longer available, so it has been deselected. Pick another model.`,
      );
      setModelId("");
    }
  }, [choice, modelId]);

  const durations = model ? allowedDurations(model) : [];
  const duration = durations.includes(durationChoice)
    ? durationChoice
    : durations[0];
  const qualities = model?.supportedQualities ?? [];
  const quality = qualities.includes(qualityChoice)
    ? qualityChoice
    : model
      ? defaultQuality(model)
      : "";
  const maxOutputs = model ? maxOutputsOf(model) : 1;
  const outputs = Math.min(Math.max(outputsChoice, 1), maxOutputs);
  // Only values of inputs this model has (a model switch drops the others).
  const modelInputs = model?.inputs ?? [];
  const inputs: CreatorValues = Object.fromEntries(
    Object.entries(inputValues).filter(([name]) =>
      modelInputs.some((d) => d.name === name),
    ),
  );
  const request = { inputs, outputs };
  const cost =
    model && duration !== undefined
      ? safeCost(model, duration, quality, request)
      : null;
  const short = cost !== null && balance !== null && balance < cost;
  const promptBlank = prompt.trim().length === 0;

  const fieldErrors = feedback?.fieldErrors ?? {};
  const promptErrors = promptError ? [promptError] : fieldErrors.prompt;
  const server = feedback?.serverError;

  function chooseModel(next: string) {
    setModelId(next);
    setRemovedNotice(null);
    setInputValues({});
  }

  function setInput(name: string, value: InputValue | undefined) {
    setInputValues((prev) => {
      const next = { ...prev };
      if (value === undefined) delete next[name];
      else next[name] = value;
      return next;
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (promptBlank) {
      event.preventDefault();
      setPromptError(PROMPT_REQUIRED_MESSAGE);
      promptRef.current?.focus();
    }
  }

  const submitLabel = submitting
    ? "Starting your video…"
    : !choice
      ? "Choose a model"
      : !model
        ? "Loading the model…"
        : cost === null
          ? "Generate video"
          : `Generate video · ${formatCredits(cost)}`;

  return (
    <Form
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="space-y-8"
      aria-label="Create a video"
    >
      {server ? (
        <Alert tone="error" title={server.message}>
          {server.detail ? <p>{server.detail}</p> : null}
          {server.code === "INSUFFICIENT_CREDITS" ? (
            <p className="mt-1">
              <Link to="/credits#packages" className="font-semibold underline">
                Buy credits
              </Link>
            </p>
          ) : null}
        </Alert>
      ) : null}
      {feedback?.formErrors?.length ? (
        <Alert tone="error">{feedback.formErrors.join(" ")}</Alert>
      ) : null}
      {removedNotice ? <Alert tone="warning">{removedNotice}</Alert> : null}

      {models.length === 0 ? (
        <Alert tone="warning" title="No models are available right now.">
          Video generation is paused until an admin activates a model. Check
          back soon.
        </Alert>
      ) : (
        <ModelPicker
          models={models}
          value={modelId}
          selected={model}
          onChange={chooseModel}
          errors={fieldErrors.model}
        />
      )}

      {choice?.isDeprecated ? (
        <Alert tone="warning" title={`${choice.name} is deprecated.`}>
          It still works, but it will be retired. Consider another model for new
          videos.
        </Alert>
      ) : null}

      {model && qualities.length === 1 ? (
        // One quality: nothing to choose, but the form still posts it.
        <>
          <input type="hidden" name="quality" value={quality} />
          <FieldError name="quality" errors={fieldErrors.quality} />
        </>
      ) : null}
      {model ? (
        <div className="grid gap-6 sm:grid-cols-2">
          {durations.length === 1 ? (
            <div>
              <p className="text-sm font-medium text-slate-900">Duration</p>
              <p className="mt-2 text-sm text-slate-700">
                <span className="font-semibold text-slate-900">
                  {durations[0]} seconds
                </span>
                {model.fixedDuration !== undefined
                  ? " — this model makes fixed-length videos."
                  : ""}
              </p>
              <input type="hidden" name="duration" value={durations[0]} />
              <FieldError name="duration" errors={fieldErrors.duration} />
            </div>
          ) : (
            <OptionPills
              name="duration"
              legend="Duration"
              value={String(duration)}
              onChange={(v) => setDurationChoice(Number(v))}
              errors={fieldErrors.duration}
              options={durations.map((d) => {
                const price = safeCost(model, d, quality, request);
                return {
                  value: String(d),
                  label: `${d} s`,
                  hint: price === null ? undefined : formatCredits(price),
                };
              })}
            />
          )}
          {qualities.length === 1 ? null : (
            <OptionPills
              name="quality"
              legend="Quality"
              value={quality}
              onChange={setQualityChoice}
              errors={fieldErrors.quality}
              options={qualities.map((q) => {
                const multiplier = model.qualityMultipliers?.[q];
                return {
                  value: q,
                  label: formatQuality(q),
                  hint:
                    multiplier && multiplier !== 1
                      ? `×${multiplier} price`
                      : "base price",
                };
              })}
            />
          )}
        </div>
      ) : null}

      {model ? (
        <CreatorInputs
          key={model.modelId}
          inputs={modelInputs}
          values={inputs}
          onChange={setInput}
          errors={fieldErrors}
        />
      ) : null}
      {model && maxOutputs > 1 ? (
        <OptionPills
          name="outputs"
          legend="Outputs"
          value={String(outputs)}
          onChange={(v) => setOutputsChoice(Number(v))}
          errors={fieldErrors.outputs}
          description="Each output is a separate video; the price is per output."
          options={Array.from({ length: maxOutputs }, (_, i) => i + 1).map(
            (n) => {
              const price =
                duration === undefined
                  ? null
                  : safeCost(model, duration, quality, {
                      inputs,
                      outputs: n,
                    });
              return {
                value: String(n),
                label: n === 1 ? "1 video" : `${n} videos`,
                hint: price === null ? undefined : formatCredits(price),
              };
            },
          )}
        />
      ) : null}

      <div>
        <div className="flex items-end justify-between gap-2">
          <label
            htmlFor={fieldIds("prompt").input}
            className="block text-sm font-medium text-slate-900"
          >
            Prompt
          </label>
          <span
            id={fieldIds("prompt").hint}
            className={
              prompt.length > MAX_PROMPT_LENGTH - 100
                ? "text-sm font-medium text-amber-800"
                : "text-sm text-slate-600"
            }
          >
            {prompt.length} / {MAX_PROMPT_LENGTH}
            <span className="sr-only"> characters</span>
          </span>
        </div>
        <textarea
          ref={promptRef}
          id={fieldIds("prompt").input}
          name="prompt"
          rows={5}
          required
          maxLength={MAX_PROMPT_LENGTH}
          value={prompt}
          onChange={(event) => {
            setPrompt(event.target.value);
            if (promptError && event.target.value.trim()) setPromptError(null);
          }}
          placeholder="A red fox trotting through fresh snow at sunrise, cinematic, shallow depth of field"
          aria-invalid={promptErrors?.length ? true : undefined}
          aria-describedby={describedBy("prompt", {
            hint: true,
            error: !!promptErrors?.length,
          })}
          className={`mt-1.5 ${inputClasses(!!promptErrors?.length)}`}
        />
        <FieldError name="prompt" errors={promptErrors} />
      </div>

      <CostSummary cost={cost} balance={balance}>
        <Button
          type="submit"
          size="lg"
          className="mt-4 w-full"
          disabled={submitting || !model || short}
          aria-describedby={short ? INSUFFICIENT_CREDITS_ID : undefined}
        >
          {submitLabel}
        </Button>
      </CostSummary>
    </Form>
  );
}
