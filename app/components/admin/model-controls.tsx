/**
 * A model's management controls, shared by the ModelManager's cards and the
 * model detail page: the action buttons, their feedback, and the inline
 * editor, all posting through the model's own fetcher.
 */
import type { ModelDoc } from "~/utils/api";
import {
  ModelActions,
  ModelFeedback,
  useModelFetcher,
  useModelResult,
} from "./model-actions";
import { ModelEditForm } from "./model-edit-form";

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
}: {
  model: ModelDoc;
  controls: ReturnType<typeof useModelControls>;
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
        <ModelEditForm
          model={model}
          fetcher={fetcher}
          server={result?.intent === "update" ? result : undefined}
          submittedValues={
            result?.intent === "update" && !fetcher.data
              ? result.values
              : undefined
          }
          cancelTo={closeHref}
        />
      ) : null}
    </>
  );
}
