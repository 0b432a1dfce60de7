/**
 * The creator's app in a real browser against the local stack: sign-in, the
 * catalogue and its prices, making a video and watching it finish and play,
 * the insufficient-credits stop, a failed video's refund, and an admin's
 * price change reaching an open form without a reload. Screenshots of every
 * page at desktop and phone widths go to test-results/screenshots/.
 */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import {
  adminApi,
  DESKTOP,
  newContext,
  PHONE,
  screenshot,
  setUpBrowser,
  newCreatorPage,
} from "./support";

const browser = setUpBrowser();

const creatorPage = (viewport = DESKTOP) =>
  newCreatorPage(browser(), "creator", "Test Creator", viewport);

/** The header's live balance, as a number of credits. */
async function headerBalance(page: Page): Promise<number> {
  const text = await page.getByTestId("header-balance").innerText();
  return Number(text.replace(/[^0-9]/g, ""));
}

/** After Generate the studio stays on /create; open the new video from its feed card. */
async function openFromFeed(page: Page, prompt: string): Promise<void> {
  await page
    .getByTestId("feed-card")
    .getByRole("link", { name: prompt })
    .first()
    .click();
  await page.waitForURL(/\/videos\/[^/]+$/);
}

const modelOption = (page: Page, name: string) =>
  page.getByRole("radio", { name, exact: true });
const submitButton = (page: Page) =>
  page.getByRole("button", { name: /^Generate video/ });

describe("creator app", () => {
  test("sees the three default models with the right cost per duration, makes a video and watches it play", async () => {
    const { page } = await creatorPage();
    await page.goto("/create");
    for (const name of [
      "Luma Ray Flash 2-540p",
      "Google Veo-3",
      "Luma Ray-2-720p",
    ]) {
      await expect(modelOption(page, name).count()).resolves.toBe(1);
    }
    // The default is preselected: 5 s at $0.12/s = 60 credits, 9 s = 108.
    await expect(
      modelOption(page, "Luma Ray Flash 2-540p").isChecked(),
    ).resolves.toBe(true);
    await page.getByRole("radio", { name: /^5 s/ }).check();
    await expect
      .poll(() => submitButton(page).innerText())
      .toContain("60 credits");
    await page.getByRole("radio", { name: /^9 s/ }).check();
    await expect
      .poll(() => submitButton(page).innerText())
      .toContain("108 credits");
    await modelOption(page, "Luma Ray-2-720p").check();
    await page.getByRole("radio", { name: /^5 s/ }).check();
    await expect
      .poll(() => submitButton(page).innerText())
      .toContain("90 credits");
    await page.getByRole("radio", { name: /^9 s/ }).check();
    await expect
      .poll(() => submitButton(page).innerText())
      .toContain("162 credits");
    await modelOption(page, "Google Veo-3").check();
    // Waits for it: a one-shot read right after the change races the render.
    await page.getByText("8 seconds").first().waitFor();
    await expect
      .poll(() => submitButton(page).innerText())
      .toContain("600 credits");
    await screenshot(page, "create");

    await modelOption(page, "Luma Ray-2-720p").check();
    await page.getByRole("radio", { name: /^5 s/ }).check();
    const before = await headerBalance(page);
    await page
      .getByRole("textbox", { name: "Prompt" })
      .fill("A lighthouse at dusk, waves crashing, cinematic");
    await submitButton(page).click();
    await openFromFeed(page, "A lighthouse at dusk, waves crashing, cinematic");
    await screenshot(page, "video-running");
    await page
      .getByText("Ready", { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    const video = page.locator("video");
    await video.waitFor();
    const playable = await video.evaluate(
      (element: HTMLVideoElement) =>
        new Promise<{ duration: number; readyState: number }>((resolve) => {
          const report = () =>
            resolve({
              duration: element.duration,
              readyState: element.readyState,
            });
          if (element.readyState >= 2) report();
          else element.addEventListener("loadeddata", report, { once: true });
        }),
    );
    expect(playable.readyState).toBeGreaterThanOrEqual(2);
    expect(playable.duration).toBeGreaterThan(0);
    expect(await headerBalance(page)).toBe(before - 90);
    await screenshot(page, "video-ready");

    await page.goto("/videos");
    await page.getByText("A lighthouse at dusk").first().waitFor();
    await screenshot(page, "my-videos");
    await page.goto("/credits");
    await page
      .getByText(/−90|-90/)
      .first()
      .waitFor();
    // Usage analytics: spend per model, after refunds.
    await page.getByRole("heading", { name: "Your usage" }).waitFor();
    await page
      .getByRole("cell", { name: "Luma Ray-2-720p", exact: true })
      .waitFor();
    await screenshot(page, "credits");
    await page.goto("/compare");
    await screenshot(page, "compare");
    await page.goto("/");
    await screenshot(page, "landing");
  });

  test("too few credits: stopped with a clear message, nothing charged", async () => {
    const { page } = await creatorPage();
    await page.goto("/create");
    const balance = await headerBalance(page);
    await modelOption(page, "Google Veo-3").check(); // 600 credits > the starter balance
    expect(balance).toBeLessThan(600);
    await page
      .getByRole("textbox", { name: "Prompt" })
      .fill("An expensive cinematic shot");
    await page
      .getByText(/not enough credits/i)
      .first()
      .waitFor();
    await page
      .getByRole("link", { name: /credits/i })
      .first()
      .waitFor();
    await expect(submitButton(page).isDisabled()).resolves.toBe(true);
    await screenshot(page, "create-insufficient");
    // The server refuses too, and charges nothing (a direct post, as without JavaScript).
    const response = await page.request.post("/create?index", {
      form: {
        model: "google/veo-3",
        duration: "8",
        quality: "standard",
        prompt: "x",
      },
      maxRedirects: 0,
    });
    expect(response.status()).toBeGreaterThanOrEqual(400);
    await page.reload();
    expect(await headerBalance(page)).toBe(balance);
  });

  test("a failed video shows its refund", async () => {
    const { page } = await creatorPage();
    await page.goto("/create");
    const before = await headerBalance(page);
    await page
      .getByRole("textbox", { name: "Prompt" })
      .fill("[fail] a storm over the sea");
    await submitButton(page).click();
    await openFromFeed(page, "[fail] a storm over the sea");
    await page
      .getByText("Failed", { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .getByText(/60 credits refunded/)
      .first()
      .waitFor();
    await page
      .getByText(/CUDA out of memory/)
      .first()
      .waitFor();
    expect(await headerBalance(page)).toBe(before);
    await screenshot(page, "video-failed");
  });

  test("an admin's price change reaches an open form without a reload", async () => {
    const { page } = await creatorPage();
    await page.goto("/create");
    await modelOption(page, "Luma Ray Flash 2-540p").check();
    await page.getByRole("radio", { name: /^5 s/ }).check();
    await expect
      .poll(() => submitButton(page).innerText())
      .toContain("60 credits");
    const admin = adminApi();
    await admin.mutation(api.models.updateModel, {
      modelId: "luma/ray-flash-2-540p",
      costPerSecond: 0.2,
    });
    try {
      await page
        .getByRole("button", { name: /Generate video · 100 credits/ })
        .waitFor({ timeout: 10_000 });
    } finally {
      await admin.mutation(api.models.updateModel, {
        modelId: "luma/ray-flash-2-540p",
        costPerSecond: 0.12,
      });
    }
    await page
      .getByRole("button", { name: /Generate video · 60 credits/ })
      .waitFor({ timeout: 10_000 });
  });

  test("every page at phone width", async () => {
    const { page } = await creatorPage(PHONE);
    for (const [path, name] of [
      ["/", "landing"],
      ["/create", "create"],
      ["/videos", "my-videos"],
      ["/compare", "compare"],
      ["/credits", "credits"],
    ] as const) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await screenshot(page, name);
    }
    const signedOut = await (await newContext(browser(), PHONE)).newPage();
    await signedOut.goto("/sign-in");
    await screenshot(signedOut, "sign-in");
  });
});
