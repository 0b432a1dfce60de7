/**
 * Convex components (`convex/convex.config.ts`): finds every component the
 * app declares, nested ones included, and loads each one's schema and
 * function modules so the engine can register them on convex-test under the
 * same paths a deployment uses (`rateLimiter`, `rateLimiter/batchWorker`, …).
 *
 * The config files are read as text, not imported: `app.use()` only works in
 * the Convex runtime, where each imported definition carries its
 * `componentDefinitionPath`. A config is a handful of `import x from
 * "<pkg or path>/convex.config"` lines and `<app|component>.use(x)` /
 * `.use(x, { …options })` calls (any object literal: only its top-level
 * `name` matters here), which is what this module understands. A
 * component's modules are the plain JS files next to its `convex.config.js`
 * (for an npm package, `dist/component/`), chosen by the same rules as the
 * app's own modules.
 */
import { existsSync, readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { SchemaDefinition } from "convex/server";
import {
  importFile,
  isFunctionModule,
  SOURCE_FILE,
  type ModuleExports,
} from "./modules.js";

/** One component instance of the deployment. */
export interface LoadedComponent {
  /** Path of the instance: its name, prefixed by its parent's path (`rateLimiter/batchWorker`). */
  path: string;
  /** Folder holding its `convex.config.*`, schema and function modules. */
  dir: string;
  /** The component's schema (`schema.js`), if any. */
  schema: SchemaDefinition<never, boolean> | undefined;
  /** Module map in the shape `registerComponent` expects (keys relative to a `_generated` root). */
  testModules: Record<string, () => Promise<ModuleExports>>;
  /** Imported function modules by module path (`"lib"`, `"crons"`). */
  functionModules: Map<string, ModuleExports>;
}

/** One `use()` of a config file, resolved to the used component's config file. */
interface ComponentUse {
  name: string;
  configFile: string;
}

const CONFIG_NAMES = [
  "convex.config.ts",
  "convex.config.js",
  "convex.config.mjs",
];

/** The config file of a convex folder, if it has one. */
export function appConfigFile(convexDir: string): string | undefined {
  return CONFIG_NAMES.map((name) => path.join(convexDir, name)).find((file) =>
    existsSync(file),
  );
}

/** Finds `node_modules/<packageName>` from `fromDir` upwards, as Node resolves packages. */
function packageDir(packageName: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", packageName);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(
        `Component package ${packageName} is not installed (looked from ${fromDir}); run npm install.`,
      );
    }
  }
}

/** The file a package exports as `./convex.config` (or `./convex.config.js`). */
function packageConfigFile(packageName: string, fromDir: string): string {
  const dir = packageDir(packageName, fromDir);
  const manifest = JSON.parse(
    readFileSync(path.join(dir, "package.json"), "utf8"),
  ) as { exports?: Record<string, unknown> };
  for (const key of ["./convex.config.js", "./convex.config"]) {
    const entry = manifest.exports?.[key];
    const target =
      typeof entry === "string"
        ? entry
        : typeof entry === "object" && entry !== null
          ? ((entry as Record<string, unknown>).import ??
            (entry as Record<string, unknown>).default)
          : undefined;
    if (typeof target === "string") return path.join(dir, target);
  }
  const fallback = path.join(dir, "dist/component/convex.config.js");
  if (existsSync(fallback)) return fallback;
  throw new Error(`${packageName} does not export ./convex.config`);
}

/** A relative import of a config: `./x/convex.config` with or without extension. */
function relativeConfigFile(specifier: string, fromDir: string): string {
  const base = path.resolve(fromDir, specifier.replace(/\.(js|ts|mjs)$/, ""));
  for (const extension of [".ts", ".js", ".mjs"]) {
    if (existsSync(base + extension)) return base + extension;
  }
  throw new Error(`Cannot find component config ${specifier} from ${fromDir}`);
}

/** The name a component gives itself: `defineComponent("name")`. */
function definedName(configFile: string): string {
  const match = /defineComponent\(\s*["'`]([\w-]+)["'`]/.exec(
    readFileSync(configFile, "utf8"),
  );
  if (match === null) {
    throw new Error(`${configFile}: no defineComponent("name") found`);
  }
  return match[1];
}

/**
 * `source` with its comments blanked out (strings and offsets kept), so a
 * `.use(` written in a comment is not taken for a use.
 */
function withoutComments(source: string): string {
  let out = "";
  for (let i = 0; i < source.length;) {
    const c = source[i];
    if (c === '"' || c === "'" || c === "`") {
      const end = stringEnd(source, i);
      out += source.slice(i, end);
      i = end;
    } else if (source.startsWith("//", i)) {
      const end = source.indexOf("\n", i);
      const stop = end === -1 ? source.length : end;
      out += " ".repeat(stop - i);
      i = stop;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Index just past the string literal opening at `start` (quotes and backticks, escapes honoured). */
function stringEnd(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i += 1) {
    if (source[i] === "\\") i += 1;
    else if (source[i] === quote) return i + 1;
  }
  return source.length;
}

const CLOSING: Record<string, string> = { "(": ")", "{": "}", "[": "]" };

/**
 * Index just past the bracket that closes the one at `open` (`(`, `{` or
 * `[`), skipping strings and nested brackets; -1 when it is never closed.
 */
function closingIndex(source: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < source.length; i += 1) {
    const c = source[i];
    if (c === '"' || c === "'" || c === "`") {
      i = stringEnd(source, i) - 1;
    } else if (c in CLOSING) {
      stack.push(CLOSING[c]);
    } else if (c === ")" || c === "}" || c === "]") {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The `name` property of an options object literal (`{ … }` text), looked
 * for only at its top level: `{ env: { name: "x" } }` names nothing.
 */
function topLevelName(objectText: string): string | undefined {
  // Nested brackets become blanks, so only the top level is left to match.
  let flat = "";
  for (let i = 1; i < objectText.length - 1;) {
    const c = objectText[i];
    if (c === '"' || c === "'" || c === "`") {
      const end = stringEnd(objectText, i);
      flat += objectText.slice(i, end);
      i = end;
    } else if (c in CLOSING) {
      const end = closingIndex(objectText, i);
      const stop = end === -1 ? objectText.length - 1 : end;
      flat += " ".repeat(stop - i);
      i = stop;
    } else {
      flat += c;
      i += 1;
    }
  }
  const match =
    /(?:^|[\s,])(?:name|"name"|'name')\s*:\s*(["'`])([\w-]+)\1/.exec(flat);
  return match?.[2];
}

/**
 * The components a config file uses, in declaration order: every
 * `<app|component>.use(x)` and `.use(x, { …options })`. The options object
 * may hold anything with balanced brackets (`{ env: { LOG_LEVEL: "REPORT" } }`,
 * as `@convex-dev/workpool` passes to its batch worker); its top-level `name`
 * names the instance, and without one the instance takes the component's own
 * name (`defineComponent("name")`), as Convex does.
 */
export function componentUses(configFile: string): ComponentUse[] {
  const source = withoutComments(readFileSync(configFile, "utf8"));
  const fromDir = path.dirname(configFile);
  const imports = new Map<string, string>();
  for (const match of source.matchAll(
    /import\s+(\w+)\s+from\s+["']([^"']+\/convex\.config(?:\.[mc]?[jt]s)?)["']/g,
  )) {
    const specifier = match[2];
    imports.set(
      match[1],
      specifier.startsWith(".")
        ? relativeConfigFile(specifier, fromDir)
        : packageConfigFile(
            specifier.replace(/\/convex\.config(\.[mc]?[jt]s)?$/, ""),
            fromDir,
          ),
    );
  }
  const uses: ComponentUse[] = [];
  for (const match of source.matchAll(/\.use\(\s*(\w+)\s*/g)) {
    const used = match[1];
    const callText = () =>
      source.slice(match.index, match.index + match[0].length + 40).trim();
    let at = match.index + match[0].length;
    let name: string | undefined;
    if (source[at] === ",") {
      at = skipSpace(source, at + 1);
      if (source[at] === "{") {
        const end = closingIndex(source, at);
        if (end === -1) {
          throw new Error(`${configFile}: unbalanced options in ${callText()}`);
        }
        name = topLevelName(source.slice(at, end));
        at = skipSpace(source, end);
        if (source[at] === ",") at = skipSpace(source, at + 1);
      }
    }
    if (source[at] !== ")") {
      throw new Error(
        `${configFile}: cannot read ${callText()}…; the local backend understands use(x) and use(x, { …an object literal })`,
      );
    }
    const configFileOfUse = imports.get(used);
    if (configFileOfUse === undefined) {
      throw new Error(
        `${configFile}: use(${used}) has no matching "import ${used} from …/convex.config"`,
      );
    }
    uses.push({
      name: name ?? definedName(configFileOfUse),
      configFile: configFileOfUse,
    });
  }
  return uses;
}

function skipSpace(source: string, at: number): number {
  while (at < source.length && /\s/.test(source[at])) at += 1;
  return at;
}

/** Relative paths of the function modules under `dir` (skipping `_generated`, `node_modules`). */
async function listModules(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), {
    withFileTypes: true,
  });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== "_generated" && entry.name !== "node_modules")
        files.push(...(await listModules(dir, relative)));
    } else if (isFunctionModule(relative)) {
      files.push(relative);
    }
  }
  return files.sort();
}

async function loadComponent(
  componentPath: string,
  configFile: string,
): Promise<LoadedComponent> {
  const dir = path.dirname(configFile);
  const functionModules = new Map<string, ModuleExports>();
  for (const file of await listModules(dir)) {
    functionModules.set(
      file.replace(SOURCE_FILE, ""),
      await importFile(path.join(dir, file)),
    );
  }
  const schemaFile = (await readdir(dir)).find((name) =>
    /^schema\.(ts|js|mjs)$/.test(name),
  );
  const schema =
    schemaFile === undefined
      ? undefined
      : ((await importFile(path.join(dir, schemaFile)))
          .default as LoadedComponent["schema"]);
  const testModules: LoadedComponent["testModules"] = {
    "./component/_generated/api.js": async () => ({}),
  };
  for (const [modulePath, exports] of functionModules) {
    testModules[`./component/${modulePath}.js`] = async () => exports;
  }
  return {
    path: componentPath,
    dir,
    schema,
    testModules,
    functionModules,
  };
}

/**
 * Loads every component of the app whose config is `appConfig` (none when
 * undefined), parents before their children.
 */
export async function loadComponents(
  appConfig: string | undefined,
): Promise<LoadedComponent[]> {
  if (appConfig === undefined) return [];
  const loaded: LoadedComponent[] = [];
  const visit = async (configFile: string, parentPath: string) => {
    const seen = new Set<string>();
    for (const use of componentUses(configFile)) {
      if (seen.has(use.name)) {
        throw new Error(
          `${configFile}: two components named "${use.name}"; give one another name`,
        );
      }
      seen.add(use.name);
      const componentPath = parentPath ? `${parentPath}/${use.name}` : use.name;
      loaded.push(await loadComponent(componentPath, use.configFile));
      await visit(use.configFile, componentPath);
    }
  };
  await visit(appConfig, "");
  return loaded;
}
