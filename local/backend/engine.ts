/**
 * The execution engine: the project's Convex functions running in a
 * convex-test instance, called by path with the caller's identity, with the
 * public/internal boundary the real backend enforces.
 */
import { convexTest } from "convex-test";
import { makeFunctionReference, type UserIdentity } from "convex/server";
import { convexToJson, type JSONValue, type Value } from "convex/values";
import { EngineInternals, type PageJournal } from "./internals.js";
import type { ConvexFolder } from "./modules.js";

/** The three kinds of callable functions. */
export type FunctionKind = "query" | "mutation" | "action";

/** Who makes a call: an identity (or none), and whether with the admin key. */
export interface Caller {
  identity: UserIdentity | null;
  /** Admin callers may call internal functions. */
  admin: boolean;
}

/** A signed-out client. */
export const ANONYMOUS: Caller = { identity: null, admin: false };
/** The backend itself (crons, scheduled functions): no identity, internal allowed. */
export const SYSTEM: Caller = { identity: null, admin: true };

/** A call's result in wire form: a `convexToJson` value, or an error with its ConvexError data. */
export type Outcome =
  | { success: true; value: JSONValue }
  | { success: false; errorMessage: string; errorData?: JSONValue };

/** One function call. */
export interface CallRequest {
  /** The expected kind; `"any"` runs whatever kind the function is. */
  kind: FunctionKind | "any";
  /** `"module:function"`, `"dir/module:function"`, or `"module"` for a default export. */
  path: string;
  args: Record<string, Value>;
  caller: Caller;
  /** Where the call came from, for the log line: `"ws"`, `"http"`, `"cron"`... */
  source: string;
  /**
   * Component path of the function (`"rateLimiter"`); the app's own by
   * default. Only the backend itself (crons, scheduled functions) calls into
   * a component directly: clients reach components through the app.
   */
  component?: string;
}

type TestConvex = ReturnType<typeof convexTest>;

/** A function's address inside a component, as convex-test resolves it. */
interface FunctionPath {
  componentPath: string;
  udfPath: string;
}

/**
 * Accessor methods convex-test's object has at run time without declaring
 * them: calls by component path.
 */
interface ComponentCalls {
  queryFromPath(
    path: FunctionPath,
    args: Record<string, Value>,
  ): Promise<Value>;
  mutationFromPath(
    path: FunctionPath,
    args: Record<string, Value>,
  ): Promise<Value>;
  actionFromPath(
    path: FunctionPath,
    args: Record<string, Value>,
  ): Promise<Value>;
  runInComponent<T>(
    componentPath: string,
    handler: () => Promise<T>,
  ): Promise<T>;
}

interface RegisteredFunction {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
}

/** A call that cannot run: unknown, internal or of the wrong kind. */
class CallRejected extends Error {}

/** `"file.js:fn"` → `"file:fn"`, `"file"` → `"file:default"`, as the client canonicalizes. */
function canonicalPath(path: string): string {
  const separator = path.lastIndexOf(":");
  let modulePath = separator === -1 ? path : path.slice(0, separator);
  const exportName = separator === -1 ? "default" : path.slice(separator + 1);
  if (modulePath.endsWith(".js")) modulePath = modulePath.slice(0, -3);
  return `${modulePath}:${exportName}`;
}

function kindOf(fn: RegisteredFunction): FunctionKind | undefined {
  if (fn.isQuery) return "query";
  if (fn.isMutation) return "mutation";
  if (fn.isAction) return "action";
  return undefined;
}

const capitalize = (kind: string) => kind[0].toUpperCase() + kind.slice(1);

/** Converts a thrown error to the wire form, keeping a ConvexError's data. */
function errorOutcome(error: unknown): Outcome {
  if (error instanceof CallRejected) {
    return { success: false, errorMessage: error.message };
  }
  if (
    typeof error === "object" &&
    error !== null &&
    Symbol.for("ConvexError") in error
  ) {
    const { message, data } = error as { message: string; data: Value };
    return {
      success: false,
      errorMessage: `Uncaught ConvexError: ${message}`,
      errorData: convexToJson(data ?? null),
    };
  }
  const { name, message } =
    error instanceof Error ? error : { name: "Error", message: String(error) };
  return { success: false, errorMessage: `Uncaught ${name}: ${message}` };
}

function describeFailure(
  outcome: Extract<Outcome, { success: false }>,
): string {
  const data = outcome.errorData;
  if (
    typeof data === "object" &&
    data !== null &&
    !Array.isArray(data) &&
    "code" in data
  ) {
    return `error ${String(data.code)}`;
  }
  return `error: ${outcome.errorMessage.split("\n")[0]}`;
}

/** The project's functions loaded into convex-test. */
export class Engine {
  /**
   * Awaited after every call, HTTP action and stored file, before the caller
   * hears back: persistence makes what was committed durable here.
   */
  beforeAcknowledge: () => Promise<void> = async () => undefined;

  private constructor(
    readonly folder: ConvexFolder,
    readonly test: TestConvex,
    readonly internals: EngineInternals,
    private readonly log: (line: string) => void,
  ) {}

  /** Creates a convex-test instance for the folder and hooks into its state. */
  static async create(
    folder: ConvexFolder,
    log: (line: string) => void,
  ): Promise<Engine> {
    const test = convexTest({
      schema: folder.schema,
      modules: folder.testModules,
      // Enforce the real backend's per-transaction read/write limits.
      transactionLimits: true,
    });
    // Parents first, under the paths a deployment gives them.
    for (const component of folder.components) {
      test.registerComponent(
        component.path,
        (component.schema ?? null) as never,
        component.testModules,
      );
    }
    const internals = await EngineInternals.attach(
      () => test.run(async () => null),
      log,
    );
    return new Engine(folder, test, internals, log);
  }

  /**
   * Runs a query for a live subscription: records the tables it read (null
   * when it failed, since a retry may read others) and pins its page to the
   * journal.
   */
  async runLiveQuery(
    request: Omit<CallRequest, "kind">,
    journal: PageJournal,
  ): Promise<{ outcome: Outcome; tables: Set<string> | null }> {
    const { result, tables } = await this.internals.trackReads(() =>
      this.internals.withJournal(journal, () =>
        this.call({ ...request, kind: "query" }),
      ),
    );
    return { outcome: result, tables: result.success ? tables : null };
  }

  /** Runs an HTTP action from `http.ts` with the caller's identity. */
  async fetchHttpAction(
    pathAndQuery: string,
    init: RequestInit,
    identity: UserIdentity | null,
  ): Promise<Response> {
    if (!this.folder.functionModules.has("http")) {
      return new Response("This deployment has no convex/http.ts", {
        status: 404,
      });
    }
    const accessor =
      identity === null ? this.test : this.test.withIdentity(identity);
    const response = await this.internals.withOrigin("http-action", () =>
      accessor.fetch(pathAndQuery, init),
    );
    await this.beforeAcknowledge();
    return response;
  }

  /** Stores bytes in file storage as `ctx.storage.store` would; returns the storage id. */
  async storeFile(blob: Blob): Promise<string> {
    const storageId = await this.internals.storeInTransaction(() =>
      this.test.run(async (ctx) => await ctx.storage.store(blob)),
    );
    await this.beforeAcknowledge();
    return storageId;
  }

  /** Runs a function and returns its outcome; never throws for function errors. */
  async call(request: CallRequest): Promise<Outcome> {
    const started = performance.now();
    const path = canonicalPath(request.path);
    let outcome: Outcome;
    // The resolved kind once known, for the log line.
    let kindLabel: string = request.kind;
    const component = request.component ?? "";
    const label = component === "" ? path : `${component}/${path}`;
    try {
      const kind = this.resolve(component, path, request.kind, request.caller);
      kindLabel = kind;
      const value = await this.internals.withOrigin(
        `${request.source} ${kind}`,
        () =>
          component === ""
            ? this.invoke(kind, path, request.args, request.caller)
            : this.invokeInComponent(
                kind,
                {
                  componentPath: component,
                  udfPath: path,
                },
                request.args,
              ),
      );
      outcome = { success: true, value: convexToJson(value ?? null) };
    } catch (error) {
      outcome = errorOutcome(error);
    }
    try {
      // A failed action may still have committed mutations.
      await this.beforeAcknowledge();
    } catch (error) {
      outcome = errorOutcome(error);
    }
    const ms = (performance.now() - started).toFixed(0);
    const result = outcome.success ? "ok" : describeFailure(outcome);
    this.log(`${request.source} ${kindLabel} ${label} ${ms}ms ${result}`);
    return outcome;
  }

  /** Finds the function and checks it may be called this way; returns its kind. */
  private resolve(
    component: string,
    path: string,
    expected: FunctionKind | "any",
    caller: Caller,
  ): FunctionKind {
    const separator = path.lastIndexOf(":");
    const modules =
      component === ""
        ? this.folder.functionModules
        : this.folder.components.find((c) => c.path === component)
            ?.functionModules;
    const exports = modules?.get(path.slice(0, separator));
    const exported = exports?.[path.slice(separator + 1)];
    // Registered functions are functions carrying isQuery/isPublic/... flags.
    const fn =
      typeof exported === "function"
        ? (exported as RegisteredFunction)
        : undefined;
    const kind = fn === undefined ? undefined : kindOf(fn);
    // An internal function looks exactly like a missing one to a client, as
    // on the real backend.
    if (
      fn === undefined ||
      kind === undefined ||
      (!fn.isPublic && !caller.admin)
    ) {
      throw new CallRejected(
        `Could not find public function for '${path}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
      );
    }
    if (expected !== "any" && expected !== kind) {
      throw new CallRejected(
        `Trying to execute ${path} as ${capitalize(expected)}, but it is defined as ${capitalize(kind)}.`,
      );
    }
    return kind;
  }

  /** convex-test's calls by component path. */
  get componentCalls(): ComponentCalls {
    return this.test as unknown as ComponentCalls;
  }

  private async invokeInComponent(
    kind: FunctionKind,
    path: FunctionPath,
    args: Record<string, Value>,
  ): Promise<Value> {
    const calls = this.componentCalls;
    switch (kind) {
      case "query":
        return await calls.queryFromPath(path, args);
      case "mutation":
        return await calls.mutationFromPath(path, args);
      case "action":
        return await calls.actionFromPath(path, args);
    }
  }

  private async invoke(
    kind: FunctionKind,
    path: string,
    args: Record<string, Value>,
    caller: Caller,
  ): Promise<Value> {
    const accessor =
      caller.identity === null
        ? this.test
        : this.test.withIdentity(caller.identity);
    switch (kind) {
      case "query":
        return await accessor.query(makeFunctionReference<"query">(path), args);
      case "mutation":
        return await accessor.mutation(
          makeFunctionReference<"mutation">(path),
          args,
        );
      case "action":
        return await accessor.action(
          makeFunctionReference<"action">(path),
          args,
        );
    }
  }
}
