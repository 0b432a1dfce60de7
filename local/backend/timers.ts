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

/** A timer longer than Node allows: re-armed in steps until its time. */
class LongTimeout {
  private handle: NodeJS.Timeout | undefined;
  private referenced = true;
  constructor(
    private readonly setShort: typeof setTimeout,
    at: number,
    fire: () => void,
  ) {
    const arm = () => {
      const delay = at - Date.now();
      this.handle =
        delay > MAX_TIMEOUT_MS
          ? this.setShort(arm, MAX_TIMEOUT_MS)
          : this.setShort(fire, Math.max(0, delay));
      if (!this.referenced) this.handle.unref();
    };
    arm();
  }
  clear(clearShort: typeof clearTimeout) {
    if (this.handle !== undefined) clearShort(this.handle);
  }
  unref() {
    this.referenced = false;
    this.handle?.unref();
    return this;
  }
  ref() {
    this.referenced = true;
    this.handle?.ref();
    return this;
  }
  hasRef() {
    return this.referenced;
  }
}

let longTimeoutsInstalled = false;

/**
 * Makes the process's `setTimeout` honour delays past Node's limit (about
 * 24.8 days), which it otherwise fires at once. convex-test schedules each
 * `ctx.scheduler.runAt/runAfter` with a plain `setTimeout`, so without this
 * a function scheduled a month ahead (an override's expiry, a sunset) ran
 * at once in the local backend. Shorter timers are untouched.
 */
export function installLongTimeouts(): void {
  if (longTimeoutsInstalled) return;
  longTimeoutsInstalled = true;
  const setShort = globalThis.setTimeout;
  const clearShort = globalThis.clearTimeout;
  const patchedSet = (
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    if (typeof ms === "number" && ms > MAX_TIMEOUT_MS)
      return new LongTimeout(setShort, Date.now() + ms, () =>
        callback(...args),
      ) as unknown as NodeJS.Timeout;
    return setShort(callback, ms, ...args);
  };
  const patchedClear = (handle?: unknown) => {
    if (handle instanceof LongTimeout) handle.clear(clearShort);
    else clearShort(handle as NodeJS.Timeout);
  };
  // Keep the original's own properties (`util.promisify.custom` among them).
  Object.defineProperties(
    patchedSet,
    Object.getOwnPropertyDescriptors(setShort),
  );
  globalThis.setTimeout = patchedSet as typeof setTimeout;
  globalThis.clearTimeout = patchedClear as typeof clearTimeout;
}
