/**
 * A destructive or far-reaching action behind an inline confirm step (soft
 * delete, restore, role changes). The trigger opens a small panel that takes
 * a whole row of its flex container: the question, the consequences, and
 * "confirm" / "cancel" buttons. Focus moves to "cancel" (the safe choice);
 * Escape or cancel closes it and returns focus to the trigger.
 *
 * Without JavaScript the trigger posts the intent without `confirmed=yes`;
 * the action answers "please confirm" and the page renders the panel open
 * (`askedByServer`), so the confirm step exists in both cases.
 */
import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import type { FetcherWithComponents } from "@remix-run/react";
import {
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { useHydrated } from "~/utils/use-hydrated";
import { Button, buttonClasses, type ButtonVariant } from "../ui/button";

function HiddenFields({ fields }: { fields: Record<string, string> }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/** A trigger button plus its inline confirm panel (see the module comment). */
export function ConfirmAction({
  fetcher,
  intent,
  fields,
  label,
  question,
  description,
  confirmLabel,
  pendingLabel,
  variant = "danger",
  askedByServer = false,
  disabled = false,
}: {
  /** Post through this fetcher; without it, a page form (navigation). */
  fetcher?: FetcherWithComponents<unknown>;
  intent: string;
  /** Hidden fields sent with the intent (e.g. the modelId). */
  fields: Record<string, string>;
  label: ReactNode;
  question: string;
  description?: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  variant?: ButtonVariant;
  askedByServer?: boolean;
  disabled?: boolean;
}) {
  const hydrated = useHydrated();
  const navigation = useNavigation();
  const location = useLocation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const FormComponent = fetcher ? fetcher.Form : Form;
  const state = fetcher ? fetcher : navigation;
  const pending =
    state.state !== "idle" && state.formData?.get("intent") === intent;
  const shown = open || (askedByServer && !hydrated);

  // Opening moves focus into the panel; finishing closes it.
  useEffect(() => {
    if (open && !pending) cancelRef.current?.focus();
  }, [open, pending]);
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending) setOpen(false);
    wasPending.current = pending;
  }, [pending]);

  function close() {
    setOpen(false);
    triggerRef.current?.focus();
  }
  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  }

  return (
    <>
      <FormComponent method="post">
        <HiddenFields fields={fields} />
        <Button
          ref={triggerRef}
          type="submit"
          name="intent"
          value={intent}
          variant={variant}
          size="sm"
          disabled={disabled || pending}
          aria-expanded={hydrated ? shown : undefined}
          aria-controls={shown ? `${id}-panel` : undefined}
          onClick={(event) => {
            event.preventDefault();
            setOpen(true);
          }}
        >
          {pending ? pendingLabel : label}
        </Button>
      </FormComponent>
      {shown ? (
        <div
          id={`${id}-panel`}
          role="group"
          aria-labelledby={`${id}-question`}
          aria-describedby={description ? `${id}-description` : undefined}
          onKeyDown={onKeyDown}
          className="basis-full rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        >
          <p id={`${id}-question`} className="font-semibold">
            {question}
          </p>
          {description ? (
            <p id={`${id}-description`} className="mt-1">
              {description}
            </p>
          ) : null}
          <FormComponent method="post" className="mt-3 flex flex-wrap gap-2">
            <HiddenFields fields={{ ...fields, confirmed: "yes" }} />
            <Button
              type="submit"
              name="intent"
              value={intent}
              variant={variant === "danger" ? "danger" : "primary"}
              size="sm"
              disabled={pending}
            >
              {pending ? pendingLabel : confirmLabel}
            </Button>
            {hydrated ? (
              <Button
                ref={cancelRef}
                variant="secondary"
                size="sm"
                onClick={close}
                disabled={pending}
              >
                Cancel
              </Button>
            ) : (
              <Link
                to={`${location.pathname}${location.search}`}
                className={buttonClasses("secondary", "sm")}
              >
                Cancel
              </Link>
            )}
          </FormComponent>
        </div>
      ) : null}
    </>
  );
}
