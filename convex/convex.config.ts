/**
 * The Convex components this app uses (Convex docs "Components"). Each
 * `app.use` names one instance; `components.<name>` in `_generated/api`
 * reaches it, `npm run codegen` regenerates that object from this file, and
 * `registerComponents(t)` in `test.setup.ts` registers the same names on a
 * convex-test instance.
 */
import { defineApp } from "convex/server";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";

const app = defineApp();
/** Per-user limits (API-CONTRACT "Rate limit"). */
app.use(rateLimiter, { name: "rateLimiter" });

export default app;
