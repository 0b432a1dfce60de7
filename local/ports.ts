/**
 * Ports the local stack may listen on. Browsers and `fetch` refuse to
 * connect to the Fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#port-blocking),
 * so a stack on one of them would start and then be unreachable: refuse
 * them at start with a message that says why.
 */

/** The Fetch standard's bad ports. */
export const BAD_PORTS: ReadonlySet<number> = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77,
  79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135,
  137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531,
  532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720,
  1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);

/**
 * Checks one port setting.
 * @throws Error naming the variable when `port` is not a usable port.
 */
export function checkPort(port: number, envName: string): number {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(
      `${envName} must be a port number from 1 to 65535, got "${port}"`,
    );
  }
  if (BAD_PORTS.has(port)) {
    throw new Error(
      `${envName}=${port} is a port that browsers and fetch refuse to connect to (a "bad port" of the Fetch standard, https://fetch.spec.whatwg.org/#port-blocking); choose another one, e.g. ${port + 1 < 65536 && !BAD_PORTS.has(port + 1) ? port + 1 : 3000}.`,
    );
  }
  return port;
}

/** A port from the environment variable `name`, or `fallback` when unset. */
export function portFromEnv(
  name: string,
  fallback: number,
  env: Record<string, string | undefined> = process.env,
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return checkPort(fallback, name);
  if (!/^\d+$/.test(raw.trim())) {
    throw new Error(`${name} must be a port number, got "${raw}"`);
  }
  return checkPort(Number(raw), name);
}
