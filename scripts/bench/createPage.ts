/**
 * The create page at 200 models, on the built app: the HTML `/create`
 * renders for a signed-in creator, and what an open page's WebSocket
 * receives when an admin edits one price (headless Chromium, so the
 * subscriptions are the page's own).
 */
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "playwright-core";
import { api } from "../../convex/_generated/api";
import { DEFAULT_MODELS } from "../../convex/model/defaultModels";
import { report } from "./report";
import type { BenchStack, Session } from "./stack";
import { required, type Entry } from "./types";

const MODELS = 200;
const CHOSEN = "luma/ray-flash-2-540p";
const OTHER = "luma/ray-2-720p";
const CATEGORIES = ["premium", "budget", "experimental", "anime", "cinematic"];

/** Fills the catalogue up to MODELS active models through `createModel`. */
async function fillCatalogue(admin: Session) {
  const existing = await admin.client.query(api.models.listModelChoices, {});
  const template = DEFAULT_MODELS.find((model) => model.modelId === OTHER)!;
  for (let i = existing.length; i < MODELS; i++)
    await admin.client.mutation(api.models.createModel, {
      ...template,
      modelId: `bench/catalogue-${i}`,
      name: `Catalogue model ${i}`,
      description: `A video model of ordinary description length for the picker, number ${i}.`,
      category: CATEGORIES[i % CATEGORIES.length],
      provider: `provider${i % 20}`,
      isDefault: false,
      costPerSecond: (10 + (i % 7)) / 100,
    });
}

/** Resolves once no frame has arrived for `quietMs` (or after 30 s). */
async function settle(frames: { at: number }[], quietMs = 2000) {
  const started = Date.now();
  for (;;) {
    const last = Math.max(started, frames.at(-1)?.at ?? 0);
    if (Date.now() - last >= quietMs || Date.now() - started > 30_000) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Bytes the page's WebSocket receives from one price edit of `modelId`. */
async function priceEditBytes(
  admin: Session,
  frames: { at: number; bytes: number }[],
  modelId: string,
  costPerSecond: number,
) {
  await settle(frames);
  const from = frames.length;
  await admin.client.mutation(api.models.updateModel, {
    modelId,
    costPerSecond,
  });
  await settle(frames);
  const received = frames.slice(from);
  return {
    bytes: received.reduce((sum, frame) => sum + frame.bytes, 0),
    frames: received.length,
  };
}

async function openCreatePage(stack: BenchStack, cookie: string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const context = await browser.newContext();
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const at = pair.indexOf("=");
      return {
        name: pair.slice(0, at),
        value: pair.slice(at + 1),
        url: stack.appUrl,
      };
    }),
  );
  const page: Page = await context.newPage();
  const frames: { at: number; bytes: number }[] = [];
  page.on("websocket", (socket) =>
    socket.on("framereceived", ({ payload }) =>
      frames.push({
        at: Date.now(),
        bytes:
          typeof payload === "string"
            ? Buffer.byteLength(payload)
            : payload.length,
      }),
    ),
  );
  await page.goto(`${stack.appUrl}/create?model=${encodeURIComponent(CHOSEN)}`);
  await page.waitForLoadState("networkidle");
  return { browser, frames };
}

async function createPage(stack: BenchStack) {
  const admin = await stack.signIn("admin@example.com");
  const creator = await stack.signIn("bench-page@example.com");
  await fillCatalogue(admin);
  const response = await fetch(`${stack.appUrl}/create`, {
    headers: { Cookie: creator.cookie },
  });
  if (!response.ok) throw new Error(`GET /create: ${response.status}`);
  const html = Buffer.from(await response.arrayBuffer());
  report({
    name: `create-page HTML at ${MODELS} models`,
    value: html.length,
    target: 150_000,
    unit: "B",
    note: `server-rendered /create of the built app for a signed-in creator (${gzipSync(html).length.toLocaleString("en")} B gzip)`,
  });
  const { browser, frames } = await openCreatePage(stack, creator.cookie);
  try {
    const chosen = await priceEditBytes(admin, frames, CHOSEN, 0.1301);
    const other = await priceEditBytes(admin, frames, OTHER, 0.1902);
    report({
      name: `bytes per price edit at ${MODELS} models (the open page's chosen model)`,
      value: chosen.bytes,
      target: 25_000,
      unit: "B",
      note: `WebSocket frames an open /create (headless Chromium) received after one updateModel: ${chosen.frames} frames; editing another model's price: ${other.bytes.toLocaleString("en")} B in ${other.frames} frames`,
    });
  } finally {
    await browser.close();
  }
}

export const CREATE_PAGE_ENTRIES: Entry[] = [
  {
    name: "scale: create page at 200 models (HTML, bytes per price edit)",
    needs: { stack: true, build: true },
    run: (stack) => createPage(required(stack)),
  },
];
