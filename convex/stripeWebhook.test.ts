/**
 * The Stripe webhook's less travelled paths (http.ts slimEvent,
 * model/purchases.ts applyStripeEvent) and the shop's configuration errors:
 * each delivery's outcome label, what it did to the purchase and the
 * ledger, and what it refused to do. Complements purchases.test.ts.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { Doc } from "./_generated/dataModel";
import {
  chargeOf,
  clearStripeEnv,
  deliver,
  fakeControl,
  paidSession,
  setupShop,
  stripeEvent,
  useFakeStripe,
} from "./shop.testkit";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  internal,
  ledgerOf,
  OTHER_CREATOR,
  setup,
} from "./test.setup";

type Backend = Awaited<ReturnType<typeof setupShop>>["t"];
const PAGE = { paginationOpts: { numItems: 20, cursor: null } };

afterEach(async () => {
  clearStripeEnv();
  await fakeControl("mode", { create: "ok" });
});

/** Delivers `event` and returns the outcome label the webhook answered. */
async function outcomeOf(
  t: Backend,
  event: ReturnType<typeof stripeEvent>,
): Promise<string> {
  const response = await deliver(t, event);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { received: true; outcome: string };
  expect(body.received).toBe(true);
  return body.outcome;
}

const onlyPurchase = async (t: Backend): Promise<Doc<"purchases">> =>
  (await t.run(async (ctx) => ctx.db.query("purchases").unique()))!;

const recorded = async (t: Backend) =>
  await t.run(async (ctx) => ctx.db.query("stripeEvents").collect());

describe("checkout session events", () => {
  test("a paid session reporting another amount or currency is flagged and never credited", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    expect(
      await outcomeOf(
        t,
        stripeEvent("checkout.session.completed", {
          ...session,
          amount_total: 50,
        }),
      ),
    ).toBe("amount_mismatch");
    let purchase = await onlyPurchase(t);
    expect(purchase).toMatchObject({
      status: "pending",
      flagged: true,
      failureReason: "Stripe reported 50 usd, expected 500 usd.",
    });
    // A session without a currency does not match "usd" either.
    expect(
      await outcomeOf(
        t,
        stripeEvent("checkout.session.async_payment_succeeded", {
          ...session,
          currency: null,
        }),
      ),
    ).toBe("amount_mismatch");
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
    // Upper-case currency codes are Stripe's too: the right amount grants.
    expect(
      await outcomeOf(
        t,
        stripeEvent("checkout.session.completed", {
          ...session,
          currency: "USD",
        }),
      ),
    ).toBe("granted");
    purchase = await onlyPurchase(t);
    expect(purchase.status).toBe("paid");
    expect(purchase.paymentIntentId).toBe(session.payment_intent);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
  });

  test("a paid session without a payment intent still grants; the intent arrives with the nested object form", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    expect(
      await outcomeOf(
        t,
        stripeEvent("checkout.session.completed", {
          ...session,
          payment_intent: null,
        }),
      ),
    ).toBe("granted");
    expect((await onlyPurchase(t)).paymentIntentId).toBeUndefined();
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);

    // Stripe may expand `payment_intent` into an object: its id is used.
    const second = await paidSession(t, packageId);
    await outcomeOf(
      t,
      stripeEvent("checkout.session.completed", {
        ...second,
        payment_intent: { id: "pi_expanded", object: "payment_intent" },
      }),
    );
    const rows = await t.run(async (ctx) =>
      ctx.db.query("purchases").collect(),
    );
    expect(rows.map((p) => p.paymentIntentId)).toEqual([
      undefined,
      "pi_expanded",
    ]);
    // So a refund of that intent finds the purchase.
    expect(
      await outcomeOf(
        t,
        stripeEvent("charge.refunded", {
          ...chargeOf(second, 500),
          payment_intent: { id: "pi_expanded" },
        }),
      ),
    ).toBe("refund_clawed_back");
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
  });

  test("expiry or failure after payment changes nothing; an unpaid completion waits", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    expect(
      await outcomeOf(
        t,
        stripeEvent("checkout.session.completed", {
          ...session,
          payment_status: undefined,
        }),
      ),
    ).toBe("awaiting_payment");
    expect(
      await outcomeOf(t, stripeEvent("checkout.session.completed", session)),
    ).toBe("granted");
    for (const type of [
      "checkout.session.expired",
      "checkout.session.async_payment_failed",
    ])
      expect(await outcomeOf(t, stripeEvent(type, session))).toBe(
        "ignored_not_pending",
      );
    expect(await onlyPurchase(t)).toMatchObject({ status: "paid" });
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
    // The same event id again is a duplicate, recorded once.
    const event = stripeEvent("checkout.session.expired", session);
    await outcomeOf(t, event);
    expect(await outcomeOf(t, event)).toBe("duplicate");
    expect(
      (await recorded(t)).filter((e) => e.eventId === event.id),
    ).toHaveLength(1);
  });

  test("client_reference_id matches only an unattached purchase of the same amount and currency", async () => {
    const { t, packageId } = await setupShop();
    const { sessionId } = await t
      .withIdentity(CREATOR)
      .action(api.credits.startCheckout, { packageId });
    const purchase = await onlyPurchase(t);
    const paid = await fakeControl(`sessions/${sessionId}/complete`);
    // The purchase still has its session id: a second session naming it is
    // someone else's.
    const foreign = {
      ...paid,
      id: "cs_test_other",
      client_reference_id: purchase._id,
    };
    expect(
      await outcomeOf(t, stripeEvent("checkout.session.completed", foreign)),
    ).toBe("unmatched");
    // Detached (the action stopped), but the amount or currency differs.
    await t.run((ctx) =>
      ctx.db.patch("purchases", purchase._id, { sessionId: undefined }),
    );
    for (const changed of [
      { amount_total: 499 },
      { currency: "eur" },
      { amount_total: null },
      { client_reference_id: "not-an-id" },
    ])
      expect(
        await outcomeOf(
          t,
          stripeEvent("checkout.session.completed", {
            ...paid,
            ...changed,
          }),
        ),
      ).toBe("unmatched");
    expect((await onlyPurchase(t)).sessionId).toBeUndefined();
    const unmatched = await t
      .withIdentity(ADMIN)
      .query(api.purchases.listUnmatchedStripeEvents, PAGE);
    // Newest first; a session without an amount records none.
    expect(unmatched.page.map((e) => e.amountCents)).toEqual([
      500,
      undefined,
      500,
      499,
      500,
    ]);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });
});

describe("charge events", () => {
  test("a refund of a purchase never granted takes nothing and loses nothing", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    // Stripe knows the intent; we never saw the completion.
    const purchase = await onlyPurchase(t);
    await t.run((ctx) =>
      ctx.db.patch("purchases", purchase._id, {
        paymentIntentId: session.payment_intent!,
      }),
    );
    expect(
      await outcomeOf(
        t,
        stripeEvent("charge.refunded", chargeOf(session, 500)),
      ),
    ).toBe("refund_clawed_back");
    expect(await onlyPurchase(t)).toMatchObject({
      status: "pending",
      refundedCents: 500,
      clawedBackCredits: 0,
      unrecoverableCredits: 0,
      flagged: false,
    });
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });

  test("a charge without an amount takes nothing back; one without an intent is unmatched", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    await outcomeOf(t, stripeEvent("checkout.session.completed", session));
    const { amount: _amount, ...noAmount } = chargeOf(session, 100);
    expect(await outcomeOf(t, stripeEvent("charge.refunded", noAmount))).toBe(
      "refund_clawed_back",
    );
    expect(await onlyPurchase(t)).toMatchObject({
      refundedCents: 100,
      clawedBackCredits: 0,
      status: "paid",
    });
    expect(
      await outcomeOf(
        t,
        stripeEvent("charge.refunded", {
          ...chargeOf(session, 500),
          payment_intent: null,
        }),
      ),
    ).toBe("unmatched");
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
    // A later event with the charge amount (and a refund amount that is not
    // a number, so nothing new) catches up on the 100 cents already
    // refunded: 100/500 of 550 credits.
    expect(
      await outcomeOf(
        t,
        stripeEvent("charge.refunded", {
          ...chargeOf(session, 0),
          amount_refunded: "500",
        }),
      ),
    ).toBe("refund_clawed_back");
    expect(await onlyPurchase(t)).toMatchObject({
      refundedCents: 100,
      clawedBackCredits: 110,
      status: "paid",
    });
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(540);
  });

  test("a dispute without a reason flags the purchase; one on an unknown intent is unmatched", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    await outcomeOf(t, stripeEvent("checkout.session.completed", session));
    expect(
      await outcomeOf(
        t,
        stripeEvent("charge.dispute.created", {
          id: "dp_1",
          object: "dispute",
          payment_intent: session.payment_intent,
        }),
      ),
    ).toBe("flagged_dispute");
    const purchase = await onlyPurchase(t);
    expect(purchase).toMatchObject({ flagged: true, stripeDisputeId: "dp_1" });
    expect(purchase.stripeDisputeReason).toBeUndefined();
    expect(
      await outcomeOf(
        t,
        stripeEvent("charge.dispute.created", {
          id: "dp_2",
          object: "dispute",
          amount: 700,
          payment_intent: "pi_someone_else",
          reason: "fraudulent",
        }),
      ),
    ).toBe("unmatched");
    const unmatched = await t
      .withIdentity(ADMIN)
      .query(api.purchases.listUnmatchedStripeEvents, PAGE);
    expect(unmatched.page).toMatchObject([
      { type: "charge.dispute.created", objectId: "dp_2", amountCents: 700 },
    ]);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
  });

  test("event types the shop does not use, or without an object id, are recorded as ignored", async () => {
    const { t } = await setupShop();
    expect(
      await outcomeOf(
        t,
        stripeEvent("customer.created", { id: "cus_1", object: "customer" }),
      ),
    ).toBe("ignored");
    expect(
      await outcomeOf(t, stripeEvent("payment_intent.created", { id: 42 })),
    ).toBe("ignored");
    expect(
      (await recorded(t)).map((e) => [e.type, e.objectId, e.outcome]),
    ).toEqual([
      ["customer.created", "cus_1", "ignored"],
      ["payment_intent.created", "", "ignored"],
    ]);
  });
});

describe("configuration", () => {
  test("without STRIPE_WEBHOOK_SECRET every delivery is refused with 400", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    const event = stripeEvent("checkout.session.completed", session);
    delete process.env.STRIPE_WEBHOOK_SECRET;
    const response = await deliver(t, event);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      "Invalid webhook: STRIPE_WEBHOOK_SECRET is not set",
    );
    expect(await recorded(t)).toEqual([]);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });

  test("checkout without SITE_URL or a secret key is PAYMENT_FAILED and keeps no purchase", async () => {
    const { t, packageId } = await setupShop();
    const creator = t.withIdentity(CREATOR);
    for (const name of ["SITE_URL", "STRIPE_SECRET_KEY"]) {
      useFakeStripe();
      process.env[name] = "   ";
      expect(
        await errorData(
          creator.action(api.credits.startCheckout, { packageId }),
        ),
      ).toEqual({
        code: "PAYMENT_FAILED",
        message: "Payments are not available right now. Nothing was charged.",
      });
    }
    expect(await t.run((ctx) => ctx.db.query("purchases").collect())).toEqual(
      [],
    );
  });

  test("a Stripe base URL without a port uses the protocol's default port", async () => {
    const { stripeHostConfig } = await import("./lib/stripe");
    expect(stripeHostConfig(undefined)).toEqual({});
    expect(stripeHostConfig("  ")).toEqual({});
    expect(stripeHostConfig("http://stripe.local")).toEqual({
      host: "stripe.local",
      port: 80,
      protocol: "http",
    });
    expect(stripeHostConfig("https://api.stripe.test")).toEqual({
      host: "api.stripe.test",
      port: 443,
      protocol: "https",
    });
    expect(stripeHostConfig("https://127.0.0.1:8443/")).toEqual({
      host: "127.0.0.1",
      port: 8443,
      protocol: "https",
    });
  });
});

describe("packages and receipts", () => {
  test("seeding creates the example packages once, audited as seeded by the named actor", async () => {
    const t = setup();
    const made = await t.mutation(internal.purchases.seedCreditPackages, {
      actor: "local-stack",
    });
    expect(made).toBeGreaterThan(0);
    expect(
      await t.mutation(internal.purchases.seedCreditPackages, {
        actor: "local-stack",
      }),
    ).toBe(0);
    const all = await t
      .withIdentity(ADMIN)
      .query(api.credits.listAllCreditPackages, {});
    expect(all).toHaveLength(made);
    expect(all[0]).toMatchObject({ name: "Starter", priceCents: 500 });
    expect(all[0].audit).toMatchObject([
      {
        action: "seed",
        actor: "local-stack",
        changes: expect.arrayContaining([
          { field: "name", oldValue: null, newValue: "Starter" },
        ]),
      },
    ]);
  });

  test("order and badge rules; a blank badge clears it; an update that changes nothing is not audited", async () => {
    const t = setup();
    const admin = t.withIdentity(ADMIN);
    const args = { name: "Pack", credits: 100, priceCents: 100 };
    expect(
      await errorData(
        admin.mutation(api.credits.createCreditPackage, {
          ...args,
          sortOrder: 1.5,
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "sortOrder" });
    expect(
      await errorData(
        admin.mutation(api.credits.createCreditPackage, {
          ...args,
          badge: "b".repeat(200),
        }),
      ),
    ).toMatchObject({ code: "INVALID_ARGUMENT", field: "badge" });
    const packageId = await admin.mutation(api.credits.createCreditPackage, {
      ...args,
      badge: "   ",
    });
    const audits = async () =>
      (await admin.query(api.credits.listAllCreditPackages, {})).find(
        (p) => p.packageId === packageId,
      )!;
    expect((await audits()).badge).toBeUndefined();
    await admin.mutation(api.credits.updateCreditPackage, {
      packageId,
      name: " Pack ",
      priceCents: 100,
    });
    expect((await audits()).audit).toHaveLength(1);
    await admin.mutation(api.credits.updateCreditPackage, {
      packageId,
      badge: "New",
    });
    expect((await audits()).audit[0]).toMatchObject({
      action: "update",
      changes: [{ field: "badge", oldValue: null, newValue: "New" }],
    });
    expect(
      (
        await errorData(
          admin.mutation(api.credits.updateCreditPackage, {
            packageId: "pkg_missing",
            name: "x",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });

  test("receipts: another buyer's session reads as null; a signed-in caller not yet stored sees nothing", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    await outcomeOf(t, stripeEvent("checkout.session.completed", session));
    expect(
      await t
        .withIdentity(CREATOR)
        .query(api.credits.getMyPurchase, { sessionId: session.id }),
    ).toMatchObject({ status: "paid", priceCents: 500, credits: 500 });
    // OTHER_CREATOR has signed in but `users.store` has not run yet.
    const other = t.withIdentity(OTHER_CREATOR);
    expect(
      await other.query(api.credits.getMyPurchase, { sessionId: session.id }),
    ).toBeNull();
    expect(await other.query(api.credits.getMyPurchases, PAGE)).toEqual({
      page: [],
      isDone: true,
      continueCursor: "",
    });
    expect(await other.query(api.credits.getMyTransactions, PAGE)).toEqual({
      page: [],
      isDone: true,
      continueCursor: "",
    });
    await other.mutation(api.users.store, {});
    expect(
      await other.query(api.credits.getMyPurchase, { sessionId: session.id }),
    ).toBeNull();
    expect(
      await other.query(api.credits.getMyPurchase, { sessionId: "cs_none" }),
    ).toBeNull();
  });
});
