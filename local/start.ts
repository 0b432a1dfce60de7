/**
 * `npm run local [-- --reset] [-- --verbose] [-- --host 0.0.0.0]`: the whole
 * product offline on this machine. Ports: PORT (web app, 3000),
 * CONVEX_LOCAL_PORT (3210), CONVEX_LOCAL_SITE_PORT (3211),
 * FAKE_REPLICATE_PORT (8790), FAKE_STRIPE_PORT (8791); a port browsers refuse (the Fetch standard's
 * bad ports, e.g. 4190) is refused at start. The web app listens on
 * 127.0.0.1 unless `--host` (or HOST) says otherwise: its sign-in lets anyone
 * in as anyone. `--verbose` logs every backend call and web request.
 * FAKE_REPLICATE_DURATION_MS sets how long a fake prediction takes (6000).
 */
import { parseArgs } from "node:util";
import { portFromEnv } from "./ports";
import { startLocalStack } from "./stack";

const { values: flags } = parseArgs({
  options: {
    reset: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    host: { type: "string" },
  },
});

try {
  const stack = await startLocalStack({
    appPort: portFromEnv("PORT", 3000),
    convexPort: portFromEnv("CONVEX_LOCAL_PORT", 3210),
    convexSitePort: portFromEnv("CONVEX_LOCAL_SITE_PORT", 3211),
    replicatePort: portFromEnv("FAKE_REPLICATE_PORT", 8790),
    stripePort: portFromEnv("FAKE_STRIPE_PORT", 8791),
    host: flags.host ?? (process.env.HOST || undefined),
    verbose: flags.verbose,
    replicateDurationMs: Number(
      process.env.FAKE_REPLICATE_DURATION_MS ?? "6000",
    ),
    reset: flags.reset,
  });
  console.log(
    [
      "",
      "The local stack is running (Ctrl-C stops it):",
      `  Web app             ${stack.appUrl}`,
      `  Convex API          ${stack.convexUrl}`,
      `  Convex HTTP actions ${stack.convexSiteUrl}`,
      `  Fake Replicate      ${stack.replicateUrl}`,
      `  Fake Stripe         ${stack.stripeUrl}  (card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined)`,
      `  Admin key           ${stack.adminKey}  (also in .local-data/stack.json)`,
      stack.seeded.length > 0
        ? `  Seeded models       ${stack.seeded.join(", ")}`
        : "  Models              already seeded",
      "",
      "Sign in at the web app with the local sign-in:",
      "  admin@example.com    admin (ADMIN_EMAILS in local/convex.env)",
      "  creator@example.com  creator (or any other email)",
      "Prompt markers for the fake Replicate: [fail] [abort] [hang] [slow]",
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    void stack.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  console.error(
    `Could not start the local stack: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
