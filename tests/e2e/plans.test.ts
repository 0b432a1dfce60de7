/**
 * Plans in a real browser against the local stack (issue 12): a creator on
 * a plan without premium sees Veo locked and the plan's prices; an admin's
 * override reaches their open form live; a scheduled price change is shown
 * in advance ("from <date>: N credits") and applies at its time through the
 * scheduler. Admin changes go through the API while the browser watches.
 *
 * The admin screens (issue 12, and the model form's fields of issues 11
 * and 13): an admin edits a model's inputs, modifiers, unlock, sunset and
 * provider cost in the one model form, schedules a price change in an
 * explicit time zone and cancels it; an admin in Tokyo types an
 * override's expiry in their own zone.
 */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api";
import {
  adminApi,
  DESKTOP,
  newContext,
  screenshot,
  signIn,
  uniqueEmail,
  waitForHydration,
  setUpBrowser,
  signedInPage,
} from "./support";

const browser = setUpBrowser();

const PHONE_390 = { width: 390, height: 844 };
const ADMIN = "admin@example.com";

/** A test model of its own, created through the API. */
async function createTestModel(suffix: string, name: string) {
  const modelId = `e2e/admin-${suffix}`;
  await adminApi().mutation(api.models.createModel, {
    modelId,
    name,
    description: "A model the admin screens edit",
    costPerSecond: 0.1,
    supportedDurations: [5],
    supportedQualities: ["standard"],
    isPremium: false,
    isActive: true,
    isDefault: false,
    isDeprecated: false,
    provider: "e2e",
    category: "budget",
    replicateModelId: "e2e/admin",
  });
  return modelId;
}

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

    const email = uniqueEmail("plans");
    const page = await signedInPage(browser(), email, "Plan Creator");

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
        .toMatch(
          /From \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC: 150 credits/,
        );
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
      await page.context().close();
    }
  });

  test("the one model form edits inputs, modifiers, unlock, sunset and provider cost; a price change is scheduled and canceled", async () => {
    const suffix = Date.now().toString(36);
    const name = `Form ${suffix}`;
    const modelId = await createTestModel(suffix, name);
    const page = await signedInPage(browser(), ADMIN, "Admin");
    const href = `/admin/models/${modelId}`;
    try {
      await page.goto(`${href}?edit=1`);
      await waitForHydration(page);
      const form = page.getByRole("form", { name: `Edit ${name}` });

      // An enum input without options: the rule shows on that input's card.
      await form.getByRole("button", { name: "Add input" }).click();
      const first = form.getByRole("group", { name: /^Input 1/ });
      await first.getByLabel("Name").fill("aspect_ratio");
      await form.getByRole("button", { name: "Save changes" }).click();
      await expect
        .poll(() => first.getByRole("alert").textContent())
        .toBe("An enum input lists 1 to 50 options.");
      await screenshot(page, "plans-admin-input-error");

      // Fixed: two options, a boolean input and a modifier on it.
      await first.getByLabel("Options (comma-separated)").fill("16:9, 9:16");
      await first.getByLabel("Default (optional)").fill("16:9");
      await form.getByRole("button", { name: "Add input" }).click();
      const second = form.getByRole("group", { name: /^Input 2/ });
      await second.getByLabel("Name").fill("generate_audio");
      await second.getByLabel("Type").selectOption("boolean");
      await second.getByLabel("Default (optional)").selectOption("true");
      await form.getByRole("button", { name: "Add price modifier" }).click();
      const modifier = form.getByRole("group", { name: "Modifier 1" });
      await modifier.getByLabel("When input").selectOption("generate_audio");
      await modifier.getByLabel("is", { exact: true }).selectOption("false");
      await modifier.getByLabel("Multiplier").fill("0.5");
      await form.getByLabel("Most outputs per request").fill("2");
      await form.getByLabel("Replicate's cost (US$ per second)").fill("0.04");
      await form.getByLabel("Unlock price (credits)").fill("250");
      await form.getByLabel("Sunset (UTC)").fill("2031-01-15T09:30");
      await form
        .getByLabel("Successor", { exact: true })
        .fill("luma/ray-2-720p");
      await screenshot(page, "plans-admin-model-form");
      await form.getByRole("button", { name: "Save changes" }).click();
      await page.waitForURL((url) => !url.search.includes("edit"));

      const saved = await adminApi().query(api.models.getModelById, {
        modelId,
      });
      expect(saved).toMatchObject({
        inputs: [
          {
            name: "aspect_ratio",
            type: "enum",
            options: ["16:9", "9:16"],
            default: "16:9",
          },
          { name: "generate_audio", type: "boolean", default: true },
        ],
        priceModifiers: [
          { input: "generate_audio", value: false, multiplier: 0.5 },
        ],
        maxOutputs: 2,
        providerCostPerSecond: 0.04,
        unlockCredits: 250,
        sunsetAt: Date.UTC(2031, 0, 15, 9, 30),
        successorModelId: "luma/ray-2-720p",
      });

      // The editor shows the stored inputs again; a backend refusal of
      // one input comes back on its card.
      await page.goto(`${href}?edit=1`);
      await waitForHydration(page);
      await expect
        .poll(() =>
          form
            .getByRole("group", { name: "Input 2: generate_audio" })
            .getByLabel("Type")
            .inputValue(),
        )
        .toBe("boolean");

      // Scheduling: the time zone is explicit; a past time is refused.
      await page.goto(href);
      await waitForHydration(page);
      const schedule = page.getByRole("form", {
        name: "Schedule a price change",
      });
      await schedule.getByLabel("Time zone").selectOption("UTC");
      await schedule.getByLabel("New price (US$ per second)").fill("0.3");
      await schedule.getByLabel("Starts at (UTC)").fill("2020-01-01T00:00");
      await schedule
        .getByRole("button", { name: "Schedule price change" })
        .click();
      await expect
        .poll(() => schedule.getByRole("alert").first().textContent())
        .toBe("The new price must start in the future.");
      await schedule.getByLabel("Starts at (UTC)").fill("2030-06-01T08:00");
      await schedule
        .getByRole("button", { name: "Schedule price change" })
        .click();
      const pending = page.getByRole("list", { name: "Pending price changes" });
      await expect
        .poll(() => pending.innerText())
        .toContain("from Sat, 1 Jun 2030, 08:00 UTC");
      expect(await pending.innerText()).toContain("$0.10/s → $0.30/s");
      // 0.3 × 5 = 150 credits from then on (the list price; no plan).
      expect(await pending.innerText()).toContain("150 credits");
      await screenshot(page, "plans-admin-scheduled");
      await page.setViewportSize(PHONE_390);
      await screenshot(page, "plans-admin-scheduled");
      await page.setViewportSize(DESKTOP);

      await pending.getByRole("button", { name: /^Cancel the change/ }).click();
      await expect
        .poll(() => page.getByText("No price change is scheduled.").count())
        .toBe(1);
      await expect
        .poll(() => page.locator("#audit-heading ~ div").innerText())
        .toContain("Scheduled price canceled");
      expect(await page.locator("#audit-heading ~ div").innerText()).toContain(
        "Price scheduled",
      );
    } finally {
      await adminApi().mutation(api.models.deleteModel, { modelId });
      await page.context().close();
    }
  });

  test("an admin creates a plan, assigns it, sets and removes an override while the creator's price follows live; the audit trail shows each change", async () => {
    const suffix = Date.now().toString(36);
    const planId = `ui-${suffix}`;
    const creatorEmail = uniqueEmail("plan-ui");
    const creator = await signedInPage(
      browser(),
      creatorEmail,
      "Plan UI Creator",
    );
    // The admin works from Tokyo (UTC+9, no daylight saving).
    const admin = await (
      await newContext(browser(), DESKTOP, { timezoneId: "Asia/Tokyo" })
    ).newPage();
    await signIn(admin, ADMIN, "Admin");
    try {
      // Create the plan in the UI; a rule broken shows next to its field.
      await admin.goto("/admin/plans");
      await waitForHydration(admin);
      await admin.getByRole("link", { name: "New plan" }).click();
      await admin.waitForURL("**/admin/plans/new");
      await waitForHydration(admin);
      const form = admin.getByRole("form", { name: "New plan" });
      await form.getByLabel("Plan ID").fill(planId);
      await form.getByLabel("Plan name").fill(`Budget ${suffix}`);
      await form.getByLabel("Price multiplier").fill("1.234");
      await form.getByLabel("Monthly credits").fill("200");
      await form.getByRole("checkbox", { name: "Budget", exact: true }).check();
      await form.getByRole("button", { name: "Create plan" }).click();
      await expect
        .poll(() => admin.locator("#plan-priceMultiplier-error").textContent())
        .toBe(
          "Price multiplier must be above 0, at most 100, with at most 2 decimal places.",
        );
      await screenshot(admin, "plans-admin-new-plan-error");
      await form.getByLabel("Price multiplier").fill("1.5");
      await expect
        .poll(() => form.getByText(/at list price → 135 credits/).count())
        .toBe(1);
      await form.getByRole("button", { name: "Create plan" }).click();
      await admin.waitForURL(`**/admin/plans/${planId}?created=1`);
      await admin.getByText("Plan created.").waitFor();
      await screenshot(admin, "plans-admin-plan-page");

      // The creator's open form: Luma at list price, 0.18 × 5 = 90.
      await creator.goto("/create");
      await waitForHydration(creator);
      await modelRadio(creator, "Luma Ray-2-720p").check();
      await creator.getByRole("radio", { name: /^5 s/ }).check();
      await expect
        .poll(() => submitButton(creator).innerText())
        .toContain("90 credits");

      // Assign the plan on the user page: the creator's price follows (×1.5).
      const userPage = `/admin/users/${encodeURIComponent(creatorEmail)}`;
      await admin.goto(userPage);
      await waitForHydration(admin);
      const assign = admin.getByRole("form", { name: "Assign a plan" });
      await assign.getByLabel("Put on plan").selectOption(planId);
      await assign.getByRole("button", { name: "Assign plan" }).click();
      await admin
        .getByText(`${creatorEmail} is on the plan ${planId} now.`)
        .waitFor();
      await expect
        .poll(() => submitButton(creator).innerText(), { timeout: 20_000 })
        .toContain("135 credits");

      // An override: a custom price for Luma, with a reason.
      const override = admin.getByRole("form", { name: "Set an override" });
      await override.getByLabel("Model").selectOption("luma/ray-2-720p");
      await override.getByRole("button", { name: "Save override" }).click();
      await expect
        .poll(() => admin.locator("#override-access-error").textContent())
        .toBe(
          "An override allows or denies the model, or sets a price, or both.",
        );
      await override.getByLabel("Custom price (US$ per second)").fill("0.1");
      await override.getByLabel("Why").fill("e2e discount");
      // The expiry is typed in the admin's own zone: 09:00 in Tokyo.
      await expect
        .poll(() => override.getByLabel("Expiry time zone").inputValue())
        .toBe("Asia/Tokyo");
      // Two days ahead: the local backend fires a timer over ~24.8 days off
      // at once (Node's setTimeout limit), which would expire it now.
      const day = new Date(Date.now() + 2 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const [y, m, d] = day.split("-").map(Number);
      await override.getByLabel("Expires (Asia/Tokyo)").fill(`${day}T09:00`);
      // "Wed, 2 Dec 2026, 09:00 GMT+9", as a pattern.
      const when = (time: string, zone: string) =>
        `\\w{3}, ${d} \\w{3} ${y}, ${time} ${zone}`;
      await expect
        .poll(() => override.getByText(/^It stops applying at/).textContent())
        .toMatch(
          new RegExp(
            `^It stops applying at ${when("09:00", "GMT\\+9")} = ${when("00:00", "UTC")}\\.$`,
          ),
        );
      await override.getByRole("button", { name: "Save override" }).click();
      await admin.getByText("Override for luma/ray-2-720p saved.").waitFor();
      // Stored as 00:00 UTC, and listed in the admin's zone.
      const access = await adminApi().query(api.plans.getUserAccess, {
        email: creatorEmail,
      });
      expect(
        access.overrides.find((o) => o.modelId === "luma/ray-2-720p")
          ?.expiresAt,
      ).toBe(Date.UTC(y, m - 1, d, 0, 0));
      // 0.1 × 5 × 1.5 = 75 credits.
      await expect
        .poll(() => submitButton(creator).innerText(), { timeout: 20_000 })
        .toContain("75 credits");
      const overrides = admin.getByRole("list", { name: "Overrides" });
      expect(await overrides.innerText()).toContain("$0.10/s");
      expect(await overrides.innerText()).toMatch(
        new RegExp(
          `until ${when("09:00", "GMT\\+9")} \\(${when("00:00", "UTC")}\\)`,
        ),
      );
      await override.scrollIntoViewIfNeeded();
      await screenshot(admin, "plans-admin-override-expiry");
      await admin.setViewportSize(PHONE_390);
      await screenshot(admin, "plans-admin-override-expiry");
      await admin.setViewportSize(DESKTOP);

      // A credit grant and a role change join the same trail.
      await admin.getByLabel("Amount (credits)").fill("25");
      await admin.getByLabel("Reason", { exact: true }).fill("e2e thanks");
      await admin.getByRole("button", { name: /^Grant \+25/ }).click();
      await admin.getByText(/Granted \+25 credits/).waitFor();
      await adminApi().mutation(api.users.setRole, {
        email: creatorEmail,
        role: "admin",
      });
      await adminApi().mutation(api.users.setRole, {
        email: creatorEmail,
        role: "creator",
      });

      // Remove the override: back to the plan's price.
      await overrides
        .getByRole("button", { name: "Remove the override of Luma Ray-2-720p" })
        .click();
      await admin.getByText("Override for luma/ray-2-720p removed.").waitFor();
      await expect
        .poll(() => submitButton(creator).innerText(), { timeout: 20_000 })
        .toContain("135 credits");

      const trail = admin.getByRole("list", {
        name: "Access changes, newest first",
      });
      await expect
        .poll(() => trail.locator("li").first().innerText())
        .toMatch(/Override removed/);
      const text = await trail.innerText();
      for (const line of [
        "Plan assigned",
        `Plan: no plan → ${planId}`,
        "Override set",
        "Price per second: none → $0.10/s",
        "Reason: e2e discount",
        "Credits granted",
        "Reason: e2e thanks",
        "Role changed",
        "Role: creator → admin",
        "Role: admin → creator",
        ADMIN,
      ]) {
        expect(text).toContain(line);
      }
      const balance = /Balance: ([\d,]+) credits → ([\d,]+) credits/.exec(text);
      expect(
        Number(balance?.[2].replace(",", "")) -
          Number(balance?.[1].replace(",", "")),
      ).toBe(25);
      await screenshot(admin, "plans-admin-user");
      await admin.setViewportSize(PHONE_390);
      await screenshot(admin, "plans-admin-user");
      await admin.goto("/admin/plans");
      await waitForHydration(admin);
      await admin.getByRole("link", { name: `Budget ${suffix}` }).waitFor();
      await screenshot(admin, "plans-admin-plans");
      await admin.setViewportSize(DESKTOP);
      await screenshot(admin, "plans-admin-plans");
    } finally {
      await adminApi().mutation(api.plans.assignPlan, {
        email: creatorEmail,
        planId: null,
      });
      await creator.context().close();
      await admin.context().close();
    }
  });
});
