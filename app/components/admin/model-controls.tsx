/**
 * A model's management controls, shared by the ModelManager's cards and the
 * model detail page: the action buttons, their feedback, and the inline
 * editor, all posting through the model's own fetcher.
 */
import { useNavigate } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { ModelDoc } from "~/utils/api";
import {
  ModelActions,
  ModelFeedback,
  useModelFetcher,
  useModelResult,
  type ModelActionData,
} from "./model-actions";
import { ModelForm } from "./model-form/model-form";

/**
 * The model's fetcher, its latest result, and whether the editor is open.
 * Without JavaScript every post re-renders the page URL (still `?edit=`), so
 * the editor stays open after a post only to show a refused save; with
 * JavaScript a save navigates away from `?edit=` itself.
 */
export function useModelControls(modelId: string, editRequested: boolean) {
  const fetcher = useModelFetcher(modelId);
  const result = useModelResult(modelId, fetcher);
  const pageAnswer = fetcher.data ? undefined : result;
  const open =
    editRequested &&
    (!pageAnswer || (pageAnswer.intent === "update" && !pageAnswer.ok));
  return { fetcher, result, open };
}

/** Actions, feedback and (when `open`) the inline editor of one model. */
export function ModelControls({
  model,
  controls: { fetcher, result, open },
  editHref,
  closeHref,
  detailHref,
  modelIds,
}: {
  model: ModelDoc;
  controls: ReturnType<typeof useModelControls>;
  /** Model IDs the editor suggests as successors. */
  modelIds?: readonly string[];
  /** Opens the editor (`?edit=`). */
  editHref: string;
  /** Where Cancel goes. */
  closeHref: string;
  /** The model's page, when the controls are shown elsewhere. */
  detailHref?: string;
}) {
  return (
    <>
      <ModelActions
        model={model}
        fetcher={fetcher}
        result={result}
        editHref={open ? undefined : editHref}
        detailHref={detailHref}
      />
      <ModelFeedback model={model} result={result} />
      {open ? (
        <ModelEditor
          model={model}
          fetcher={fetcher}
          result={result}
          cancelTo={closeHref}
          modelIds={modelIds}
        />
      ) : null}
    </>
  );
}

/**
 * The edit form of one model, inline. The fetcher outlives the editor: an
 * answer from before it opened is stale (its messages are not shown, and it
 * does not close the editor); a successful save closes it.
 */
function ModelEditor({
  model,
  fetcher,
  result,
  cancelTo,
  modelIds,
}: {
  model: ModelDoc;
  fetcher: ReturnType<typeof useModelFetcher>;
  result?: ModelActionData;
  cancelTo: string;
  modelIds?: readonly string[];
}) {
  const navigate = useNavigate();
  const answer = fetcher.data;
  const answerAtOpen = useRef(answer);
  const fresh = !answer || answer !== answerAtOpen.current;
  useEffect(() => {
    if (answer === answerAtOpen.current) return;
    if (answer?.intent === "update" && answer.ok) {
      navigate(cancelTo, { replace: true, preventScrollReset: true });
    }
  }, [answer, cancelTo, navigate]);
  const saving =
    fetcher.state !== "idle" && fetcher.formData?.get("intent") === "update";
  return (
    <div className="rounded-md border border-indigo-200 bg-indigo-50/40 p-3 sm:p-4">
      <h4 className="mb-4 text-sm font-semibold text-slate-900">
        Edit {model.name}
      </h4>
      <ModelForm
        mode="edit"
        model={model}
        fetcher={fetcher}
        cancelTo={cancelTo}
        modelIds={modelIds}
        submitting={saving}
        lastResult={
          fresh && result?.intent === "update" ? result.result : undefined
        }
      />
    </div>
  );
}
