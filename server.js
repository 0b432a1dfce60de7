/**
 * The web app's HTTP server (`npm start`, and the local stack): what
 * `remix-serve` does — static assets, compression, the Remix handler — plus
 * one thing it cannot: a form post from another site is answered 403 before
 * Remix sees it (Remix's own check would abort it with a bare 500). The
 * rule itself is the app's (`crossSiteRefusal`, app/utils/same-origin.server.ts,
 * exported by app/entry.server.tsx). Usage: `node server.js [build/index.js]`;
 * PORT (3000) and HOST (all interfaces) choose where it listens.
 */
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";
const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(
  build.publicPath,
  express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }),
);
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.use((req, res, next) => {
  const host =
    req.get("X-Forwarded-Host")?.split(",")[0]?.trim() ?? req.get("Host");
  const request = new Request(`${req.protocol}://${host}${req.originalUrl}`, {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([name, value]) =>
      typeof value === "string" ? [[name, value]] : [],
    ),
  });
  const refusal = build.entry.module.crossSiteRefusal(request);
  if (!refusal) return next();
  res.status(refusal.status).type("text/plain").send(refusal.message);
});
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const server = process.env.HOST
  ? app.listen(port, process.env.HOST, onListen)
  : app.listen(port, onListen);
function onListen() {
  console.log(
    `[server] http://localhost:${port}${process.env.HOST ? ` (listening on ${process.env.HOST})` : ""}`,
  );
}
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
