/**
 * The credits shop in a real browser against the local stack and its fake
 * Stripe: a creator short of credits for a Veo video buys a package on the
 * fake's hosted page while the backend is unreachable for webhooks, sees
 * "Payment received — adding your credits…", then the balance rise live
 * when the retried delivery lands (once), the receipt, and makes the video
 * they could not afford. A declined card grants nothing.
 */
import type { Page } from "playwright-core";
import { afterAll, describe, expect, inject, test } from "vitest";
import {
  DESKTOP,
  PHONE,
  screenshot,
  waitForHydration,
  setUpBrowser,
  newCreatorPage,
} from "./support";

const browser = setUpBrowser();
afterAll(async () => {
  await fakeStripe("webhooks", { down: false });
});

async function fakeStripe(path: string, body: unknown = {}) {
  const response = await fetch(`${inject("stripeUrl")}/_control/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return (await response.json()) as unknown;
}

async function deliveries() {
  const response = await fetch(`${inject("stripeUrl")}/_control/deliveries`);
  return (await response.json()) as {
    type: string;
    attempts: number;
    delivered: boolean;
  }[];
}

async function headerBalance(page: Page): Promise<number> {
  const text = await page.getByTestId("header-balance").innerText();
  return Number(text.replace(/[^0-9]/g, ""));
}

const creatorPage = (viewport = DESKTOP) =>
  newCreatorPage(browser(), "buyer", "Bea Buyer", viewport);

/** From the credits page: Buy the Starter package and land on the fake's page. */
async function openCheckout(page: Page) {
  await page.goto("/credits#packages");
  await waitForHydration(page);
  await page.getByRole("button", { name: /^Buy Starter/ }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/c/pay/"));
  await expect(page.getByText("$5.00").first().isVisible()).resolves.toBe(true);
}

describe("credits shop", () => {
  test("a creator short of credits buys a package, sees the balance rise live once the retried webhook lands, and makes the video", async () => {
    const { page } = await creatorPage();
    // 500 starter credits; a Veo video costs 600.
    await page.goto("/create");
    await waitForHydration(page);
    await page
      .getByRole("radio", { name: "Google Veo-3", exact: true })
      .check();
    const short = page.getByText(/you need 100 credits more/);
    await short.waitFor();
    await screenshot(page, "shop-create-short");
    await page.getByRole("link", { name: "Buy credits" }).first().click();
    await page.waitForURL(/\/credits/);
    await page.getByRole("heading", { name: "Buy credits" }).waitFor();
    await screenshot(page, "shop-credits");

    // The backend cannot be reached by webhooks while the creator pays.
    await fakeStripe("webhooks", { down: true });
    await openCheckout(page);
    await screenshot(page, "shop-fake-stripe");
    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay", exact: true }).click();
    await page.waitForURL(/\/credits\?checkout=success/);
    await waitForHydration(page);
    await page.getByText("Payment received — adding your credits…").waitFor();
    expect(await headerBalance(page)).toBe(500);
    await screenshot(page, "shop-payment-pending");

    // Stripe's next retry reaches it: the page turns into the new balance.
    await fakeStripe("webhooks", { down: false });
    await page.getByText(/500 credits added/).waitFor({ timeout: 30_000 });
    await expect
      .poll(() => headerBalance(page), { timeout: 10_000 })
      .toBe(1000);
    const purchases = page.getByRole("table", { name: /purchases/i });
    await purchases.getByText("Starter").waitFor();
    await purchases.getByRole("cell", { name: "Paid", exact: true }).waitFor();
    await screenshot(page, "shop-payment-received");
    const completed = (await deliveries()).filter(
      (d) => d.type === "checkout.session.completed" && d.delivered,
    );
    expect(completed.at(-1)!.attempts).toBeGreaterThan(1);

    // The ledger's purchase entry links to its receipt (issue 14).
    const history = page.getByRole("table", { name: /credit history/i });
    await history
      .getByRole("row", { name: /Purchase/ })
      .getByRole("link", { name: "View receipt" })
      .first()
      .click();
    await page.waitForURL(/[?&]purchase=/);
    const receipt = page.getByRole("region", { name: "Receipt" });
    await receipt.getByText("Starter").waitFor();
    await receipt.getByRole("cell", { name: "Paid", exact: true }).waitFor();

    // The video they could not afford.
    await page.goto("/create");
    await waitForHydration(page);
    await page
      .getByRole("radio", { name: "Google Veo-3", exact: true })
      .check();
    await page
      .getByRole("textbox", { name: "Prompt" })
      .fill("A red fox crossing a snowy field at dawn");
    await page.getByRole("button", { name: /^Generate video/ }).click();
    // The studio stays on /create and shows the video in its feed.
    await page.getByText("Your video is on its way.").waitFor();
    await expect.poll(() => headerBalance(page), { timeout: 10_000 }).toBe(400);
  });

  test("a declined card, then Decline, grants nothing", async () => {
    const { page } = await creatorPage(PHONE);
    await openCheckout(page);
    await page.getByLabel("Card number").fill("4000 0000 0000 0002");
    await page.getByRole("button", { name: "Pay", exact: true }).click();
    await page.getByText("Your card was declined.").waitFor();
    await screenshot(page, "shop-declined");
    await page.getByRole("button", { name: "Decline", exact: true }).click();
    await page.waitForURL(/\/credits\?checkout=canceled/);
    await page.getByText("Checkout canceled.").waitFor();
    await waitForHydration(page);
    const purchases = page.getByRole("table", { name: /purchases/i });
    await purchases
      .getByRole("cell", { name: "Failed", exact: true })
      .waitFor({ timeout: 15_000 });
    expect(await headerBalance(page)).toBe(500);
    await screenshot(page, "shop-declined-credits");
  });
});
