/**
 * Where the backend may download a prediction's output from (ADR 0013).
 * Output URLs arrive in webhooks and poll answers; fetching whatever they
 * name would let anyone who can make Replicate (or a forged prediction)
 * say "http://169.254.169.254/..." reach internal services (SSRF). So only
 * Replicate's delivery hosts are fetched.
 *
 * `REPLICATE_OUTPUT_HOSTS` (comma-separated) lists them; each entry is
 * - `host` — exactly that host, over https on the default port;
 * - `*.host` — any subdomain of it, over https on the default port;
 * - `scheme://host:port` — exactly that origin (e.g. the local stack's fake
 *   Replicate at `http://127.0.0.1:8790`).
 * Default: `replicate.delivery,*.replicate.delivery` (Replicate docs:
 * "Output files" are served from replicate.delivery).
 */

export const DEFAULT_OUTPUT_HOSTS = "replicate.delivery,*.replicate.delivery";

export type HostRule =
  | { kind: "host"; host: string }
  | { kind: "subdomain"; parent: string }
  | { kind: "origin"; origin: string };

/** The rules of a `REPLICATE_OUTPUT_HOSTS` setting (default when unset or blank). */
export function parseOutputHosts(setting: string | undefined): HostRule[] {
  const text = (setting ?? "").trim() === "" ? DEFAULT_OUTPUT_HOSTS : setting!;
  const rules: HostRule[] = [];
  for (const raw of text.split(",")) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    if (entry.includes("://")) {
      try {
        rules.push({ kind: "origin", origin: new URL(entry).origin });
      } catch {
        // A malformed entry allows nothing.
      }
    } else if (entry.startsWith("*.")) {
      rules.push({ kind: "subdomain", parent: entry.slice(2) });
    } else {
      rules.push({ kind: "host", host: entry });
    }
  }
  return rules;
}

/**
 * True when `url` may be downloaded under `rules`: it parses, carries no
 * credentials, and matches a rule (https and the default port for host
 * rules; the exact origin for origin rules).
 */
export function isAllowedOutputUrl(url: string, rules: HostRule[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== "" || parsed.password !== "") return false;
  const hostname = parsed.hostname.toLowerCase();
  const httpsDefault = parsed.protocol === "https:" && parsed.port === "";
  return rules.some((rule) => {
    switch (rule.kind) {
      case "origin":
        return parsed.origin === rule.origin;
      case "host":
        return httpsDefault && hostname === rule.host;
      case "subdomain":
        return httpsDefault && hostname.endsWith(`.${rule.parent}`);
    }
  });
}

/** Content types an output may have: videos and images. */
export function isAllowedOutputType(contentType: string): boolean {
  return /^(video|image)\/[\w.+-]+$/.test(contentType);
}

/** Default largest output, in bytes (50 MiB: well inside an action's memory). */
export const DEFAULT_OUTPUT_MAX_BYTES = 50 * 1024 * 1024;
/** Default time for one output download, in ms. */
export const DEFAULT_OUTPUT_TIMEOUT_MS = 60_000;

/** A positive integer setting, or its default. */
export function positiveIntSetting(
  setting: string | undefined,
  fallback: number,
): number {
  const value = Number(setting);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}
