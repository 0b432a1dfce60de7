/**
 * The bulk action bar: shown while models are selected (on any page), it
 * names how many, offers Activate / Deactivate / Deprecate and Clear, and
 * asks ONE confirmation in a modal dialog (native `<dialog>`: focus stays
 * inside, Escape or Cancel closes it and focus returns to the button that
 * opened it). Confirming posts `intent=bulk` with the ids through a fetcher;
 * the answer shows in a live region and the selection clears.
 *
 * Without JavaScript there is no selection (the checkboxes need it); the
 * action's confirm step (`ServerConfirm`) still exists for a crafted post.
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import type { BulkActionData } from "~/utils/admin-bulk.server";
import { Alert } from "../../ui/alert";
import { Button } from "../../ui/button";
import {
  BULK_ACTIONS,
  bulkAction,
  MAX_BULK,
  modelsCount,
  type BulkAction,
} from "./bulk-schema";

/** Names listed in the dialog before "and N more". */
const NAMES_SHOWN = 8;

function HiddenIds({ ids }: { ids: string[] }) {
  return (
    <>
      {ids.map((id) => (
        <input key={id} type="hidden" name="modelIds" value={id} />
      ))}
    </>
  );
}

/** The bar and its dialog (see the module comment). */
export function BulkBar({
  selected,
  onClear,
}: {
  /** Selected model ids → names. */
  selected: ReadonlyMap<string, string>;
  onClear: () => void;
}) {
  const fetcher = useFetcher<BulkActionData>();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const [action, setAction] = useState<BulkAction | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const titleId = useId();
  const busy = fetcher.state !== "idle";
  const count = selected.size;
  const tooMany = count > MAX_BULK;
  const ids = [...selected.keys()];
  const names = [...selected.values()];

  const close = () => {
    dialog.current?.close();
  };

  // The answer: success clears the selection and closes the dialog;
  // a refusal stays in the dialog.
  const answered = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (!answered || answered.intent !== "bulk") return;
    if (answered.ok) {
      setMessage(answered.message ?? "Done.");
      dialog.current?.close();
      onClear();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [answered]);

  const open = (value: BulkAction, button: HTMLButtonElement) => {
    opener.current = button;
    setAction(value);
    setMessage(null);
    dialog.current?.showModal();
  };

  const chosen = action ? bulkAction(action) : null;
  const refusal = answered && !answered.ok ? answered.error : undefined;

  return (
    <>
      <p className="sr-only" role="status" aria-live="polite">
        {message ?? ""}
      </p>
      {message && count === 0 ? (
        <Alert tone="success" className="mb-3">
          {message}
        </Alert>
      ) : null}
      {count > 0 ? (
        <div
          role="region"
          aria-label="Bulk actions"
          className="sticky bottom-2 z-10 mt-3 flex flex-wrap items-center gap-2 rounded-lg border border-indigo-200 bg-white p-2 shadow-lg sm:p-3"
        >
          <p className="mr-auto text-sm font-medium text-slate-900">
            {modelsCount(count)} selected
            {tooMany ? (
              <span className="block text-xs font-normal text-red-800">
                At most {MAX_BULK} at once: clear some first.
              </span>
            ) : null}
          </p>
          {BULK_ACTIONS.map((a) => (
            <Button
              key={a.value}
              type="button"
              size="sm"
              variant={a.value === "activate" ? "primary" : "secondary"}
              disabled={tooMany || busy}
              onClick={(event) => open(a.value, event.currentTarget)}
            >
              {a.verb}…
            </Button>
          ))}
          <Button type="button" size="sm" variant="ghost" onClick={onClear}>
            Clear selection
          </Button>
        </div>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClose={() => {
          setAction(null);
          opener.current?.focus();
        }}
        className="w-[min(32rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/50"
      >
        {chosen ? (
          <fetcher.Form method="post" className="space-y-4 p-5">
            <h2 id={titleId} className="text-lg font-semibold text-slate-900">
              {chosen.verb} {modelsCount(count)}?
            </h2>
            <p className="text-sm text-slate-700">
              {action === "deprecate"
                ? "Creators see them marked deprecated; they stay usable."
                : action === "deactivate"
                  ? "Creators can no longer choose them; open forms update at once."
                  : "Creators can choose them at once."}{" "}
              Each change is recorded in the model&apos;s audit trail.
            </p>
            <ul className="max-h-48 list-disc overflow-y-auto pl-5 text-sm text-slate-900">
              {names.slice(0, NAMES_SHOWN).map((name, i) => (
                <li key={ids[i]}>{name}</li>
              ))}
              {count > NAMES_SHOWN ? (
                <li>and {modelsCount(count - NAMES_SHOWN)} more</li>
              ) : null}
            </ul>
            {refusal ? (
              <Alert tone="error" title={refusal.message}>
                {refusal.detail}
              </Alert>
            ) : null}
            <input type="hidden" name="intent" value="bulk" />
            <input type="hidden" name="action" value={chosen.value} />
            <input type="hidden" name="confirmed" value="yes" />
            <HiddenIds ids={ids} />
            <div className="flex flex-wrap justify-end gap-2">
              <Button
                type="button"
                variant="secondary"
                autoFocus
                onClick={close}
              >
                Cancel
              </Button>
              <Button
                type="submit"
                variant={action === "activate" ? "primary" : "danger"}
                disabled={busy}
              >
                {busy ? "Working…" : `${chosen.verb} ${modelsCount(count)}`}
              </Button>
            </div>
          </fetcher.Form>
        ) : null}
      </dialog>
    </>
  );
}

/**
 * The server-rendered confirm step, for a bulk post that arrived without
 * `confirmed=yes` (no JavaScript): the same question, one Confirm button.
 */
export function ServerConfirm({
  confirm,
}: {
  confirm: NonNullable<BulkActionData["confirm"]>;
}) {
  const chosen = bulkAction(confirm.action);
  return (
    <form
      method="post"
      className="mb-4 space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4"
    >
      <h2 className="font-semibold text-slate-900">
        {chosen.verb} {modelsCount(confirm.modelIds.length)}?
      </h2>
      <p className="text-sm text-slate-800">{confirm.modelIds.join(", ")}</p>
      <input type="hidden" name="intent" value="bulk" />
      <input type="hidden" name="action" value={confirm.action} />
      <input type="hidden" name="confirmed" value="yes" />
      <HiddenIds ids={confirm.modelIds} />
      <Button type="submit" variant="danger" size="sm">
        {chosen.verb} {modelsCount(confirm.modelIds.length)}
      </Button>
    </form>
  );
}
