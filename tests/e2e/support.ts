/**
 * Helpers for the end-to-end tests: Debian's Chromium through playwright-core
 * (headless, with the background networking a closed network refuses turned
 * off), the local sign-in, screenshots at desktop and phone widths, and an
 * admin API client for changes "made through the API".
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

export const SCREENSHOT_DIR = path.resolve("test-results", "screenshots");
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/**
 * The test file's browser: launched before its tests and closed after them.
 * Call once at the top of a file; the getter answers the running browser.
 */
export function setUpBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("The browser starts in beforeAll.");
    return browser;
  };
}

/** Launches headless Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium). */
export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

/**
 * A desktop Chrome's User-Agent: a person's browser. Headless Chromium's own
 * says "HeadlessChrome", which the app counts as automated (share views,
 * ADR 0055); a test that plays a person reading a page sends this one.
 */
export const PERSON_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/**
 * A fresh browser context (own cookies) at a viewport; `timezoneId` sets
 * the browser's time zone (IANA name; default the machine's), `userAgent`
 * its User-Agent (default headless Chromium's own).
 */
export async function newContext(
  browser: Browser,
  viewport = DESKTOP,
  { timezoneId, userAgent }: { timezoneId?: string; userAgent?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport,
    baseURL: inject("appUrl"),
    timezoneId,
    userAgent,
  });
  context.setDefaultTimeout(20_000);
  return context;
}

/** Signs in with the local sign-in form as `email` and waits for the app shell. */
export async function signIn(
  page: Page,
  email: string,
  name = email.split("@")[0],
): Promise<void> {
  // A plain form post: works with and without JavaScript.
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Display name", { exact: true }).fill(name);
  await page.getByRole("button", { name: /^sign in$/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/**
 * A page in a fresh context (own cookies) at `viewport`, signed in with the
 * local sign-in as `email` under the display name `name`.
 */
export async function signedInPage(
  browser: Browser,
  email: string,
  name: string,
  viewport = DESKTOP,
): Promise<Page> {
  const page = await (await newContext(browser, viewport)).newPage();
  await signIn(page, email, name);
  return page;
}

/** A new creator (a unique email from `prefix`), signed in on a fresh page. */
export async function newCreatorPage(
  browser: Browser,
  prefix: string,
  name: string,
  viewport = DESKTOP,
): Promise<{ page: Page; email: string }> {
  const email = uniqueEmail(prefix);
  return { page: await signedInPage(browser, email, name, viewport), email };
}

/** Waits until React has hydrated the page (the shell sets `html[data-hydrated]`). */
export async function waitForHydration(page: Page): Promise<void> {
  await page
    .locator("html[data-hydrated='true']")
    .waitFor({ state: "attached" });
}

/** Saves a full-page screenshot as test-results/screenshots/<name>-<width>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(
    SCREENSHOT_DIR,
    `${name}-${page.viewportSize()?.width ?? 0}.png`,
  );
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A Convex client acting as an admin identity through the deployment's admin
 * key (`Authorization: Convex <key>:<identity>`), for admin changes made
 * through the API while a browser watches. `name` is the identity's display
 * name (give a signed-in user's own, or their record takes "Admin").
 */
export function adminApi(
  email = "admin@example.com",
  name = "Admin",
): ConvexHttpClient {
  const client = new ConvexHttpClient(inject("convexUrl"), { logger: false });
  // The identity the local sign-in gives this email, so API changes and
  // browser sessions act as one and the same user record.
  const issuer = inject("appUrl");
  const subject = `local:${email.toLowerCase()}`;
  (
    client as unknown as {
      setAdminAuth(key: string, identity: object): void;
    }
  ).setAdminAuth(inject("adminKey"), {
    subject,
    issuer,
    tokenIdentifier: `${issuer}|${subject}`,
    email,
    name,
  });
  return client;
}

/** A unique email per test run, so tests do not share balances. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@example.com`;
}
