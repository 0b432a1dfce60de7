import type { Outcome } from "./predictions";
import { isPlainObject } from "./requests";

/** How create calls are answered: normally, or rejected with 429, 500 or 401. */
export type CreateMode = "ok" | "throttle" | "error" | "unauthorized";

/** A change to the global failure switches; fields left out keep their current value. */
export interface ModeUpdate {
  create?: CreateMode;
  /** How many create calls each switch given in this update applies to; unlimited when omitted. */
  times?: number;
  outcome?: Outcome;
}

/** The global failure switches; a `...Remaining` of null means "until changed or reset". */
export interface FakeReplicateMode {
  create: CreateMode;
  createRemaining: number | null;
  outcome: Outcome;
  outcomeRemaining: number | null;
}

const CREATE_MODES: readonly CreateMode[] = [
  "ok",
  "throttle",
  "error",
  "unauthorized",
];
const OUTCOMES: readonly Outcome[] = ["succeed", "fail", "abort", "hang"];

/**
 * Validates a `/_control/mode` body.
 * @returns the update, or a message explaining what is wrong.
 */
export function parseModeUpdate(body: unknown): ModeUpdate | string {
  if (!isPlainObject(body)) return "body must be a JSON object";
  const { create, times, outcome } = body;
  if (create !== undefined && !CREATE_MODES.includes(create as CreateMode)) {
    return `create must be one of ${CREATE_MODES.join(", ")}`;
  }
  if (outcome !== undefined && !OUTCOMES.includes(outcome as Outcome)) {
    return `outcome must be one of ${OUTCOMES.join(", ")}`;
  }
  if (
    times !== undefined &&
    times !== null &&
    !(Number.isInteger(times) && (times as number) > 0)
  ) {
    return "times must be a positive integer";
  }
  return {
    create: create as CreateMode | undefined,
    outcome: outcome as Outcome | undefined,
    times: typeof times === "number" ? times : undefined,
  };
}

/** The mode a fresh or reset fake starts in: every create succeeds, every prediction succeeds. */
export function defaultMode(): FakeReplicateMode {
  return {
    create: "ok",
    createRemaining: null,
    outcome: "succeed",
    outcomeRemaining: null,
  };
}

/** @returns `mode` with the switches named in `update` replaced; `times` applies to each of them. */
export function applyModeUpdate(
  mode: FakeReplicateMode,
  update: ModeUpdate,
): FakeReplicateMode {
  const remaining = update.times ?? null;
  const next = { ...mode };
  if (update.create !== undefined) {
    next.create = update.create;
    next.createRemaining = update.create === "ok" ? null : remaining;
  }
  if (update.outcome !== undefined) {
    next.outcome = update.outcome;
    next.outcomeRemaining = update.outcome === "succeed" ? null : remaining;
  }
  return next;
}

/** One create call was rejected by the create mode: count it down and fall back to "ok" at zero. */
export function consumeCreateMode(mode: FakeReplicateMode): FakeReplicateMode {
  if (mode.createRemaining === null) return mode;
  const left = mode.createRemaining - 1;
  return left > 0
    ? { ...mode, createRemaining: left }
    : { ...mode, create: "ok", createRemaining: null };
}

/** One prediction took the global outcome: count it down and fall back to "succeed" at zero. */
export function consumeOutcomeMode(mode: FakeReplicateMode): FakeReplicateMode {
  if (mode.outcomeRemaining === null) return mode;
  const left = mode.outcomeRemaining - 1;
  return left > 0
    ? { ...mode, outcomeRemaining: left }
    : { ...mode, outcome: "succeed", outcomeRemaining: null };
}
