/**
 * The ModelManager's table end to end (issue 13), against the local stack:
 * 60 models of a provider of this run's own are created through the API;
 * the admin filters to that provider, sorts by price, pages, selects three
 * rows (mouse and keyboard), deprecates them behind one confirmation dialog
 * (Escape cancels it first, changing nothing) and sees the change in the
 * table, under the "Deprecated" filter and in each model's audit trail. The
 * same page at 390 px: no sideways scroll, selection and the dialog work.
 * The models are soft-deleted afterwards.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import {
  adminApi,
  screenshot,
  waitForHydration,
  setUpBrowser,
  signedInPage,
} from "./support";

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const PROVIDER = `mm${suffix}`;
const COUNT = 60;
const PHONE_390 = { width: 390, height: 844 };
const LIVE = { timeout: 15_000 };

/** Model i of this run: prices 0.0101 … 0.0160, names in another order. */
function model(i: number) {
  const n = String(i).padStart(2, "0");
  return {
    modelId: `${PROVIDER}/m-${n}`,
    name: `MM ${suffix} ${String((i * 37) % COUNT).padStart(2, "0")}`,
    costPerSecond: (101 + i) / 10000,
  };
}
const models = Array.from({ length: COUNT }, (_, i) => model(i));
/** By price, most expensive first. */
const byPriceDesc = [...models].sort(
  (a, b) => b.costPerSecond - a.costPerSecond,
);

const browser = setUpBrowser();
const contexts: BrowserContext[] = [];

async function adminPage(viewport?: typeof PHONE_390): Promise<Page> {
  const page = await signedInPage(
    browser(),
    "admin@example.com",
    "Admin",
    viewport,
  );
  contexts.push(page.context());
  return page;
}

/** The names in the table's rows, top to bottom. */
async function rowNames(page: Page): Promise<string[]> {
  return await page
    .getByRole("table")
    .locator("tbody th[scope=row] a")
    .allTextContents();
}

beforeAll(async () => {
  const convex = adminApi();
  for (const m of models) {
    await convex.mutation(api.models.createModel, {
      ...m,
      description: "ModelManager e2e",
      supportedDurations: [5],
      supportedQualities: ["standard"],
      isPremium: false,
      isActive: true,
      isDefault: false,
      isDeprecated: false,
      provider: PROVIDER,
      category: "experimental",
      replicateModelId: m.modelId,
    });
  }
}, 180_000);

afterAll(async () => {
  const convex = adminApi();
  for (const m of models)
    await convex
      .mutation(api.models.deleteModel, { modelId: m.modelId })
      .catch(() => undefined);
  for (const context of contexts) await context.close();
});

describe("ModelManager table", () => {
  test("filter, sort, page, select several rows, bulk deprecate with one confirmation", async () => {
    const page = await adminPage();
    await page.goto("/admin/models");
    await waitForHydration(page);

    // Filter to this run's provider: 60 models, 50 on the first page.
    await page.getByLabel("Provider").selectOption(PROVIDER);
    await page.waitForURL(new RegExp(`provider=${PROVIDER}`));
    await page.getByText(`Showing 1–50 of ${COUNT} models.`).waitFor(LIVE);

    // Sort by price from the column header: first click = highest first.
    await page.getByRole("link", { name: /^Price/ }).click();
    await page.waitForURL(/sort=price/);
    await expect
      .poll(() => rowNames(page), LIVE)
      .toEqual(byPriceDesc.slice(0, 50).map((m) => m.name));
    expect(
      await page
        .getByRole("columnheader", { name: /^Price/ })
        .getAttribute("aria-sort"),
    ).toBe("descending");

    // The second page holds the 10 cheapest; Previous goes back.
    await page.getByRole("link", { name: "Next page →" }).click();
    await page.getByText(`Showing 51–60 of ${COUNT} models.`).waitFor(LIVE);
    await expect
      .poll(() => rowNames(page), LIVE)
      .toEqual(byPriceDesc.slice(50).map((m) => m.name));
    expect(await page.getByRole("link", { name: "Next page →" }).count()).toBe(
      0,
    );

    // Select two rows here (mouse), one on the first page (keyboard).
    const picked = [byPriceDesc[55], byPriceDesc[59], byPriceDesc[3]];
    await page
      .getByRole("checkbox", { name: `Select ${picked[0].name}` })
      .check();
    await page
      .getByRole("checkbox", { name: `Select ${picked[1].name}` })
      .check();
    await page.getByRole("link", { name: "← Previous page" }).click();
    await page.getByText(`Showing 1–50 of ${COUNT} models.`).waitFor(LIVE);
    const third = page.getByRole("checkbox", {
      name: `Select ${picked[2].name}`,
    });
    await third.focus();
    await page.keyboard.press("Space");
    expect(await third.isChecked()).toBe(true);
    const bar = page.getByRole("region", { name: "Bulk actions" });
    await bar.getByText("3 models selected").waitFor();

    // Escape closes the confirmation without changing anything.
    await bar.getByRole("button", { name: "Deprecate…" }).click();
    const dialog = page.getByRole("dialog", { name: "Deprecate 3 models?" });
    await dialog.waitFor();
    for (const m of picked) await dialog.getByText(m.name).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Cancel",
    );
    await screenshot(page, "model-manager-confirm");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Deprecate…",
    );
    const convex = adminApi();
    const stored = await convex.query(api.models.getModelById, {
      modelId: picked[0].modelId,
    });
    expect(stored?.isDeprecated).toBe(false);

    // Confirm: the three rows show "Deprecated", live.
    await bar.getByRole("button", { name: "Deprecate…" }).click();
    await dialog.getByRole("button", { name: "Deprecate 3 models" }).click();
    await page.getByText("3 models deprecated.").first().waitFor(LIVE);
    await dialog.waitFor({ state: "hidden" });
    expect(await bar.count()).toBe(0);
    await page
      .getByRole("row", { name: new RegExp(picked[2].name) })
      .getByText("Deprecated")
      .filter({ visible: true })
      .waitFor(LIVE);
    await screenshot(page, "model-manager");

    // The "Deprecated" filter lists exactly those three.
    await page.getByLabel("Status").selectOption("deprecated");
    await page.waitForURL(/status=deprecated/);
    await page.getByText("Showing 1–3 of 3 models.").waitFor(LIVE);
    expect((await rowNames(page)).sort()).toEqual(
      picked.map((m) => m.name).sort(),
    );

    // Each change is in the model's audit trail.
    await page.getByRole("link", { name: picked[0].name }).click();
    await page
      .getByRole("region", { name: "Audit trail" })
      .getByText("Deprecated: no → yes")
      .waitFor(LIVE);
  }, 180_000);

  test("usable at 390 px: no sideways scroll, select and confirm", async () => {
    const page = await adminPage(PHONE_390);
    await page.goto(`/admin/models?provider=${PROVIDER}&sort=price`);
    await waitForHydration(page);
    await page.getByText(`Showing 1–50 of ${COUNT} models.`).waitFor(LIVE);
    const overflow = await page.evaluate(
      () =>
        document.documentElement.scrollWidth -
        document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    // The price is still there, under the name.
    await page
      .getByRole("row", { name: new RegExp(models[0].name) })
      .getByText("$0.0101/s")
      .filter({ visible: true })
      .waitFor();
    await screenshot(page, "model-manager");

    await page
      .getByRole("checkbox", { name: `Select ${models[1].name}` })
      .check();
    await page
      .getByRole("region", { name: "Bulk actions" })
      .getByRole("button", { name: "Deactivate…" })
      .click();
    const dialog = page.getByRole("dialog", { name: "Deactivate 1 model?" });
    await screenshot(page, "model-manager-confirm");
    await dialog.getByRole("button", { name: "Deactivate 1 model" }).click();
    await page.getByText("1 model deactivated.").first().waitFor(LIVE);
    await page
      .getByRole("row", { name: new RegExp(models[1].name) })
      .getByText("Inactive")
      .filter({ visible: true })
      .waitFor(LIVE);
  }, 120_000);
});
