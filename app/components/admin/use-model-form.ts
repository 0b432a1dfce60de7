/**
 * Client state of a model form: the typed text, which fields to show errors
 * for, and the server's field errors. Rules run on every change (they are
 * cheap and pure); a field's messages appear once it has been left (blur) or
 * a submit was attempted, and update live after that. A server error stays
 * next to its field until the field is edited.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import type { FieldErrors, ModelFormCheck } from "./model-form";

/** What the action answered, as far as the form cares. */
export type ServerFeedback = {
  fieldErrors?: FieldErrors;
  formErrors?: string[];
};

/**
 * State and handlers of a model form checked by `check` (see the module
 * comment); `server` carries the last refused post's field errors.
 */
export function useModelForm<T>(
  initial: Record<string, string>,
  check: (values: Record<string, string>) => ModelFormCheck<T>,
  server?: ServerFeedback,
) {
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempts, setAttempts] = useState(0);
  const [serverErrors, setServerErrors] = useState<FieldErrors>(
    server?.fieldErrors ?? {},
  );
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    setServerErrors(server?.fieldErrors ?? {});
  }, [server]);

  const result = useMemo(() => check(values), [check, values]);

  // After a refused submit, focus the first field with a message.
  useEffect(() => {
    if (attempts === 0) return;
    formRef.current
      ?.querySelector<HTMLElement>('[aria-invalid="true"]')
      ?.focus();
  }, [attempts]);

  function errorsFor(name: string): string[] | undefined {
    const fromServer = serverErrors[name];
    if (fromServer?.length) return fromServer;
    if (attempts > 0 || touched.has(name)) return result.fieldErrors[name];
    return undefined;
  }

  function set(name: string, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
    setServerErrors((current) => {
      if (!current[name]) return current;
      const { [name]: _removed, ...rest } = current;
      return rest;
    });
  }

  function touch(name: string) {
    setTouched((current) => new Set(current).add(name));
  }

  /** Blocks a submit the rules refuse, revealing every message. */
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (result.data === null) {
      event.preventDefault();
      setAttempts((n) => n + 1);
    }
  }

  const formErrors =
    attempts > 0
      ? [...result.formErrors, ...(server?.formErrors ?? [])]
      : (server?.formErrors ?? []);

  return {
    values,
    set,
    touch,
    errorsFor,
    onSubmit,
    formRef,
    formErrors,
    valid: result.data !== null,
    data: result.data,
  };
}
