/**
 * The credits shop (API-CONTRACT "Selling credits"; ADRs 0030, 0031):
 * packages, checkout against the fake Stripe, and every webhook rule with
 * forged, stale, replayed, duplicated and racing deliveries.
 */
import { afterEach, describe, expect, test } from "vitest";
import {
  chargeOf,
  clearStripeEnv,
  deliver,
  fakeControl,
  getSession,
  paidSession,
  setupShop,
  stripeEvent,
} from "./shop.testkit";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  ledgerOf,
  OTHER_CREATOR,
  setup,
} from "./test.setup";

const PAGE = { paginationOpts: { numItems: 20, cursor: null } };

afterEach(async () => {
  clearStripeEnv();
  await fakeControl("mode", { create: "ok" });
});

describe("credit packages", () => {
  test("admins create and update packages, audited; anyone lists the active ones", async () => {
    const t = setup();
    const admin = t.withIdentity(ADMIN);
    const small = await admin.mutation(api.credits.createCreditPackage, {
      name: " Small ",
      credits: 100,
      priceCents: 100,
    });
    const big = await admin.mutation(api.credits.createCreditPackage, {
      name: "Big",
      credits: 1000,
      bonusCredits: 250,
      priceCents: 1000,
      currency: "USD",
      sortOrder: 2,
      badge: "Best value",
    });
    expect(small).toMatch(/^pkg_/);
    expect(await t.query(api.credits.listCreditPackages, {})).toMatchObject([
      {
        packageId: small,
        name: "Small",
        credits: 100,
        bonusCredits: 0,
        priceCents: 100,
        currency: "usd",
        centsPerCredit: 1,
      },
      {
        packageId: big,
        credits: 1000,
        bonusCredits: 250,
        badge: "Best value",
        centsPerCredit: 0.8,
      },
    ]);
    await admin.mutation(api.credits.updateCreditPackage, {
      packageId: small,
      isActive: false,
    });
    await admin.mutation(api.credits.updateCreditPackage, {
      packageId: big,
      priceCents: 1200,
      badge: null,
    });
    const listed = await t.query(api.credits.listCreditPackages, {});
    expect(listed.map((p) => [p.packageId, p.priceCents, p.badge])).toEqual([
      [big, 1200, undefined],
    ]);
    const all = await admin.query(api.credits.listAllCreditPackages, {});
    const bigAudit = all.find((p) => p.packageId === big)!.audit;
    expect(bigAudit[0]).toMatchObject({
      action: "update",
      actor: ADMIN.email,
      changes: expect.arrayContaining([
        { field: "priceCents", oldValue: 1000, newValue: 1200 },
        { field: "badge", oldValue: "Best value", newValue: null },
      ]),
    });
    expect(bigAudit[1].action).toBe("create");
  });

  test("only admins manage packages; bad values are INVALID_ARGUMENT with the field", async () => {
    const t = setup();
    const creator = t.withIdentity(CREATOR);
    const args = { name: "X", credits: 10, priceCents: 100 };
    expect(
      (await errorData(t.mutation(api.credits.createCreditPackage, args))).code,
    ).toBe("UNAUTHENTICATED");
    expect(
      (await errorData(creator.mutation(api.credits.createCreditPackage, args)))
        .code,
    ).toBe("FORBIDDEN");
    const admin = t.withIdentity(ADMIN);
    for (const [bad, field] of [
      [{ name: "  " }, "name"],
      [{ credits: 0 }, "credits"],
      [{ credits: 1.5 }, "credits"],
      [{ bonusCredits: -1 }, "bonusCredits"],
      [{ priceCents: 10 }, "priceCents"],
      [{ priceCents: 99.5 }, "priceCents"],
      [{ currency: "dollars" }, "currency"],
    ] as const) {
      const error = await errorData(
        admin.mutation(api.credits.createCreditPackage, { ...args, ...bad }),
      );
      expect([error.code, error.field]).toEqual(["INVALID_ARGUMENT", field]);
    }
    expect(
      (
        await errorData(
          admin.mutation(api.credits.updateCreditPackage, {
            packageId: "pkg_missing",
            name: "Y",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });
});

describe("checkout", () => {
  test("startCheckout creates a Checkout Session at the package's price and a pending purchase", async () => {
    const { t, packageId } = await setupShop();
    const creator = t.withIdentity(CREATOR);
    const { url, sessionId } = await creator.action(api.credits.startCheckout, {
      packageId,
    });
    expect(sessionId).toMatch(/^cs_test_/);
    expect(url).toContain(`/c/pay/${sessionId}`);
    const session = await getSession(sessionId);
    expect(session).toMatchObject({
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: 500,
      currency: "usd",
      customer_email: CREATOR.email,
      success_url:
        "http://app.test/credits?checkout=success&session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://app.test/credits?checkout=canceled",
    });
    expect(session.metadata.packageId).toBe(packageId);
    const purchases = await creator.query(api.credits.getMyPurchases, PAGE);
    expect(purchases.page).toMatchObject([
      {
        sessionId,
        packageId,
        credits: 500,
        bonusCredits: 50,
        priceCents: 500,
        currency: "usd",
        status: "pending",
      },
    ]);
    // Nothing is credited before the webhook.
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });

  test("unknown or inactive packages, and signed-out callers, are refused", async () => {
    const { t, packageId } = await setupShop();
    expect(
      (await errorData(t.action(api.credits.startCheckout, { packageId })))
        .code,
    ).toBe("UNAUTHENTICATED");
    const creator = t.withIdentity(CREATOR);
    expect(
      (
        await errorData(
          creator.action(api.credits.startCheckout, { packageId: "pkg_nope" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    await t.withIdentity(ADMIN).mutation(api.credits.updateCreditPackage, {
      packageId,
      isActive: false,
    });
    expect(
      (
        await errorData(
          creator.action(api.credits.startCheckout, { packageId }),
        )
      ).code,
    ).toBe("INVALID_STATE");
  });

  test("Stripe answering 5xx, or unreachable, → PAYMENT_FAILED and no purchase kept", async () => {
    const { t, packageId } = await setupShop();
    const creator = t.withIdentity(CREATOR);
    // Two failures: the client's one retry fails too.
    await fakeControl("mode", { create: "error", times: 2 });
    const error = await errorData(
      creator.action(api.credits.startCheckout, { packageId }),
    );
    expect(error.code).toBe("PAYMENT_FAILED");
    expect(error.message).toMatch(/Nothing was charged/);
    await fakeControl("mode", { create: "network", times: 2 });
    expect(
      (
        await errorData(
          creator.action(api.credits.startCheckout, { packageId }),
        )
      ).code,
    ).toBe("PAYMENT_FAILED");
    process.env.STRIPE_API_BASE_URL = "http://127.0.0.1:9"; // nothing listens
    expect(
      (
        await errorData(
          creator.action(api.credits.startCheckout, { packageId }),
        )
      ).code,
    ).toBe("PAYMENT_FAILED");
    const rows = await t.run(async (ctx) =>
      ctx.db.query("purchases").collect(),
    );
    expect(rows).toEqual([]);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });

  test("one Stripe 5xx is retried with the same idempotency key and succeeds", async () => {
    const { t, packageId } = await setupShop();
    await fakeControl("mode", { create: "error", times: 1 });
    const { sessionId } = await t
      .withIdentity(CREATOR)
      .action(api.credits.startCheckout, { packageId });
    expect(sessionId).toMatch(/^cs_test_/);
  });
});

describe("webhook", () => {
  test("a paid checkout.session.completed grants credits + bonus once, as a purchase with the session id", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    const event = stripeEvent("checkout.session.completed", session);
    const response = await deliver(t, event);
    expect(response.status).toBe(200);
    const ledger = await ledgerOf(t, CREATOR.email);
    expect(ledger.balance).toBe(650);
    expect(ledger.sum).toBe(650);
    const creator = t.withIdentity(CREATOR);
    const entries = await creator.query(api.credits.getMyTransactions, PAGE);
    expect(entries.page[0]).toMatchObject({
      type: "purchase",
      amount: 550,
      reference: session.id,
    });
    expect(
      await creator.query(api.credits.getMyPurchase, { sessionId: session.id }),
    ).toMatchObject({ status: "paid" });

    // The same event again, and the same session under a new event id.
    expect((await deliver(t, event)).status).toBe(200);
    expect(
      (await deliver(t, stripeEvent("checkout.session.completed", session)))
        .status,
    ).toBe(200);
    expect(
      (
        await deliver(
          t,
          stripeEvent("checkout.session.async_payment_succeeded", session),
        )
      ).status,
    ).toBe(200);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
  });

  test("forged, missing, wrong-secret and stale signatures → 400, nothing changes", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    const event = stripeEvent("checkout.session.completed", session);
    const stale = Math.floor(Date.now() / 1000) - 301;
    for (const options of [
      { secret: "whsec_wrong" },
      { timestamp: stale },
      { signature: "t=1,v1=deadbeef" },
      { signature: "" },
    ]) {
      expect((await deliver(t, event, options)).status).toBe(400);
    }
    // A body altered after signing.
    const body = JSON.stringify(event);
    const { stripeSignatureHeader } =
      await import("../local/fake-stripe/signing");
    const signature = await stripeSignatureHeader(
      process.env.STRIPE_WEBHOOK_SECRET!,
      body,
    );
    const tampered = await t.fetch("/stripe/webhook", {
      method: "POST",
      headers: { "stripe-signature": signature },
      body: body.replace('"amount_total":500', '"amount_total":5'),
    });
    expect(tampered.status).toBe(400);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
    const events = await t.run(async (ctx) =>
      ctx.db.query("stripeEvents").collect(),
    );
    expect(events).toEqual([]);
  });

  test("completed racing async_payment_succeeded grants once", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    const responses = await Promise.all([
      deliver(t, stripeEvent("checkout.session.completed", session)),
      deliver(
        t,
        stripeEvent("checkout.session.async_payment_succeeded", session),
      ),
      deliver(t, stripeEvent("checkout.session.completed", session)),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const ledger = await ledgerOf(t, CREATOR.email);
    expect(ledger.balance).toBe(650);
    expect(ledger.entries.filter((e) => e.type === "purchase")).toHaveLength(1);
  });

  test("an unpaid completion waits; async_payment_succeeded then grants", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    await deliver(
      t,
      stripeEvent("checkout.session.completed", {
        ...session,
        payment_status: "unpaid",
      }),
    );
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
    await deliver(
      t,
      stripeEvent("checkout.session.async_payment_succeeded", session),
    );
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
  });

  test("a package price changed after checkout started grants what was bought", async () => {
    const { t, packageId } = await setupShop();
    const { sessionId } = await t
      .withIdentity(CREATOR)
      .action(api.credits.startCheckout, { packageId });
    await t.withIdentity(ADMIN).mutation(api.credits.updateCreditPackage, {
      packageId,
      priceCents: 900,
      credits: 50,
      bonusCredits: 0,
    });
    const session = await fakeControl(`sessions/${sessionId}/complete`);
    expect(session.amount_total).toBe(500);
    await deliver(t, stripeEvent("checkout.session.completed", session));
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
  });

  test("failed and expired sessions are marked, never credited; later paid events still grant", async () => {
    const { t, packageId } = await setupShop();
    const creator = t.withIdentity(CREATOR);
    const first = await creator.action(api.credits.startCheckout, {
      packageId,
    });
    const failed = await fakeControl(`sessions/${first.sessionId}/fail`);
    await deliver(
      t,
      stripeEvent("checkout.session.async_payment_failed", failed),
    );
    const second = await creator.action(api.credits.startCheckout, {
      packageId,
    });
    const expired = await fakeControl(`sessions/${second.sessionId}/expire`);
    await deliver(t, stripeEvent("checkout.session.expired", expired));
    const statuses = (
      await creator.query(api.credits.getMyPurchases, PAGE)
    ).page.map((p) => [p.sessionId, p.status]);
    expect(statuses).toEqual([
      [second.sessionId, "expired"],
      [first.sessionId, "failed"],
    ]);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(100);
  });

  test("a session this deployment did not start is recorded for admins and never credited", async () => {
    const { t } = await setupShop();
    const response = await deliver(
      t,
      stripeEvent("checkout.session.completed", {
        id: "cs_test_foreign",
        object: "checkout.session",
        payment_status: "paid",
        status: "complete",
        amount_total: 99_00,
        currency: "usd",
        client_reference_id: null,
        payment_intent: "pi_foreign",
      }),
    );
    expect(response.status).toBe(200);
    const unmatched = await t
      .withIdentity(ADMIN)
      .query(api.purchases.listUnmatchedStripeEvents, PAGE);
    expect(unmatched.page).toMatchObject([
      {
        type: "checkout.session.completed",
        objectId: "cs_test_foreign",
        amountCents: 9900,
      },
    ]);
    const all = await t.run(async (ctx) =>
      ctx.db.query("creditTransactions").collect(),
    );
    expect(all.every((e) => e.type !== "purchase")).toBe(true);
  });

  test("a session whose id was never attached (action stopped) is matched by client_reference_id", async () => {
    const { t, packageId } = await setupShop();
    const { sessionId } = await t
      .withIdentity(CREATOR)
      .action(api.credits.startCheckout, { packageId });
    // Simulate the crash between Stripe's answer and attachSession.
    await t.run(async (ctx) => {
      const row = (await ctx.db.query("purchases").first())!;
      await ctx.db.patch("purchases", row._id, { sessionId: undefined });
    });
    const session = await fakeControl(`sessions/${sessionId}/complete`);
    await deliver(t, stripeEvent("checkout.session.completed", session));
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
    // With a different amount it would not have matched.
    const other = await getSession(sessionId);
    expect(other.client_reference_id).toBeTruthy();
  });

  test("charge.refunded takes the credits back, never below zero, and records what it could not", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    await deliver(t, stripeEvent("checkout.session.completed", session));
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
    // Most of it is gone (spent; an adjustment keeps the scheduler out).
    await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: -600,
      reason: "spent",
    });
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(50);
    // Half refunded first: 275 owed, 50 recoverable.
    await deliver(t, stripeEvent("charge.refunded", chargeOf(session, 250)));
    let ledger = await ledgerOf(t, CREATOR.email);
    expect(ledger.balance).toBe(0);
    expect(ledger.sum).toBe(0);
    const admin = t.withIdentity(ADMIN);
    let row = (await admin.query(api.purchases.listPurchases, PAGE)).page[0];
    expect(row).toMatchObject({
      status: "paid",
      refundedCents: 250,
      clawedBackCredits: 50,
      unrecoverableCredits: 225,
      flagged: true,
    });
    // The same refund state replayed under a new id takes nothing more.
    await deliver(t, stripeEvent("charge.refunded", chargeOf(session, 250)));
    // Then the rest; the creator got 20 credits meanwhile.
    await admin.mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: 20,
      reason: "goodwill",
    });
    await deliver(t, stripeEvent("charge.refunded", chargeOf(session, 500)));
    ledger = await ledgerOf(t, CREATOR.email);
    expect(ledger.balance).toBe(0);
    row = (await admin.query(api.purchases.listPurchases, PAGE)).page[0];
    expect(row).toMatchObject({
      status: "refunded",
      refundedCents: 500,
      clawedBackCredits: 70,
      unrecoverableCredits: 480,
    });
    const adjustments = ledger.entries.filter((e) => e.type === "adjustment");
    expect(adjustments.map((e) => [e.amount, e.reference])).toEqual([
      [-600, undefined],
      [-50, session.id],
      [-20, session.id],
    ]);
    expect(
      (
        await t
          .withIdentity(CREATOR)
          .query(api.credits.getMyPurchase, { sessionId: session.id })
      )?.status,
    ).toBe("refunded");
  });

  test("charge.dispute.created flags the purchase for admins; balance untouched", async () => {
    const { t, packageId } = await setupShop();
    const session = await paidSession(t, packageId);
    await deliver(t, stripeEvent("checkout.session.completed", session));
    await deliver(
      t,
      stripeEvent("charge.dispute.created", {
        id: "dp_123",
        object: "dispute",
        amount: 500,
        charge: "ch_1",
        payment_intent: session.payment_intent,
        reason: "fraudulent",
      }),
    );
    const admin = t.withIdentity(ADMIN);
    const flagged = await admin.query(api.purchases.listPurchases, {
      ...PAGE,
      flaggedOnly: true,
    });
    expect(flagged.page).toMatchObject([
      {
        stripeDisputeId: "dp_123",
        stripeDisputeReason: "fraudulent",
        flagged: true,
        status: "paid",
      },
    ]);
    expect((await ledgerOf(t, CREATOR.email)).balance).toBe(650);
  });

  test("admins search purchases by email; creators see only their own receipts", async () => {
    const { t, packageId } = await setupShop();
    await t.withIdentity(OTHER_CREATOR).mutation(api.users.store, {});
    await paidSession(t, packageId, CREATOR);
    await paidSession(t, packageId, OTHER_CREATOR);
    const admin = t.withIdentity(ADMIN);
    const found = await admin.query(api.purchases.listPurchases, {
      ...PAGE,
      email: "OTHER@",
    });
    expect(found.page.map((p) => p.userEmail)).toEqual([OTHER_CREATOR.email]);
    expect(
      (await admin.query(api.purchases.listPurchases, PAGE)).page,
    ).toHaveLength(2);
    expect(
      (await t.withIdentity(CREATOR).query(api.credits.getMyPurchases, PAGE))
        .page,
    ).toHaveLength(1);
    expect(
      (
        await errorData(
          t.withIdentity(CREATOR).query(api.purchases.listPurchases, PAGE),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (await errorData(t.query(api.credits.getMyPurchases, PAGE))).code,
    ).toBe("UNAUTHENTICATED");
  });
});
