/** Timers for far-off times (crons, scheduled functions). */

/** Node fires timers longer than this (about 24.8 days) at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** A cancellable timer. */
export interface Timer {
  cancel(): void;
}

/**
 * Calls `fn` at the wall-clock time `at` (ms since epoch), however far off,
 * without keeping the process alive on its own.
 */
export function runAt(at: number, fn: () => void): Timer {
  let handle: NodeJS.Timeout;
  const arm = () => {
    const delay = at - Date.now();
    if (delay > MAX_TIMEOUT_MS) {
      handle = setTimeout(arm, MAX_TIMEOUT_MS);
    } else {
      handle = setTimeout(fn, Math.max(0, delay));
    }
    handle.unref();
  };
  arm();
  return { cancel: () => clearTimeout(handle) };
}
