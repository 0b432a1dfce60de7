/**
 * The local backend reaches into convex-test's private state (internals.ts,
 * list in README.md "convex-test internals"), which may change in any
 * release. It refuses to start on versions it was not checked against,
 * loudly, instead of failing in odd ways later.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The exact versions this backend was checked against (package.json pins the same). */
export const SUPPORTED_VERSIONS = {
  convex: "1.48.0",
  "convex-test": "0.0.60",
} as const;

const require = createRequire(import.meta.url);

/** The installed version of a package, read from its package.json. */
function installedVersion(name: string): string {
  const entry = require.resolve(name);
  // `<…>/node_modules/<name>/…/file.js` → `<…>/node_modules/<name>/package.json`.
  const marker = `/node_modules/${name}/`;
  const root = entry.slice(0, entry.lastIndexOf(marker) + marker.length);
  return (
    JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
      version: string;
    }
  ).version;
}

/**
 * Throws when the installed convex or convex-test differs from
 * {@link SUPPORTED_VERSIONS}; with `CONVEX_LOCAL_ALLOW_VERSION_MISMATCH=1`,
 * logs the same message as a warning and goes on.
 */
export function checkVersions(
  log: (line: string) => void,
  installed: (name: string) => string = installedVersion,
): void {
  const mismatches = Object.entries(SUPPORTED_VERSIONS).flatMap(
    ([name, supported]) => {
      const actual = installed(name);
      return actual === supported
        ? []
        : [
            `${name} ${actual} is installed; this backend supports ${supported}`,
          ];
    },
  );
  if (mismatches.length === 0) return;
  const message = [
    "!!! VERSION MISMATCH: the local Convex backend relies on convex-test internals !!!",
    ...mismatches.map((line) => `  - ${line}`),
    "  Reinstall the pinned versions (npm ci), or update local/backend/versions.ts after",
    '  re-checking every item of local/backend/README.md "convex-test internals".',
    "  CONVEX_LOCAL_ALLOW_VERSION_MISMATCH=1 starts anyway, at your own risk.",
  ].join("\n");
  if (process.env.CONVEX_LOCAL_ALLOW_VERSION_MISMATCH === "1") {
    log(message);
    return;
  }
  throw new Error(message);
}
