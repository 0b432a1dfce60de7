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
import { Form, Link, useFetcher } from "@remix-run/react";
import { useConvexAuth, useQuery } from "convex/react";
import {
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from "react";
import { api, type InputValue, type ModelChoice } from "~/utils/api";
import { MAX_PROMPT_LENGTH, PROMPT_REQUIRED_MESSAGE } from "~/utils/rules";
import {
  allowedDurations,
  creditCostFor,
  defaultQuality,
  maxOutputsOf,
} from "~/utils/model-rules";
import type { ErrorInfo } from "~/utils/errors";
import { useUtcDay } from "~/utils/clock";
import { useLiveQuery } from "~/utils/live";
import { formatCredits, formatQuality } from "~/utils/misc";
import { CostSummary, INSUFFICIENT_CREDITS_ID } from "./cost-summary";
import { CreatorInputs, type CreatorValues } from "./creator-inputs";
import { SunsetNotice, UpcomingPrices } from "./model-notices";
import {
  ModelPicker,
  type PickerInsights,
  type PickerModel,
} from "./model-picker";
import { OptionPills } from "./option-pills";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { describedBy, FieldError, fieldIds, inputClasses } from "./ui/field";

/** Longest prompt the backend accepts (convex/lib/limits.ts). */
export { MAX_PROMPT_LENGTH };

/**
 * Values to start from: a failed submission's, a `?model=` link's, or a
 * video's settings ("Reuse settings", "Try again", `?from=<videoId>`).
 */
export type FormDefaults = {
  model?: string;
  duration?: string;
  quality?: string;
  prompt?: string;
  outputs?: string;
  /** Creator input values ("Reuse settings" / "Try again" of a video). */
  inputs?: CreatorValues;
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

/**
 * The caller's price: the same function the backend charges with, at the
 * caller's terms (plan multiplier, override price) from `model.access`.
 */
function safeCost(
  model: PickerModel,
  duration: number,
  quality: string,
  request: { inputs?: CreatorValues; outputs?: number } = {},
  costPerSecond?: number,
): number | null {
  try {
    const priced =
      costPerSecond === undefined ? model : { ...model, costPerSecond };
    return creditCostFor(
      priced,
      duration,
      quality,
      request,
      model.access.terms,
    );
  } catch {
    return null; // a malformed live model: show no price rather than crash
  }
}

/**
 * The chosen model's details at the caller's price, access and notices,
 * live (`pricing.getModelForCreate`, once Convex accepted the token), or the
 * loader's copy until the subscription answers; undefined while a newly
 * chosen model loads or when it is gone.
 */
function useModelDetails(
  modelId: string,
  initial: PickerModel | null,
): PickerModel | undefined {
  const { isAuthenticated } = useConvexAuth();
  const live = useQuery(
    api.pricing.getModelForCreate,
    modelId === "" || !isAuthenticated ? "skip" : { modelId },
  );
  if (live !== undefined) return live ?? undefined;
  return initial !== null && initial.modelId === modelId ? initial : undefined;
}

/**
 * Seconds left until `retryAfterMs` (from when the value arrived) has
 * passed, ticking every second; null without a value, 0 once over.
 */
export function useRetryCountdown(retryAfterMs: number | undefined) {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(
    retryAfterMs === undefined ? null : Math.ceil(retryAfterMs / 1000),
  );
  useEffect(() => {
    if (retryAfterMs === undefined) {
      setSecondsLeft(null);
      return;
    }
    const until = Date.now() + retryAfterMs;
    const tick = () => {
      const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setSecondsLeft(left);
      return left;
    };
    tick();
    const timer = setInterval(() => {
      if (tick() === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [retryAfterMs]);
  return secondsLeft;
}

export function VideoGenerationForm({
  models,
  initialModel,
  balance,
  defaults = {},
  feedback,
  submitting,
  autoSubmit = false,
  insights,
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
  /** Submit once on mount ("Try again" fills the form and generates). */
  autoSubmit?: boolean;
  /** Speed and success per modelId, shown in the model picker. */
  insights?: PickerInsights;
}) {
  const [modelId, setModelId] = useState(() =>
    initialModelId(models, defaults.model),
  );
  const [durationChoice, setDurationChoice] = useState(
    () => Number(defaults.duration) || 0,
  );
  const [qualityChoice, setQualityChoice] = useState(defaults.quality ?? "");
  const [prompt, setPrompt] = useState(defaults.prompt ?? "");
  const [inputValues, setInputValues] = useState<CreatorValues>(
    () => defaults.inputs ?? {},
  );
  const [outputsChoice, setOutputsChoice] = useState(
    () => Number(defaults.outputs) || 1,
  );
  const [promptError, setPromptError] = useState<string | null>(null);
  const [removedNotice, setRemovedNotice] = useState<string | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const autoSubmitted = useRef(false);

  const choice = models.find((m) => m.modelId === modelId);
  const model = useModelDetails(choice ? modelId : "", initialModel);
  const lastSelected = useRef<ModelChoice | undefined>(choice);
  // The chosen model's speed and success, live, beside the page's own.
  const today = useUtcDay();
  const chosenInsights = useLiveQuery(
    api.insights.getModelInsights,
    { modelIds: choice ? [modelId] : [], today },
    [],
  );
  const pickerInsights: PickerInsights = new Map(insights);
  for (const row of chosenInsights) pickerInsights.set(row.modelId, row);
  // "Try again" submits once the chosen model's details (durations,
  // qualities, price) have loaded, so the form posts a complete request.
  const modelReady = model !== undefined;
  useEffect(() => {
    if (!autoSubmit || autoSubmitted.current || !modelReady) return;
    autoSubmitted.current = true;
    formRef.current?.requestSubmit();
  }, [autoSubmit, modelReady]);

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
  const blocked = model ? !model.access.allowed || model.access.locked : false;
  const upcoming =
    model && duration !== undefined
      ? (model.scheduledPriceChanges ?? []).map((change) => ({
          effectiveAt: change.effectiveAt,
          credits: safeCost(
            model,
            duration,
            quality,
            request,
            change.costPerSecond,
          ),
        }))
      : [];
  const successor = model?.successorModelId
    ? models.find((m) => m.modelId === model.successorModelId)
    : undefined;

  const fieldErrors = feedback?.fieldErrors ?? {};
  const promptErrors = promptError ? [promptError] : fieldErrors.prompt;
  const server = feedback?.serverError;
  const rateLimited = server?.code === "RATE_LIMITED";
  // Every new refusal restarts the countdown (the action data is a new object).
  const retryIn = useRetryCountdown(
    rateLimited ? (server.retryAfterMs ?? 1000) : undefined,
  );
  const waiting = retryIn !== null && retryIn > 0;

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

  // Ctrl+Enter / ⌘+Enter generates from anywhere in the form.
  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!submitting) event.currentTarget.requestSubmit();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (promptBlank) {
      event.preventDefault();
      setPromptError(PROMPT_REQUIRED_MESSAGE);
      promptRef.current?.focus();
    }
  }

  const priceChanged = server?.code === "PRICE_CHANGED";
  const submitLabel = submitting
    ? "Starting your video…"
    : waiting
      ? `Try again in ${retryIn} s`
      : !choice
        ? "Choose a model"
        : !model
          ? "Loading the model…"
          : cost === null
            ? "Generate video"
            : priceChanged
              ? `Confirm at the new price · ${formatCredits(cost)}`
              : `Generate video · ${formatCredits(cost)}`;

  return (
    <Form
      ref={formRef}
      method="post"
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
      noValidate
      className="space-y-8"
      aria-label="Create a video"
    >
      {rateLimited ? (
        <Alert
          tone="warning"
          title={
            waiting
              ? `Too many videos at once — try again in ${retryIn} s`
              : "You can try again now."
          }
        >
          <p>
            Each account can start a limited number of videos per minute. Your
            prompt and settings are kept.
          </p>
        </Alert>
      ) : server && priceChanged ? (
        <Alert tone="warning" title={server.message}>
          <p>
            This video now costs{" "}
            <strong>{formatCredits(cost ?? server.credits ?? 0)}</strong>.
            Nothing was charged. Press the button again to create it at this
            price.
          </p>
        </Alert>
      ) : server ? (
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
          insights={pickerInsights}
        />
      )}

      {model?.pausedAt !== undefined && model ? (
        <Alert
          tone="warning"
          title={`${model.name} is temporarily unavailable.`}
        >
          Too many recent videos failed, so it is paused while we check it. Pick
          another model or come back later.
        </Alert>
      ) : null}

      {model && !model.access.allowed ? (
        <Alert
          tone="error"
          title={`${model.name} isn't included in your plan.`}
        >
          Pick another model, or ask us about a plan that includes it.
        </Alert>
      ) : model && model.access.locked ? (
        <UnlockPanel
          modelId={model.modelId}
          name={model.name}
          credits={model.access.unlockCredits ?? 0}
          balance={balance}
        />
      ) : null}

      {model?.sunsetAt !== undefined ? (
        <SunsetNotice
          name={model.name}
          sunsetAt={model.sunsetAt}
          successor={successor}
        />
      ) : null}

      {model?.isDeprecated ? (
        <Alert tone="warning" title={`${model.name} is deprecated.`}>
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
        <UpcomingPrices changes={upcoming} className="mt-3 space-y-1" />
        {cost !== null ? (
          <input type="hidden" name="expectedCredits" value={cost} />
        ) : null}
        <Button
          type="submit"
          size="lg"
          className="mt-4 w-full"
          disabled={
            submitting ||
            !model ||
            short ||
            blocked ||
            waiting ||
            model.pausedAt !== undefined
          }
          aria-describedby={short ? INSUFFICIENT_CREDITS_ID : undefined}
        >
          {submitLabel}
        </Button>
        <p className="mt-2 text-center text-xs text-slate-600">
          Tip: press <kbd className="font-sans font-semibold">Ctrl</kbd>+
          <kbd className="font-sans font-semibold">Enter</kbd> (
          <kbd className="font-sans font-semibold">⌘</kbd>+
          <kbd className="font-sans font-semibold">Enter</kbd> on a Mac) to
          generate. The form keeps your settings for the next variant.
        </p>
      </CostSummary>
    </Form>
  );
}

/**
 * A locked model: its one-time unlock price and a button that asks for
 * confirmation before spending the credits (`plans:unlockModel` through the
 * route's action). The live catalogue unlocks the form once it is paid.
 */
function UnlockPanel({
  modelId,
  name,
  credits,
  balance,
}: {
  modelId: string;
  name: string;
  credits: number;
  balance: number | null;
}) {
  const fetcher = useFetcher<{ unlockError?: string }>();
  const [confirming, setConfirming] = useState(false);
  const busy = fetcher.state !== "idle";
  const short = balance !== null && balance < credits;
  return (
    <Alert tone="info" title={`${name} is a premium model: unlock it once.`}>
      <p>
        Unlock it for <strong>{formatCredits(credits)}</strong>, once; it stays
        unlocked for every video after.
      </p>
      {fetcher.data?.unlockError ? (
        <p className="mt-1 font-semibold text-red-800">
          {fetcher.data.unlockError}
        </p>
      ) : null}
      {short ? (
        <p className="mt-1">
          You need {formatCredits(credits - (balance ?? 0))} more.{" "}
          <Link to="/credits" className="font-semibold underline">
            Get credits
          </Link>
        </p>
      ) : confirming ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <span>
            Spend {formatCredits(credits)} to unlock {name}?
          </span>
          <Button
            type="button"
            size="sm"
            disabled={busy}
            onClick={() => {
              void fetcher.submit(
                { intent: "unlock", modelId },
                { method: "post" },
              );
              setConfirming(false);
            }}
          >
            Confirm unlock
          </Button>
          <Button
            type="button"
            size="sm"
            variant="secondary"
            onClick={() => setConfirming(false)}
          >
            Cancel
          </Button>
        </div>
      ) : (
        <Button
          type="button"
          size="sm"
          className="mt-2"
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          {busy ? "Unlocking…" : `Unlock for ${formatCredits(credits)}`}
        </Button>
      )}
    </Alert>
  );
}
