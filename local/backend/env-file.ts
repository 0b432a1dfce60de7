/** The deployment's environment variables, from a `KEY=VALUE` file. */
import { readFile } from "node:fs/promises";

/**
 * Parses `KEY=VALUE` lines: `#` starts a comment line, blank lines are
 * skipped, an optional `export ` prefix and matching surrounding quotes are
 * removed.
 */
export function parseEnvFile(
  text: string,
  fileName: string,
): Record<string, string> {
  const vars: Record<string, string> = {};
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(
      line,
    );
    if (match === null) {
      throw new Error(
        `${fileName}:${index + 1}: expected KEY=VALUE, got "${line}"`,
      );
    }
    const [, key, rawValue] = match;
    const quoted = /^(["'])(.*)\1$/.exec(rawValue);
    vars[key] = quoted === null ? rawValue : quoted[2];
  });
  return vars;
}

/**
 * Reads the env file and sets its variables on `process.env`, where Convex
 * functions read them when they run. Returns the names set.
 */
export async function applyEnvFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(
      `Cannot read the environment file ${file}: ${String(error)}`,
      { cause: error },
    );
  }
  const vars = parseEnvFile(text, file);
  Object.assign(process.env, vars);
  return Object.keys(vars);
}
