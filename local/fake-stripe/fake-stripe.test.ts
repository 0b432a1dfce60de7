/**
 * The fake Stripe against the official `stripe` client: Checkout Sessions
 * create/retrieve/expire in Stripe's shapes, the hosted page's Pay and
 * Decline, and signed webhooks retried until the receiver answers 2xx.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterEach, describe, expect, test } from "vitest";
import { decodeStripeForm } from "./form";
import { startFakeStripe, type FakeStripe } from "./server";

const SECRET = "whsec_fake_test";
let fake: FakeStripe | undefined;
let receiver: Server | undefined;

afterEach(async () => {
  await fake?.close();
  await new Promise((resolve) =>
    receiver ? receiver.close(resolve) : resolve(null),
  );
  fake = undefined;
  receiver = undefined;
});

/** A webhook receiver that fails the first `failures` deliveries with 503. */
async function startReceiver(failures: number) {
  const received: { body: string; signature: string }[] = [];
  let calls = 0;
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (c: Buffer) => (body += c.toString()));
    request.on("end", () => {
      calls++;
      if (calls <= failures) {
        response.writeHead(503).end();
        return;
      }
      received.push({
        body,
        signature: String(request.headers["stripe-signature"]),
      });
      response.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) =>
    receiver!.listen(0, "127.0.0.1", resolve),
  );
  const { port } = receiver.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/stripe/webhook`, received };
}

function client(url: string) {
  const { hostname, port } = new URL(url);
  return new Stripe("sk_test_x", {
    httpClient: Stripe.createFetchHttpClient(),
    host: hostname,
    port: Number(port),
    protocol: "http",
    maxNetworkRetries: 0,
  });
}

const SESSION = {
  mode: "payment" as const,
  line_items: [
    {
      quantity: 1,
      price_data: {
        currency: "usd",
        unit_amount: 500,
        product_data: { name: "Starter: 550 credits" },
      },
    },
  ],
  success_url: "http://app.test/credits?session_id={CHECKOUT_SESSION_ID}",
  cancel_url: "http://app.test/credits?checkout=canceled",
  client_reference_id: "p1",
  metadata: { purchaseId: "p1" },
};

describe("fake Stripe", () => {
  test("decodes Stripe's bracket form encoding", () => {
    expect(
      decodeStripeForm(
        "mode=payment&line_items[0][price_data][unit_amount]=500&line_items[0][quantity]=1&metadata[a]=b",
      ),
    ).toEqual({
      mode: "payment",
      line_items: [{ price_data: { unit_amount: "500" }, quantity: "1" }],
      metadata: { a: "b" },
    });
  });

  test("sessions: create, retrieve, expire through the official client; bad key → 401", async () => {
    fake = await startFakeStripe({ secretKey: "sk_test_x" });
    const stripe = client(fake.url);
    const session = await stripe.checkout.sessions.create(SESSION);
    expect(session).toMatchObject({
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      amount_total: 500,
      currency: "usd",
      client_reference_id: "p1",
      metadata: { purchaseId: "p1" },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${fake.url}/c/pay/${session.id}`);
    expect((await stripe.checkout.sessions.retrieve(session.id)).id).toBe(
      session.id,
    );
    expect((await stripe.checkout.sessions.expire(session.id)).status).toBe(
      "expired",
    );
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toThrow(
      /open/,
    );
    const wrongKey = new Stripe("sk_test_wrong", {
      httpClient: Stripe.createFetchHttpClient(),
      host: "127.0.0.1",
      port: Number(new URL(fake.url).port),
      protocol: "http",
    });
    await expect(
      wrongKey.checkout.sessions.create(SESSION),
    ).rejects.toMatchObject({
      statusCode: 401,
    });
    fake.setMode("error", 1);
    await expect(
      stripe.checkout.sessions.create(SESSION),
    ).rejects.toMatchObject({
      statusCode: 500,
    });
  });

  test("the page: a declined card keeps the session open; Pay completes it and sends a signed, retried webhook", async () => {
    const target = await startReceiver(2);
    fake = await startFakeStripe({
      webhookSecret: SECRET,
      webhookUrl: target.url,
      retryDelaysMs: [50, 50, 50],
    });
    const session = await client(fake.url).checkout.sessions.create(SESSION);
    const page = await (await fetch(session.url!)).text();
    expect(page).toContain("Starter: 550 credits");
    expect(page).toContain("$5.00");
    expect(page).toMatch(/<button[^>]*>Pay<\/button>/);
    expect(page).toMatch(/<button[^>]*>Decline<\/button>/);
    const post = (form: Record<string, string>) =>
      fetch(session.url!, {
        method: "POST",
        body: new URLSearchParams(form),
        redirect: "manual",
      });
    const declined = await post({ action: "pay", card: "4000 0000 0000 0002" });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    expect(fake.sessions.get(session.id)?.status).toBe("open");
    const paid = await post({ action: "pay", card: "4242 4242 4242 4242" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(
      `http://app.test/credits?session_id=${session.id}`,
    );
    await fake.idle();
    expect(fake.deliveries).toMatchObject([
      { type: "checkout.session.completed", attempts: 3, delivered: true },
    ]);
    expect(target.received).toHaveLength(1);
    const event = await Stripe.webhooks.constructEventAsync(
      target.received[0].body,
      target.received[0].signature,
      SECRET,
      300,
      Stripe.createSubtleCryptoProvider(),
    );
    expect(event.type).toBe("checkout.session.completed");
    expect(event.data.object).toMatchObject({
      id: session.id,
      payment_status: "paid",
      status: "complete",
    });
  });

  test("Decline fails the payment (async_payment_failed) and returns to the cancel URL", async () => {
    const target = await startReceiver(0);
    fake = await startFakeStripe({
      webhookSecret: SECRET,
      webhookUrl: target.url,
    });
    const session = await client(fake.url).checkout.sessions.create(SESSION);
    const response = await fetch(session.url!, {
      method: "POST",
      body: new URLSearchParams({ action: "decline", card: "" }),
      redirect: "manual",
    });
    expect(response.headers.get("location")).toBe(SESSION.cancel_url);
    await fake.idle();
    expect(fake.deliveries.map((d) => d.type)).toEqual([
      "checkout.session.async_payment_failed",
    ]);
  });

  test("test hooks refund and dispute a paid session's charge", async () => {
    const target = await startReceiver(0);
    fake = await startFakeStripe({
      webhookSecret: SECRET,
      webhookUrl: target.url,
    });
    const session = await client(fake.url).checkout.sessions.create(SESSION);
    await fetch(`${fake.url}/_control/sessions/${session.id}/complete`, {
      method: "POST",
    });
    await fetch(`${fake.url}/_control/sessions/${session.id}/refund`, {
      method: "POST",
      body: JSON.stringify({ amount: 200 }),
    });
    await fake.dispute(session.id);
    await fake.idle();
    const bodies = target.received.map(
      (r) => JSON.parse(r.body) as Stripe.Event,
    );
    expect(bodies.map((e) => e.type)).toEqual([
      "checkout.session.completed",
      "charge.refunded",
      "charge.dispute.created",
    ]);
    expect(bodies[1].data.object).toMatchObject({
      amount: 500,
      amount_refunded: 200,
    });
  });
});
