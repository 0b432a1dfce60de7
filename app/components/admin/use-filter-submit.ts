/**
 * Submits a GET filter form as its fields change, replacing the history
 * entry: at once for clicks (radios, checkboxes), after a short pause for
 * typing, so a search does not navigate on every keystroke.
 */
import { useSubmit } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";

/** Milliseconds of typing pause before a search is applied. */
const TYPING_PAUSE_MS = 250;

/** An `onChange` handler for a GET filter form (see the module comment). */
export function useFilterSubmit() {
  const submit = useSubmit();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  return (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const typing =
      event.target instanceof HTMLInputElement &&
      (event.target.type === "search" || event.target.type === "text");
    clearTimeout(timer.current);
    const apply = () =>
      submit(form, { replace: true, preventScrollReset: true });
    if (typing) timer.current = setTimeout(apply, TYPING_PAUSE_MS);
    else apply();
  };
}
