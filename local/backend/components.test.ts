// @vitest-environment node
/**
 * Components (`convex.config.ts`): the fixture app's `tally` component
 * (fixtures/counter) runs its query, mutation, action, scheduled function and
 * cron in the local backend; live queries that read its tables update; its
 * data survives a restart. And the project's own config resolves, nested
 * components included.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convexTest } from "convex-test";
import { componentUses, loadComponents } from "./components.js";
import { EngineInternals } from "./internals.js";
import { loadConvexFolder } from "./modules.js";
import { api } from "./fixtures/convex/_generated/api.js";
import {
  httpClient,
  FIXTURE_CONVEX_DIR,
  startFixtureBackend,
  waitFor,
  wsClient,
  type TestBackend,
} from "./test-support.js";

const PROJECT_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);

let backend: TestBackend;

beforeAll(async () => {
  backend = await startFixtureBackend();
});

afterAll(async () => {
  await backend.close();
});

describe("components in the local backend", () => {
  it("runs a component's query and mutation through the app", async () => {
    const client = httpClient(backend.url);
    expect(await client.query(api.counters.value, { name: "a" })).toBe(0);
    expect(await client.mutation(api.counters.add, { name: "a", by: 2 })).toBe(
      2,
    );
    expect(await client.mutation(api.counters.add, { name: "a", by: 3 })).toBe(
      5,
    );
    expect(await client.query(api.counters.value, { name: "a" })).toBe(5);
    // The component's table is its own: the app has no `counters` table.
    const appTables = Object.keys(backend.engine.internals.db._documents).map(
      (id) => id.replace(/^[0-9]+/, ""),
    );
    expect(appTables).not.toContain("counters");
    expect(
      Object.keys(backend.engine.internals.database("tally")._documents).some(
        (id) => id.endsWith("counters"),
      ),
    ).toBe(true);
  });

  it("attaches a new engine to its own state while another engine runs functions", async () => {
    const folder = await loadConvexFolder(FIXTURE_CONVEX_DIR);
    const other = convexTest({
      schema: folder.schema,
      modules: folder.testModules,
    });
    // The running backend's engine runs a function inside the probe, first.
    const internals = await EngineInternals.attach(
      async () => {
        await backend.engine.test.run(async () => null);
        await other.run(async () => null);
      },
      () => undefined,
    );
    expect(internals.db).not.toBe(backend.engine.internals.db);
    await other.run(async (ctx) => {
      await ctx.db.insert("messages", { author: "a", body: "mine" });
    });
    expect(
      Object.values(internals.db._documents).some((doc) => doc.body === "mine"),
    ).toBe(true);
  });

  it("reports every function execution, nested ones with the call they descend from", async () => {
    const runs: string[] = [];
    const stop = backend.engine.internals.onFunctionRun((run) =>
      runs.push(
        `${run.origin} → ${run.udfType} ${run.componentPath}/${run.udfPath}`,
      ),
    );
    try {
      await httpClient(backend.url).action(api.counters.addFromAction, {
        name: "runs",
        by: 1,
      });
    } finally {
      stop();
    }
    expect(runs[0]).toBe("http action → action /counters:addFromAction");
    expect(runs).toContain("http action → action tally/counts:addFromAction");
    expect(runs.some((run) => / → mutation tally\//.test(run))).toBe(true);
    expect(runs.every((run) => run.startsWith("http action → "))).toBe(true);
  });

  it("runs a component's action", async () => {
    const client = httpClient(backend.url);
    expect(
      await client.action(api.counters.addFromAction, { name: "b", by: 7 }),
    ).toBe(7);
    expect(await client.query(api.counters.value, { name: "b" })).toBe(7);
  });

  it("runs a function a component scheduled", async () => {
    const client = httpClient(backend.url);
    await client.mutation(api.counters.addLater, {
      name: "later",
      by: 4,
      delayMs: 1500,
    });
    expect(await client.query(api.counters.value, { name: "later" })).toBe(0);
    await waitFor(
      () =>
        backend.lines.some((line) =>
          /^scheduled tally\/counts:addInternal \d+ms ok$/.test(line),
        )
          ? true
          : undefined,
      8000,
      "the component's scheduled function",
    );
    expect(await client.query(api.counters.value, { name: "later" })).toBe(4);
  });

  it("runs a component's cron", async () => {
    await waitFor(
      () =>
        backend.lines.some((line) =>
          /^cron\(tally\/heartbeat\) mutation tally\/counts:addInternal \d+ms ok$/.test(
            line,
          ),
        )
          ? true
          : undefined,
      4000,
      "the component's cron",
    );
  });

  it("updates a live query that reads component data", async () => {
    const client = wsClient(backend.url);
    try {
      const seen: number[] = [];
      client.onUpdate(api.counters.value, { name: "live" }, (value) => {
        seen.push(value);
      });
      await waitFor(() => (seen.includes(0) ? true : undefined));
      // Written from another client, over HTTP: only the commit reaches the socket.
      await httpClient(backend.url).mutation(api.counters.add, {
        name: "live",
        by: 5,
      });
      await waitFor(() => (seen.includes(5) ? true : undefined), 4000, "5");
      await httpClient(backend.url).action(api.counters.addFromAction, {
        name: "live",
        by: 1,
      });
      await waitFor(() => (seen.includes(6) ? true : undefined), 4000, "6");
    } finally {
      await client.close();
    }
  });

  it("keeps component data across a restart", async () => {
    const first = await startFixtureBackend();
    await httpClient(first.url).mutation(api.counters.add, {
      name: "kept",
      by: 9,
    });
    await first.close();
    const second = await startFixtureBackend({ dataDir: first.dataDir });
    try {
      const client = httpClient(second.url);
      expect(await client.query(api.counters.value, { name: "kept" })).toBe(9);
      // Ids continue after the restored ones.
      expect(
        await client.mutation(api.counters.add, { name: "new", by: 1 }),
      ).toBe(1);
    } finally {
      await second.close();
    }
  });
});

describe("reading a convex.config", () => {
  /** A config folder with `inner/convex.config.js` (`defineComponent("inner")`) and the given app config. */
  function configWith(appConfig: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "components-config-"));
    mkdirSync(path.join(dir, "inner"));
    writeFileSync(
      path.join(dir, "inner/convex.config.js"),
      'import { defineComponent } from "convex/server";\nexport default defineComponent("inner");\n',
    );
    writeFileSync(path.join(dir, "convex.config.ts"), appConfig);
    return dir;
  }

  it("reads use(x, options) whose options nest objects, with or without a name", () => {
    // What @convex-dev/workpool's own config does for its batch worker.
    const dir = configWith(`import { defineApp } from "convex/server";
import inner from "./inner/convex.config";
const app = defineApp();
app.use(inner, { env: { LOG_LEVEL: "REPORT" } });
app.use(inner, {
  env: { LEVEL: { deep: "}" }, name: "notTheName" },
  name: "second",
});
app.use(inner, { name: 'third', env: {} },);
// app.use(inner, { name: "commented" });
/* app.use(inner); */
export default app;
`);
    try {
      expect(
        componentUses(path.join(dir, "convex.config.ts")).map((u) => u.name),
      ).toEqual(["inner", "second", "third"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a use() it cannot read instead of skipping it", () => {
    const dir = configWith(`import inner from "./inner/convex.config";
const options = { name: "x" };
app.use(inner, options);
`);
    try {
      expect(() => componentUses(path.join(dir, "convex.config.ts"))).toThrow(
        /cannot read/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the project's convex.config.ts", () => {
  it("declares the work pool, with its loop and its own cron module", async () => {
    const configFile = path.join(PROJECT_ROOT, "convex/convex.config.ts");
    const components = await loadComponents(configFile);
    const pool = components.find((c) => c.path === "replicatePool")!;
    expect(pool.schema).toBeDefined();
    expect([...pool.functionModules.keys()]).toEqual(
      expect.arrayContaining(["lib", "loop", "worker", "complete", "crons"]),
    );
  });

  it("declares the rate limiter, whose nested batch worker loads too", async () => {
    const configFile = path.join(PROJECT_ROOT, "convex/convex.config.ts");
    expect(componentUses(configFile).map((use) => use.name)).toContain(
      "rateLimiter",
    );
    const components = await loadComponents(configFile);
    const paths = components.map((c) => c.path);
    expect(paths).toContain("rateLimiter");
    expect(paths).toContain("rateLimiter/batchWorker");
    const rateLimiter = components.find((c) => c.path === "rateLimiter")!;
    expect(rateLimiter.schema).toBeDefined();
    expect([...rateLimiter.functionModules.keys()]).toContain("lib");
  });
});
