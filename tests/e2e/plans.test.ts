/**
 * Plans in a real browser against the local stack (issue 12): a creator on
 * a plan without premium sees Veo locked and the plan's prices; an admin's
 * override reaches their open form live; a scheduled price change is shown
 * in advance ("from <date>: N credits") and applies at its time through the
 * scheduler. Admin changes go through the API while the browser watches.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import {
  adminApi,
  DESKTOP,
  launchBrowser,
  newContext,
  screenshot,
  signIn,
  uniqueEmail,
  waitForHydration,
} from "./support";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const submitButton = (page: Page) =>
  page.getByRole("button", { name: /^(Generate video|Confirm at)/ });
const modelRadio = (page: Page, name: string) =>
  page.getByRole("radio", { name, exact: true });

describe("plans", () => {
  test("plan prices, Veo locked, a live override, a scheduled price applied on time", async () => {
    const admin = adminApi();
    const suffix = Date.now().toString(36);
    const planId = `e2e-${suffix}`;
    const modelId = `e2e/scheduled-${suffix}`;
    const modelName = `Scheduled ${suffix}`;

    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    const email = uniqueEmail("plans");
    await signIn(page, email, "Plan Creator");

    await admin.mutation(api.plans.createPlan, {
      planId,
      name: "Budget only",
      allowedCategories: ["budget"],
      priceMultiplier: 1.5,
    });
    await admin.mutation(api.plans.assignPlan, { email, planId });
    await admin.mutation(api.models.createModel, {
      modelId,
      name: modelName,
      description: "A model whose price changes during the test",
      costPerSecond: 0.1,
      supportedDurations: [5],
      supportedQualities: ["standard"],
      isPremium: false,
      isActive: true,
      isDefault: false,
      isDeprecated: false,
      provider: "e2e",
      category: "budget",
      replicateModelId: "e2e/scheduled",
    });

    try {
      await page.goto("/create");
      await waitForHydration(page);

      // The plan's price: 0.18 × 5 × 1.5 = 135 credits.
      await modelRadio(page, "Luma Ray-2-720p").check();
      await page.getByRole("radio", { name: /^5 s/ }).check();
      await expect
        .poll(() => submitButton(page).innerText())
        .toContain("135 credits");

      // Veo is not in the plan: locked, and the button refuses.
      const veoCard = page.locator("label", {
        has: modelRadio(page, "Google Veo-3"),
      });
      await expect
        .poll(() => veoCard.innerText())
        .toContain("Not in your plan");
      await modelRadio(page, "Google Veo-3").check();
      await page
        .getByText("Google Veo-3 isn't included in your plan.")
        .waitFor();
      expect(await submitButton(page).isDisabled()).toBe(true);
      await screenshot(page, "plans-veo-locked");

      // An admin allows Veo for this creator: the open form updates live.
      await admin.mutation(api.plans.setUserModelOverride, {
        email,
        modelId: "google/veo-3",
        allowed: true,
        reason: "e2e pilot",
      });
      await expect
        .poll(() => veoCard.innerText(), { timeout: 20_000 })
        .not.toContain("Not in your plan");
      // 0.75 × 8 × 1.5 = 900 credits.
      await expect
        .poll(() => submitButton(page).innerText())
        .toContain("900 credits");
      await screenshot(page, "plans-veo-override");

      // A price change scheduled 20 s ahead shows in advance, then applies.
      const effectiveAt = Date.now() + 20_000;
      await admin.mutation(api.models.schedulePriceChange, {
        modelId,
        costPerSecond: 0.2,
        effectiveAt,
      });
      await modelRadio(page, modelName).check();
      // Now 0.1 × 5 × 1.5 = 75; from then on 0.2 × 5 × 1.5 = 150.
      await expect
        .poll(() => submitButton(page).innerText())
        .toContain("75 credits");
      const note = page.getByRole("list", { name: "Scheduled price changes" });
      await expect
        .poll(() => note.innerText())
        .toMatch(/From .* UTC: 150 credits/);
      await screenshot(page, "plans-scheduled-price");
      await expect
        .poll(() => submitButton(page).innerText(), { timeout: 45_000 })
        .toContain("150 credits");
      expect(Date.now()).toBeGreaterThanOrEqual(effectiveAt);
      await expect.poll(() => note.count()).toBe(0);
      const model = await admin.query(api.models.getModelById, { modelId });
      expect(model?.costPerSecond).toBe(0.2);
    } finally {
      await admin.mutation(api.models.deleteModel, { modelId });
      await admin.mutation(api.plans.assignPlan, { email, planId: null });
      await context.close();
    }
  });
});
