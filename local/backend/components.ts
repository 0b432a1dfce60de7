/**
 * Convex components (`convex/convex.config.ts`): finds every component the
 * app declares, nested ones included, and loads each one's schema and
 * function modules so the engine can register them on convex-test under the
 * same paths a deployment uses (`rateLimiter`, `rateLimiter/batchWorker`, …).
 *
 * The config files are read as text, not imported: `app.use()` only works in
 * the Convex runtime, where each imported definition carries its
 * `componentDefinitionPath`. A config is a handful of `import x from
 * "<pkg or path>/convex.config"` lines and `<app|component>.use(x, { name })`
 * calls, which is what this module understands. A component's modules are
 * the plain JS files next to its `convex.config.js` (for an npm package,
 * `dist/component/`), chosen by the same rules as the app's own modules.
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

/** The components a config file uses, in declaration order. */
export function componentUses(configFile: string): ComponentUse[] {
  const source = readFileSync(configFile, "utf8");
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
  for (const match of source.matchAll(
    /\.use\(\s*(\w+)\s*(?:,\s*\{[^}]*?\bname:\s*["'`]([\w-]+)["'`][^}]*\})?\s*\)/g,
  )) {
    const configFileOfUse = imports.get(match[1]);
    if (configFileOfUse === undefined) {
      throw new Error(
        `${configFile}: use(${match[1]}) has no matching "import ${match[1]} from …/convex.config"`,
      );
    }
    uses.push({
      name: match[2] ?? definedName(configFileOfUse),
      configFile: configFileOfUse,
    });
  }
  return uses;
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
