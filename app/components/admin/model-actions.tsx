/**
 * The buttons that change a model in one step — set default, deprecate or
 * undeprecate, activate or deactivate, soft delete or restore (both behind a
 * confirm step) — and the answer of the last change. They post through the
 * model's keyed fetcher, so the ModelManager card and the model's detail
 * page share pending states and results.
 */
import { Link, useActionData, useFetcher } from "@remix-run/react";
import type { FetcherWithComponents } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";
import type { ModelDoc } from "~/utils/api";
import type { ErrorInfo } from "~/utils/errors";
import { Alert } from "../ui/alert";
import { Button, buttonClasses, type ButtonVariant } from "../ui/button";
import { ConfirmAction } from "./confirm-action";

/** What a model action answers (the page shows it with the model). */
export type ModelActionData = {
  intent: string;
  modelId: string;
  ok: boolean;
  /** What happened, for a success message. */
  message?: string;
  /** A refusal that is not about one field of the edit form. */
  error?: ErrorInfo;
  /** The edit form's answer (`intent=update`): field messages and values. */
  result?: SubmissionResult<string[]>;
  /** True when a delete/restore arrived unconfirmed (no JavaScript). */
  confirm?: boolean;
};

/** The fetcher of one model's changes (shared by every component of that model). */
export function useModelFetcher(modelId: string) {
  return useFetcher<ModelActionData>({ key: `model:${modelId}` });
}

/**
 * The last answer about this model: the fetcher's, or — after a post
 * without JavaScript — the page action's, when it was about this model.
 */
export function useModelResult(
  modelId: string,
  fetcher: ReturnType<typeof useModelFetcher>,
): ModelActionData | undefined {
  const pageResult = useActionData<ModelActionData>();
  if (fetcher.data) return fetcher.data;
  return pageResult?.modelId === modelId ? pageResult : undefined;
}

const DONE: Record<string, (name: string) => string> = {
  "set-default": (name) => `${name} is now the default model.`,
  deprecate: (name) => `${name} is marked deprecated.`,
  undeprecate: (name) => `${name} is no longer deprecated.`,
  activate: (name) => `${name} is active: creators can pick it.`,
  deactivate: (name) => `${name} is inactive: creators no longer see it.`,
  delete: (name) => `${name} was deleted. Creators no longer see it.`,
  restore: (name) => `${name} was restored.`,
  update: () => "Changes saved. Creators see them now.",
};

function IntentButton({
  fetcher,
  modelId,
  intent,
  pendingLabel,
  variant = "secondary",
  children,
}: {
  fetcher: FetcherWithComponents<unknown>;
  modelId: string;
  intent: string;
  pendingLabel: string;
  variant?: ButtonVariant;
  children: ReactNode;
}) {
  const pending =
    fetcher.state !== "idle" && fetcher.formData?.get("intent") === intent;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="modelId" value={modelId} />
      <Button
        type="submit"
        name="intent"
        value={intent}
        variant={variant}
        size="sm"
        disabled={pending}
      >
        {pending ? pendingLabel : children}
      </Button>
    </fetcher.Form>
  );
}

/**
 * The outcome of the model's last change: a success line, or the refusal —
 * except a refused edit, which the edit form shows itself.
 */
export function ModelFeedback({
  model,
  result,
}: {
  model: Pick<ModelDoc, "name">;
  result?: ModelActionData;
}) {
  if (!result || result.confirm) return null;
  if (result.ok) {
    const text = DONE[result.intent]?.(model.name) ?? result.message;
    return (
      <p role="status" className="text-sm font-medium text-emerald-800">
        {result.message === "Nothing changed." ? result.message : text}
      </p>
    );
  }
  if (!result.error || result.result) return null;
  return (
    <Alert tone="error" title={result.error.message}>
      {result.error.detail ? <p>{result.error.detail}</p> : null}
    </Alert>
  );
}

/** The one-step changes of a model (see the module comment). */
export function ModelActions({
  model,
  fetcher,
  result,
  editHref,
  detailHref,
}: {
  model: ModelDoc;
  fetcher: FetcherWithComponents<unknown>;
  result?: ModelActionData;
  /** Link that opens the inline editor, when the page has one. */
  editHref?: string;
  /** Link to the model's detail page, when not on it. */
  detailHref?: string;
}) {
  const deleted = model.deletedAt !== undefined;
  const fields = { modelId: model.modelId };
  const intent = (name: string) => ({
    fetcher,
    modelId: model.modelId,
    intent: name,
  });
  return (
    <div className="flex flex-wrap items-center gap-2">
      {editHref && !deleted ? (
        <Link
          to={editHref}
          replace
          preventScrollReset
          className={buttonClasses("primary", "sm")}
          aria-label={`Edit ${model.name}`}
          data-edit-link=""
        >
          Edit
        </Link>
      ) : null}
      {!deleted && !model.isDefault && model.isActive && !model.isDeprecated ? (
        <IntentButton {...intent("set-default")} pendingLabel="Setting…">
          Set default
        </IntentButton>
      ) : null}
      {!deleted ? (
        model.isDeprecated ? (
          <IntentButton {...intent("undeprecate")} pendingLabel="Saving…">
            Undeprecate
          </IntentButton>
        ) : (
          <IntentButton {...intent("deprecate")} pendingLabel="Saving…">
            Deprecate
          </IntentButton>
        )
      ) : null}
      {!deleted ? (
        model.isActive ? (
          <IntentButton {...intent("deactivate")} pendingLabel="Saving…">
            Deactivate
          </IntentButton>
        ) : (
          <IntentButton {...intent("activate")} pendingLabel="Saving…">
            Activate
          </IntentButton>
        )
      ) : null}
      {detailHref ? (
        <Link
          to={detailHref}
          className={buttonClasses("ghost", "sm")}
          aria-label={`Details and audit trail of ${model.name}`}
        >
          Details
        </Link>
      ) : null}
      {deleted ? (
        <ConfirmAction
          fetcher={fetcher}
          intent="restore"
          fields={fields}
          label="Restore"
          variant="primary"
          question={`Restore ${model.name}?`}
          description={
            model.isActive
              ? "It comes back with its flags (not as the default), and creators can pick it again right away."
              : "It comes back with its flags, still inactive: activate it when creators should see it."
          }
          confirmLabel="Yes, restore"
          pendingLabel="Restoring…"
          askedByServer={result?.intent === "restore" && result.confirm}
        />
      ) : (
        <ConfirmAction
          fetcher={fetcher}
          intent="delete"
          fields={fields}
          label="Delete"
          question={`Delete ${model.name}?`}
          description="A soft delete: it leaves every creator's list at once, but its videos, statistics and audit trail stay, and you can restore it."
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          askedByServer={result?.intent === "delete" && result.confirm}
        />
      )}
    </div>
  );
}
