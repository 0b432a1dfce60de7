/**
 * The model registry in a real browser (issue 13): an admin imports a model
 * from the fake Replicate, exposes its inputs and a price modifier; a
 * creator's already-open create form shows the new model with those inputs
 * and the right price live; the creator makes a 9:16 video without audio at
 * the lower price, with a start image, asking for two outputs, and gets a
 * grid of two downloadable videos.
 */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  PHONE,
  screenshot,
  uniqueEmail,
  waitForHydration,
  setUpBrowser,
  signedInPage,
} from "./support";

const browser = setUpBrowser();

/** A 1×1 PNG, as a creator's start frame. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

const submitButton = (page: Page) =>
  page.getByRole("button", { name: /^Generate video/ });

async function buttonText(page: Page): Promise<string> {
  return await submitButton(page).innerText();
}

async function waitForText(
  read: () => Promise<string>,
  wanted: string | RegExp,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await read();
    if (typeof wanted === "string" ? text.includes(wanted) : wanted.test(text))
      return text;
    if (Date.now() > deadline)
      throw new Error(`expected ${String(wanted)}, saw "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("model registry", () => {
  test("import from Replicate → creator inputs, live price, 9:16 without audio, start image, two outputs", async () => {
    const slug = `e2e/clip-${Date.now().toString(36)}`;
    const modelName = `Clip ${slug.split("-")[1].charAt(0).toUpperCase()}${slug.split("-")[1].slice(1)}`;

    // The creator's form is open before the model exists.
    const creator = await signedInPage(
      browser(),
      uniqueEmail("registry"),
      "Reg Creator",
    );
    await creator.goto("/create");
    await waitForHydration(creator);

    // The admin imports the model and exposes three inputs and a modifier.
    const admin = await signedInPage(browser(), "admin@example.com", "Admin");
    await admin.goto("/admin/models");
    await admin.getByRole("link", { name: "Import from Replicate" }).click();
    await admin.waitForURL(/\/admin\/models\/import/);
    await waitForHydration(admin);
    await admin.getByLabel("Replicate model").fill(slug);
    await admin.getByRole("button", { name: "Fetch schema" }).click();
    await admin.getByText(slug, { exact: true }).waitFor();
    await waitForHydration(admin);
    // The schema's $ref enum was resolved into options.
    await admin.getByText("enum: 16:9, 9:16, 1:1").waitFor();
    await admin.getByLabel("Price per second (US$)").fill("0.1");
    await admin.getByLabel("Expose aspect_ratio").check();
    await admin.getByLabel("Expose generate_audio").check();
    await admin.getByLabel("Expose image").check();
    await admin.getByLabel("Label of generate_audio").fill("Audio");
    await admin.getByLabel("Label of image").fill("Start frame");
    await admin.getByLabel("Most outputs per request").selectOption("2");
    await admin
      .getByLabel("Modifier 1 input", { exact: true })
      .selectOption("generate_audio");
    await admin
      .getByLabel("Modifier 1 value", { exact: true })
      .selectOption("false");
    await admin
      .getByLabel("Modifier 1 kind", { exact: true })
      .selectOption("costPerSecond");
    await admin.getByLabel("Modifier 1 amount", { exact: true }).fill("0.06");
    await screenshot(admin, "registry-import");
    await admin.getByRole("button", { name: "Create model" }).click();
    await admin.waitForURL((url) => url.searchParams.get("created") === "1");

    // The creator's open form shows it, with its inputs and a live price.
    const option = creator.getByRole("radio", { name: modelName, exact: true });
    await option.waitFor({ timeout: 20_000 });
    await option.check();
    await creator.getByRole("radio", { name: "9:16", exact: true }).waitFor();
    await creator.getByRole("switch", { name: "Audio" }).waitFor();
    await creator.getByRole("radio", { name: /^5 s/ }).check();
    // Audio on by default: $0.10/s × 5 s = 50 credits.
    await waitForText(() => buttonText(creator), "50 credits");
    await creator.getByRole("radio", { name: "9:16", exact: true }).check();
    await creator.getByRole("switch", { name: "Audio" }).uncheck();
    // Without audio: $0.06/s × 5 s = 30 credits.
    await waitForText(() => buttonText(creator), "30 credits");
    await creator.getByRole("radio", { name: /^2 videos/ }).check();
    await waitForText(() => buttonText(creator), "60 credits");
    await creator.getByLabel(/Start frame/).setInputFiles({
      name: "frame.png",
      mimeType: "image/png",
      buffer: PNG,
    });
    await creator.getByRole("img", { name: "Start frame preview" }).waitFor();
    await creator.getByText("Uploaded", { exact: true }).waitFor();
    await creator
      .getByRole("textbox", { name: "Prompt" })
      .fill("A lighthouse keeper waves at a passing ship");
    await screenshot(creator, "registry-create");
    await submitButton(creator).click();
    // The studio stays on /create; the video is at the top of its feed.
    await creator
      .getByTestId("feed-card")
      .getByRole("link", {
        name: "A lighthouse keeper waves at a passing ship",
        exact: true,
      })
      .click();
    await creator.waitForURL(/\/videos\/[^/]+$/);

    // Two outputs, each downloadable; charged the lower price × 2.
    await creator
      .getByRole("link", { name: "Download output 2" })
      .waitFor({ timeout: 45_000 });
    await expect(
      creator.getByRole("link", { name: /^Download output/ }).count(),
    ).resolves.toBe(2);
    await creator.getByText("60 credits", { exact: false }).first().waitFor();
    await creator.getByText("9:16").first().waitFor();
    await screenshot(creator, "registry-video");
    await creator.setViewportSize(PHONE);
    await screenshot(creator, "registry-video");
    await creator.context().close();
    await admin.context().close();
  });
});
