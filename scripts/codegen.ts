/**
 * `npm run codegen`: Convex's offline codegen, plus the typed `components`
 * object it leaves out (shared/notes/convex-components-offline.md).
 *
 * `convex codegen --system-udfs --typecheck disable` writes a fully typed
 * `convex/_generated/` without a deployment but ignores
 * `convex/convex.config.ts`. This script reads each `app.use(pkg, { name })`
 * of that file and adds to `api.d.ts` and `api.js` exactly what Convex's own
 * codegen writes for an installed component package: a `ComponentApi` type
 * imported from the package, and `componentsGeneric()` at run time.
 *
 * CI runs it and fails when the committed files differ (`--check`).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const generated = path.join(root, "convex", "_generated");
const check = process.argv.includes("--check");

export type ComponentUse = { name: string; packageName: string };

/** The `app.use(...)` calls of a convex.config.ts source, with their names. */
export function componentUses(configSource: string): ComponentUse[] {
  const imports = new Map<string, string>();
  for (const m of configSource.matchAll(
    /import\s+(\w+)\s+from\s+["']([^"']+)\/convex\.config(?:\.js)?["']/g,
  )) {
    imports.set(m[1], m[2]);
  }
  const uses: ComponentUse[] = [];
  for (const m of configSource.matchAll(
    /app\.use\(\s*(\w+)\s*(?:,\s*\{\s*name:\s*["'](\w+)["']\s*\})?\s*\)/g,
  )) {
    const packageName = imports.get(m[1]);
    if (packageName === undefined) {
      throw new Error(`convex.config.ts: no import for component "${m[1]}"`);
    }
    uses.push({ name: m[2] ?? defaultName(packageName), packageName });
  }
  return uses;
}

/** The name a component package gives itself in `defineComponent("…")`. */
function defaultName(packageName: string): string {
  const config = readFileSync(
    path.join(
      root,
      "node_modules",
      packageName,
      "dist/component/convex.config.js",
    ),
    "utf8",
  );
  const m = /defineComponent\(\s*["'](\w+)["']/.exec(config);
  if (m === null) throw new Error(`${packageName}: no defineComponent name`);
  return m[1];
}

function withComponents(uses: ComponentUse[]) {
  const dts = readFileSync(path.join(generated, "api.d.ts"), "utf8");
  const js = readFileSync(path.join(generated, "api.js"), "utf8");
  if (uses.length === 0) return { dts, js };
  const types = uses
    .map(
      (u) =>
        `  ${u.name}: import("${u.packageName}/_generated/component.js").ComponentApi<"${u.name}">;`,
    )
    .join("\n");
  const newDts = `${dts.trimEnd()}\n\nexport declare const components: {\n${types}\n};\n`;
  const newJs = js
    .replace(
      /import \{ anyApi(.*?) \} from "convex\/server";/,
      'import { anyApi$1, componentsGeneric } from "convex/server";',
    )
    .trimEnd()
    .concat("\nexport const components = componentsGeneric();\n");
  return { dts: newDts, js: newJs };
}

function main() {
  execFileSync(
    "npx",
    ["convex", "codegen", "--system-udfs", "--typecheck", "disable"],
    { cwd: root, stdio: "inherit" },
  );
  const uses = componentUses(
    readFileSync(path.join(root, "convex", "convex.config.ts"), "utf8"),
  );
  const { dts, js } = withComponents(uses);
  writeFileSync(path.join(generated, "api.d.ts"), dts);
  writeFileSync(path.join(generated, "api.js"), js);
  console.log(
    `components: ${uses.map((u) => `${u.name} (${u.packageName})`).join(", ") || "none"}`,
  );
  if (check) {
    const diff = execFileSync(
      "git",
      ["status", "--porcelain", "convex/_generated"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    if (diff.trim() !== "") {
      console.error(
        `convex/_generated/ differs from the committed files:\n${diff}Run npm run codegen and commit the result.`,
      );
      process.exit(1);
    }
  }
}

if (process.argv[1] === import.meta.filename) main();
