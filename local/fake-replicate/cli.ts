/**
 * Runs the fake Replicate API from the command line: `npx tsx local/fake-replicate/cli.ts`.
 * Configured only by environment variables (see README.md).
 */
import { startFakeReplicate } from "./server";

const DEFAULT_PORT = 8790;

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(
      `fake-replicate: ${name} must be a non-negative number, got "${raw}"`,
    );
    process.exit(2);
  }
  return value;
}

const port = numberFromEnv("FAKE_REPLICATE_PORT", DEFAULT_PORT);
const host = process.env.FAKE_REPLICATE_HOST || "127.0.0.1";

try {
  const fake = await startFakeReplicate({
    host,
    port,
    apiToken: process.env.REPLICATE_API_TOKEN || undefined,
    webhookSecret: process.env.REPLICATE_WEBHOOK_SECRET || undefined,
    durationMs: numberFromEnv("FAKE_REPLICATE_DURATION_MS", 6000),
    startingMs: numberFromEnv("FAKE_REPLICATE_STARTING_MS", 1000),
    publicUrl: process.env.FAKE_REPLICATE_PUBLIC_URL || undefined,
    log: (line) => console.log(`[fake-replicate] ${line}`),
  });
  console.log(`fake-replicate listening: REPLICATE_API_BASE_URL=${fake.url}`);
  console.log(`control: ${fake.origin}/_control/{mode,reset,stats}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`fake-replicate: ${signal}, shutting down`);
    fake.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("fake-replicate: error while closing", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(
      `fake-replicate: port ${port} on ${host} is already in use. ` +
        `Stop the other process or pick another port with FAKE_REPLICATE_PORT=<port> (0 = any free port).`,
    );
    process.exit(1);
  }
  throw error;
}
