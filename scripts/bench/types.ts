/** What every bench entry is made of (scripts/bench.ts runs them). */
import type { BenchStack } from "./stack";

/** What an entry needs started before it runs. */
export type Needs = {
  /** The local stack (backend, fakes, app). */
  stack?: boolean;
  /** A fresh `remix build` (JS per route, server-rendered HTML). */
  build?: boolean;
};

/** One named measurement; `npm run bench -- <word>` runs those whose name contains the word. */
export type Entry = {
  name: string;
  needs: Needs;
  /** Measures and `report()`s its figures. */
  run: (stack: BenchStack | undefined) => Promise<void>;
};

/** The stack an entry that declared `needs.stack` gets. */
export function required(stack: BenchStack | undefined): BenchStack {
  if (stack === undefined) throw new Error("this entry needs the stack");
  return stack;
}
