/**
 * Loads a Convex functions folder (`convex/`) the way a deployment push would:
 * every function module, the schema and the auth config, imported in this
 * process so convex-test can run them.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SchemaDefinition } from "convex/server";
import {
  appConfigFile,
  loadComponents,
  type LoadedComponent,
} from "./components.js";

/** An imported module: its exports by name. */
export type ModuleExports = Record<string, unknown>;

/** The loaded folder. */
export interface ConvexFolder {
  /** Absolute path of the folder. */
  dir: string;
  /**
   * Module map in the shape `convexTest({ modules })` expects: keys relative to
   * a root that holds `_generated`, values lazy importers.
   */
  testModules: Record<string, () => Promise<ModuleExports>>;
  /** Imported function modules by module path, e.g. `"models"`, `"dir/file"`. */
  functionModules: Map<string, ModuleExports>;
  /** The default export of `schema.ts`, if the folder has one. */
  schema: SchemaDefinition<never, boolean> | undefined;
  /** The components `convex.config.ts` declares, nested ones included, parents first. */
  components: LoadedComponent[];
}

export const SOURCE_FILE = /\.(js|mjs|cjs|ts|tsx|mts|cts|jsx)$/;

/**
 * Whether the Convex CLI would push this file as a function module (its
 * `entryPoints` rules): no dotfiles, editor temp files, names with a space
 * or with more than one dot (so `*.test.ts`, `auth.config.ts`,
 * `convex.config.ts` and `*.d.ts` are out), and not the schema.
 */
export function isFunctionModule(relativePath: string): boolean {
  const base = path.basename(relativePath);
  return (
    SOURCE_FILE.test(base) &&
    !base.startsWith(".") &&
    !base.startsWith("#") &&
    !relativePath.includes(" ") &&
    (base.match(/\./g) ?? []).length === 1 &&
    !/^schema\.(ts|js)$/.test(base)
  );
}

/** Lists function modules under `dir` (relative paths), skipping `_generated` and `node_modules`. */
async function listFunctionModules(
  dir: string,
  prefix = "",
): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), {
    withFileTypes: true,
  });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== "_generated" && entry.name !== "node_modules") {
        files.push(...(await listFunctionModules(dir, relative)));
      }
    } else if (isFunctionModule(relative)) {
      files.push(relative);
    }
  }
  return files.sort();
}

/** Imports one file, naming it in the error so a broken module is easy to find. */
export async function importFile(file: string): Promise<ModuleExports> {
  try {
    return (await import(pathToFileURL(file).href)) as ModuleExports;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Failed to load Convex module ${file}: ${reason}`, {
      cause: error,
    });
  }
}

/**
 * Imports every module of a Convex folder. All modules are imported up front,
 * so a module that fails to load stops the server at start with its name
 * rather than failing the first call into it.
 */
export async function loadConvexFolder(
  convexDir: string,
): Promise<ConvexFolder> {
  const dir = path.resolve(convexDir);
  const functionModules = new Map<string, ModuleExports>();
  for (const file of await listFunctionModules(dir)) {
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
          .default as ConvexFolder["schema"]);
  // convex-test locates the functions root from a key containing
  // `_generated`; the value is never imported.
  const testModules: ConvexFolder["testModules"] = {
    "./convex/_generated/api.js": async () => ({}),
  };
  for (const [modulePath, exports] of functionModules) {
    testModules[`./convex/${modulePath}.js`] = async () => exports;
  }
  const components = await loadComponents(appConfigFile(dir));
  return { dir, testModules, functionModules, schema, components };
}

/**
 * Imports `auth.config.ts` (or `.js`) of the folder, if present. Call it after
 * the environment file is applied: the config reads env vars when imported.
 */
export async function loadAuthConfig(dir: string): Promise<unknown> {
  const files = await readdir(dir);
  const file = files.find((name) => /^auth\.config\.(ts|js|mjs)$/.test(name));
  if (file === undefined) {
    return undefined;
  }
  return (await importFile(path.join(dir, file))).default;
}
