/**
 * The admin console end to end, against the local stack: an admin manages a
 * model (field errors before submitting, create, price edit, deprecate, set
 * another default, soft delete, restore) while a creator's open create form
 * follows every change live, then reads each change in the audit trail; an
 * admin grants credits and the creator's header balance follows live; a
 * creator is refused every admin page. Screenshots of every admin page at
 * desktop and phone widths go to test-results/screenshots/; no page scrolls
 * sideways, and the dashboard's recent videos fit their card at 1280 px.
 *
 * Models and users get unique ids, and the shared catalogue is put back
 * afterwards (the original default restored, test models deleted), so
 * creator.test.ts sees the seeded catalogue whatever the order.
 */
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, describe, expect, inject, test } from "vitest";
import { api } from "../../convex/_generated/api";
import {
  adminApi,
  waitForHydration,
  PHONE,
  screenshot,
  signIn,
  uniqueEmail,
  setUpBrowser,
  signedInPage,
} from "./support";

const ADMIN = "admin@example.com";
const SEEDED_DEFAULT = "luma/ray-flash-2-540p";
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const MODEL = { id: `e2e/admin-${suffix}`, name: `E2E Admin ${suffix}` };
const OTHER = { id: `e2e/other-${suffix}`, name: `E2E Other ${suffix}` };
const PLAIN = { id: `e2e/plain-${suffix}`, name: `E2E Plain ${suffix}` };
const LIVE = { timeout: 15_000 };

const browser = setUpBrowser();
const contexts: BrowserContext[] = [];

/** A signed-in page whose context is closed after the file's tests. */
async function adminTestPage(
  email: string,
  name: string,
  viewport?: typeof PHONE,
) {
  const page = await signedInPage(browser(), email, name, viewport);
  contexts.push(page.context());
  return page;
}

/** A model definition for `models.createModel`, made through the API. */
function definition(model: { id: string; name: string }) {
  return {
    modelId: model.id,
    name: model.name,
    description: "Made by the admin e2e test.",
    costPerSecond: 0.05,
    supportedDurations: [4],
    supportedQualities: ["standard"],
    isPremium: false,
    isActive: true,
    isDefault: false,
    isDeprecated: false,
    provider: "e2e",
    category: "experimental",
    replicateModelId: model.id,
  };
}

/** The creator form's submit button, which carries the price. */
function generateButton(page: Page): Locator {
  return page.getByRole("button", { name: /^Generate video/ });
}

/** Waits until the page's Convex client is connected and authenticated. */
async function waitUntilLive(page: Page) {
  await waitForHydration(page);
  await page.waitForLoadState("networkidle");
}

/**
 * The dashboard's recent videos table fits its card at desktop width: no
 * sideways scrolling inside the card, and the last column in view.
 */
async function expectRecentVideosFit(page: Page) {
  const card = page.getByRole("region", {
    name: "Recent videos of all creators, newest first",
  });
  await card.getByRole("row").nth(1).waitFor();
  const { scrollWidth, clientWidth } = await card.evaluate((box) => ({
    scrollWidth: box.querySelector("table")?.scrollWidth ?? Infinity,
    clientWidth: box.clientWidth,
  }));
  expect(scrollWidth, "recent videos scroll sideways").toBeLessThanOrEqual(
    clientWidth,
  );
  const cardBox = await card.boundingBox();
  const created = await card
    .getByRole("columnheader", { name: "Created" })
    .boundingBox();
  expect(cardBox).not.toBeNull();
  expect(created).not.toBeNull();
  expect(
    created!.x + created!.width,
    "the Created column is cut off",
  ).toBeLessThanOrEqual(cardBox!.x + cardBox!.width);
}

afterAll(async () => {
  // Put the shared catalogue back, whatever happened above.
  const convex = adminApi();
  await convex
    .mutation(api.models.updateModel, {
      modelId: SEEDED_DEFAULT,
      isDefault: true,
    })
    .catch(() => undefined);
  for (const model of [MODEL, OTHER, PLAIN]) {
    await convex
      .mutation(api.models.deleteModel, { modelId: model.id })
      .catch(() => undefined);
  }
  for (const context of contexts) await context.close();
});

describe("admin console", () => {
  test("a creator is refused every admin page", async () => {
    const email = uniqueEmail("refused");
    const page = await adminTestPage(email, "Refused Creator");
    await expect
      .poll(() => page.getByRole("navigation", { name: "Main" }).textContent())
      .not.toContain("Admin");
    for (const path of [
      "/admin",
      "/admin/models",
      "/admin/models/new",
      "/admin/models/google/veo-3",
      "/admin/users",
      `/admin/users/${encodeURIComponent(email)}`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await page.getByRole("heading", { name: "Not allowed" }).waitFor();
      expect(
        await page.getByRole("navigation", { name: "Admin" }).count(),
      ).toBe(0);
    }
    await screenshot(page, "admin-403");
  });

  test("an admin manages a model while a creator's form follows live", async () => {
    const admin = await adminTestPage(ADMIN, "Admin");
    const creator = await adminTestPage(
      uniqueEmail("watcher"),
      "Watching Creator",
    );

    // New model: rule violations show next to their fields before submitting.
    await admin.goto("/admin/models/new");
    await admin.getByLabel("Model ID").fill(MODEL.id);
    await admin.getByLabel("Name", { exact: true }).fill(MODEL.name);
    await admin.getByLabel("Provider").fill("e2e");
    await admin.getByLabel("Price per second (US$)").fill("-0.5");
    await admin.getByLabel("Durations (seconds)").fill("5, 10");
    await admin.getByLabel("Fixed duration (seconds)").fill("7");
    await admin.getByLabel("Fixed duration (seconds)").press("Tab");
    const priceError = admin.locator("#field-costPerSecond-error");
    const fixedError = admin.locator("#field-fixedDuration-error");
    await expect
      .poll(() => priceError.textContent())
      .toContain("from 0 to 1000");
    await expect
      .poll(() => fixedError.textContent())
      .toBe("Fixed duration must be one of the supported durations.");
    await admin.getByRole("button", { name: "Create model" }).click();
    expect(new URL(admin.url()).pathname).toBe("/admin/models/new");
    await expect
      .poll(() => admin.evaluate(() => document.activeElement?.id))
      .toBe("field-costPerSecond");
    await screenshot(admin, "admin-model-new-errors");

    await admin.getByLabel("Price per second (US$)").fill("0.2");
    await admin.getByLabel("Fixed duration (seconds)").fill("");
    await expect.poll(() => fixedError.count()).toBe(0);
    await admin.getByRole("button", { name: "Create model" }).click();
    await admin.waitForURL(`**/admin/models/${MODEL.id}?created=1`);
    await admin.getByText("Model created.").waitFor();

    // The backend's DUPLICATE_MODEL_ID comes back next to the model ID.
    await admin.goto("/admin/models/new");
    await admin.getByLabel("Model ID").fill(MODEL.id);
    await admin.getByLabel("Name", { exact: true }).fill("Duplicate");
    await admin.getByLabel("Provider").fill("e2e");
    await admin.getByLabel("Price per second (US$)").fill("0.1");
    await admin.getByLabel("Durations (seconds)").fill("5");
    await admin.getByRole("button", { name: "Create model" }).click();
    await expect
      .poll(() => admin.locator("#field-modelId-error").textContent(), LIVE)
      .toBe("A model with this ID already exists.");

    // The creator picks the new model: 5 s at $0.20/s = 100 credits.
    await creator.goto("/create");
    await waitUntilLive(creator);
    await creator.getByRole("radio", { name: MODEL.name }).check();
    // Set on this very document: it survives only if nothing reloads.
    await creator.evaluate(() => {
      (window as unknown as { e2eMarker: string }).e2eMarker = "no reload";
    });
    await expect
      .poll(() => generateButton(creator).textContent())
      .toBe("Generate video · 100 credits");

    // Price edit on the model's page (a rule checked before saving) reaches
    // the creator.
    await admin.goto(`/admin/models/${MODEL.id}`);
    await waitUntilLive(admin);
    const mine = admin.getByRole("main");
    // Its health arrives live (the page passes the minute it asks about).
    await expect
      .poll(() => mine.getByText("Last hour", { exact: true }).count())
      .toBe(1);
    await mine.getByRole("link", { name: `Edit ${MODEL.name}` }).click();
    const fixed = mine.getByLabel("Fixed duration (seconds)");
    await fixed.fill("7");
    await fixed.press("Tab");
    await mine
      .getByText("Fixed duration must be one of the supported durations.")
      .waitFor();
    await screenshot(admin, "admin-models-edit-error");
    await fixed.fill("");
    await mine.getByLabel("Price per second (US$)").fill("0.3");
    await mine.getByRole("button", { name: "Save changes" }).click();
    await mine.getByText("Changes saved. Creators see them now.").waitFor();
    await expect
      .poll(() => generateButton(creator).textContent(), LIVE)
      .toBe("Generate video · 150 credits");
    expect(
      await creator.evaluate(
        () => (window as unknown as { e2eMarker?: string }).e2eMarker,
      ),
    ).toBe("no reload");

    // Deprecate: the creator's form marks it.
    await mine.getByRole("button", { name: "Deprecate" }).click();
    await mine.getByText(`${MODEL.name} is marked deprecated.`).waitFor();
    await creator.getByText(`${MODEL.name} is deprecated.`).waitFor(LIVE);

    // Another model becomes the default.
    await adminApi().mutation(api.models.createModel, definition(OTHER));
    await admin.goto(`/admin/models/${OTHER.id}`);
    await waitUntilLive(admin);
    const other = admin.getByRole("main");
    await other.getByRole("button", { name: "Set default" }).click();
    await other.getByText(`${OTHER.name} is now the default model.`).waitFor();
    const otherOption = creator.locator("label", {
      has: creator.getByRole("radio", { name: OTHER.name }),
    });
    await otherOption.getByText("Default", { exact: true }).waitFor(LIVE);
    await screenshot(admin, "admin-models-changes");

    // Soft delete behind a confirm step: it leaves the creator's list.
    await admin.goto(`/admin/models/${MODEL.id}`);
    await waitUntilLive(admin);
    await mine.getByRole("button", { name: "Delete", exact: true }).click();
    const confirmDelete = mine.getByRole("button", { name: "Yes, delete" });
    await expect
      .poll(() => admin.evaluate(() => document.activeElement?.textContent))
      .toBe("Cancel");
    await screenshot(admin, "admin-models-confirm-delete");
    await confirmDelete.click();
    await creator
      .getByText(`${MODEL.name} is no longer available`)
      .waitFor(LIVE);
    expect(await creator.getByRole("radio", { name: MODEL.name }).count()).toBe(
      0,
    );
    // The ModelManager lists it under "Deleted" only.
    await admin.goto(`/admin/models?q=admin-${suffix}`);
    await admin.getByText(/^(Showing|No model matches)/).waitFor();
    expect(await admin.getByRole("link", { name: MODEL.name }).count()).toBe(0);
    await admin.goto(`/admin/models?q=admin-${suffix}&status=deleted`);
    await admin.getByRole("link", { name: MODEL.name }).click();
    await admin.waitForURL(`**/admin/models/${MODEL.id}`);
    await waitUntilLive(admin);

    // Restore it, also confirmed (keyboard).
    await mine.getByText("Deleted", { exact: true }).first().waitFor(LIVE);
    await mine.getByRole("button", { name: "Restore", exact: true }).click();
    await admin.keyboard.press("Shift+Tab");
    await admin.keyboard.press("Enter");
    await mine.getByText(`${MODEL.name} was restored.`).waitFor();
    await creator.getByRole("radio", { name: MODEL.name }).waitFor(LIVE);

    // Every change is in the audit trail, old → new.
    await admin.goto(`/admin/models/${MODEL.id}`);
    const trail = admin.getByRole("region", { name: "Audit trail" });
    await trail.getByText("Price per second: $0.20/s → $0.30/s").waitFor(LIVE);
    const text = (await trail.textContent()) ?? "";
    for (const expected of [
      "Created",
      "Deprecated: no → yes",
      "Deleted",
      "Restored",
      ADMIN,
    ]) {
      expect(text, expected).toContain(expected);
    }
    await screenshot(admin, "admin-model-audit");
    await admin.goto(`/admin/models/${OTHER.id}`);
    await admin.getByText("Default: no → yes").waitFor();
  }, 180_000);

  test("an admin grants credits and the creator's balance follows live", async () => {
    const email = uniqueEmail("granted");
    const creator = await adminTestPage(email, "Granted Creator");
    await creator.goto("/credits");
    await waitUntilLive(creator);
    const balance = creator.getByRole("link", { name: /^Credit balance/ });
    await expect
      .poll(() => balance.getAttribute("aria-label"))
      .toBe("Credit balance: 500 credits");

    const admin = await adminTestPage(ADMIN, "Admin");
    await admin.goto("/admin/users");
    await waitUntilLive(admin);
    await admin.getByLabel("Email starts with").fill(email.slice(0, 14));
    // The search is debounced into the URL (?q=): click only once it has
    // landed, or its navigation would override the click's.
    await admin.waitForURL(/[?&]q=/);
    await admin.waitForLoadState("networkidle");
    await admin.getByRole("link", { name: email }).first().click();
    await admin.waitForURL(`**/admin/users/${encodeURIComponent(email)}`);
    await waitUntilLive(admin);

    // Instant field messages, then a grant.
    const amount = admin.getByLabel("Amount (credits)");
    await amount.fill("0");
    await amount.press("Tab");
    await admin.getByText(/The amount can't be 0/).waitFor();
    await amount.fill("250");
    await admin.getByLabel("Reason").fill("E2E bonus");
    await admin.getByRole("button", { name: "Grant +250 credits" }).click();
    await admin.getByText(`Granted +250 credits to ${email}.`).waitFor();
    await expect
      .poll(() => balance.getAttribute("aria-label"), LIVE)
      .toBe("Credit balance: 750 credits");

    // A deduction beyond the balance is refused and explained.
    await admin.getByLabel("Amount (credits)").fill("-5000");
    await admin.getByLabel("Reason").fill("Too much");
    await admin.getByRole("button", { name: /^Deduct/ }).click();
    await admin.getByText("Not enough credits to deduct that much.").waitFor();
    expect(await balance.getAttribute("aria-label")).toBe(
      "Credit balance: 750 credits",
    );

    // Promote, confirmed; the creator's header gains the Admin link live.
    await admin.getByRole("button", { name: "Make admin" }).click();
    await admin.getByRole("button", { name: "Yes, make admin" }).click();
    await admin.getByText(`${email} is now an admin.`).waitFor();
    await creator
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Admin" })
      .waitFor(LIVE);
    await admin.getByRole("button", { name: "Remove admin role" }).click();
    await admin.getByRole("button", { name: "Yes, remove" }).click();
    await admin.getByText(`${email} is now a creator.`).waitFor();
    await screenshot(admin, "admin-user-grant");
  });

  test("the ModelManager works without JavaScript", async () => {
    await adminApi().mutation(api.models.createModel, definition(PLAIN));
    const context = await browser().newContext({
      baseURL: inject("appUrl"),
      javaScriptEnabled: false,
    });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, ADMIN, "Admin");

    // The editor opens from the URL; a broken rule comes back from the action.
    await page.goto(`/admin/models/${PLAIN.id}?edit=1`);
    const plain = page.getByRole("main");
    await plain.getByLabel("Price per second (US$)").fill("0.12345");
    await plain.getByRole("button", { name: "Save changes" }).click();
    await plain.getByText("at most 4 decimal places").waitFor();
    await plain.getByLabel("Price per second (US$)").fill("0.06");
    await plain.getByRole("button", { name: "Save changes" }).click();
    await plain.getByText("Changes saved. Creators see them now.").waitFor();
    expect(
      await plain.getByRole("button", { name: "Save changes" }).count(),
    ).toBe(0);

    // The list works without JavaScript too: search, filters, the price.
    await page.goto(`/admin/models?q=plain-${suffix}`);
    const row = page.getByRole("row", { name: new RegExp(PLAIN.name) });
    await row.getByText("$0.06/s").filter({ visible: true }).waitFor();
    // Its date reads like every date in the app ("7 Dec 2026", full time
    // "7 Dec 2026, 09:00 UTC" in the tooltip), from the server's HTML.
    const updated = row.locator("time");
    expect(await updated.textContent()).toMatch(
      /^\d{1,2} [A-Z][a-z]{2} \d{4}$/,
    );
    expect(await updated.getAttribute("title")).toMatch(
      /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/,
    );
    await page.getByLabel("Status").selectOption("deleted");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/status=deleted/);
    await page.getByText(/^(Showing|No model matches)/).waitFor();
    expect(
      await page.getByRole("row", { name: new RegExp(PLAIN.name) }).count(),
    ).toBe(0);

    // Delete asks first (the server renders the confirm step), then deletes.
    await page.goto(`/admin/models/${PLAIN.id}`);
    await plain.getByRole("button", { name: "Delete", exact: true }).click();
    await plain.getByText(`Delete ${PLAIN.name}?`).waitFor();
    await plain.getByRole("button", { name: "Yes, delete" }).click();
    await plain.getByText(`${PLAIN.name} was deleted.`).waitFor();
    await page.goto(`/admin/models?q=plain-${suffix}&status=deleted`);
    await page.getByRole("row", { name: new RegExp(PLAIN.name) }).waitFor();
    await page.goto(`/admin/models/${PLAIN.id}`);
    await plain.getByRole("button", { name: "Restore", exact: true }).click();
    await plain.getByRole("button", { name: "Yes, restore" }).click();
    await plain.getByText(`${PLAIN.name} was restored.`).waitFor();
  });

  test("every admin page at desktop and phone widths", async () => {
    const email = uniqueEmail("shots");
    await (await adminTestPage(email, "Screenshot Creator")).close();
    // A video, so the dashboard's recent videos (and the user page) show rows.
    await adminApi(email, "Screenshot Creator").mutation(
      api.videos.createVideo,
      {
        prompt: "A paper boat drifting down a rainy street, close-up",
        model: SEEDED_DEFAULT,
        duration: 5,
        quality: "standard",
      },
    );
    for (const viewport of [undefined, PHONE]) {
      const page = await adminTestPage(ADMIN, "Admin", viewport);
      for (const [name, path] of [
        ["admin-dashboard", "/admin"],
        ["admin-models", "/admin/models"],
        ["admin-models-deprecated", "/admin/models?status=deprecated"],
        ["admin-model-new", "/admin/models/new"],
        ["admin-model-detail", "/admin/models/luma/ray-2-720p"],
        ["admin-users", "/admin/users"],
        ["admin-user", `/admin/users/${encodeURIComponent(email)}`],
      ] as const) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        await waitUntilLive(page);
        const overflow = await page.evaluate(
          () =>
            document.documentElement.scrollWidth -
            document.documentElement.clientWidth,
        );
        expect(overflow, `${path} scrolls sideways`).toBe(0);
        await screenshot(page, name);
        // After the screenshot, so a failure leaves the picture to look at.
        if (name === "admin-dashboard" && viewport === undefined) {
          await expectRecentVideosFit(page);
        }
      }
    }
    // 14 pages, each rendered, hydrated and live: minutes on a loaded machine.
  }, 300_000);
});
