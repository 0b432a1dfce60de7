/**
 * The Convex components this app uses (Convex docs "Components"). Each
 * `app.use` names one instance; `components.<name>` in `_generated/api`
 * reaches it, `npm run codegen` regenerates that object from this file, and
 * `registerComponents(t)` in `test.setup.ts` registers the same names on a
 * convex-test instance.
 */
import { defineApp } from "convex/server";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";
import aggregate from "@convex-dev/aggregate/convex.config";
import workpool from "@convex-dev/workpool/convex.config";

const app = defineApp();
/** Per-user limits (API-CONTRACT "Rate limit"). */
app.use(rateLimiter, { name: "rateLimiter" });
/** Generation times per model, for p50/p95 (ADR 0026). */
app.use(aggregate, { name: "generationTimes" });
/** Every call to Replicate (start, poll, cancel): bounded parallelism (ADR 0050). */
app.use(workpool, { name: "replicatePool" });

export default app;
