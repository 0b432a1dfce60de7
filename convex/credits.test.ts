import { describe, expect, test } from "vitest";
import {
  ADMIN,
  api,
  CREATOR,
  errorData,
  OTHER_CREATOR,
  setup,
} from "./test.setup";

const PAGE = { paginationOpts: { numItems: 20, cursor: null } };

describe("users", () => {
  test("store creates the record once, with starter credits granted once", async () => {
    const t = setup();
    const creator = t.withIdentity(CREATOR);
    const id = await creator.mutation(api.users.store, {});
    expect(await creator.mutation(api.users.store, {})).toBe(id);
    expect(await creator.query(api.credits.getMyBalance, {})).toEqual({
      balance: 100,
    });
    const ledger = await creator.query(api.credits.getMyTransactions, PAGE);
    expect(ledger.page.map((e) => [e.type, e.amount, e.reason])).toEqual([
      ["grant", 100, "Starter credits"],
    ]);
  });

  test("STARTER_CREDITS is read when the function runs", async () => {
    const t = setup();
    process.env.STARTER_CREDITS = "250";
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    delete process.env.STARTER_CREDITS;
    expect(
      await t.withIdentity(CREATOR).query(api.credits.getMyBalance, {}),
    ).toEqual({ balance: 250 });
  });

  test("store refreshes the name and email", async () => {
    const t = setup();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await t
      .withIdentity({ ...CREATOR, name: "New Name" })
      .mutation(api.users.store, {});
    const me = await t.withIdentity(CREATOR).query(api.users.getMe, {});
    expect(me?.user?.name).toBe("New Name");
  });

  test("getMe: null signed out, admin from ADMIN_EMAILS in any case", async () => {
    const t = setup();
    expect(await t.query(api.users.getMe, {})).toBeNull();
    process.env.ADMIN_EMAILS = " someone@x.io , ADMIN@Example.com ";
    const me = await t.withIdentity(ADMIN).query(api.users.getMe, {});
    expect(me).toMatchObject({ isAdmin: true, user: null });
    expect(
      (await t.withIdentity(CREATOR).query(api.users.getMe, {}))?.isAdmin,
    ).toBe(false);
  });

  test("setRole promotes and demotes; only admins; not yourself", async () => {
    const t = setup();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await t.withIdentity(OTHER_CREATOR).mutation(api.users.store, {});
    const admin = t.withIdentity(ADMIN);
    expect(
      (
        await errorData(
          t.withIdentity(CREATOR).mutation(api.users.setRole, {
            email: OTHER_CREATOR.email,
            role: "admin",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    await admin.mutation(api.users.setRole, {
      email: CREATOR.email,
      role: "admin",
    });
    expect(
      (await t.withIdentity(CREATOR).query(api.users.getMe, {}))?.isAdmin,
    ).toBe(true);
    const promoted = t.withIdentity(CREATOR);
    expect(
      (
        await errorData(
          promoted.mutation(api.users.setRole, {
            email: CREATOR.email,
            role: "creator",
          }),
        )
      ).code,
    ).toBe("INVALID_STATE");
    await admin.mutation(api.users.setRole, {
      email: CREATOR.email,
      role: "creator",
    });
    expect(
      (await t.withIdentity(CREATOR).query(api.users.getMe, {}))?.isAdmin,
    ).toBe(false);
    expect(
      (
        await errorData(
          admin.mutation(api.users.setRole, {
            email: "ghost@x.io",
            role: "admin",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });
});

describe("credits", () => {
  test("signed-out callers get UNAUTHENTICATED; no record means balance 0", async () => {
    const t = setup();
    expect((await errorData(t.query(api.credits.getMyBalance, {}))).code).toBe(
      "UNAUTHENTICATED",
    );
    expect(
      (await errorData(t.query(api.credits.getMyTransactions, PAGE))).code,
    ).toBe("UNAUTHENTICATED");
    expect(
      await t.withIdentity(CREATOR).query(api.credits.getMyBalance, {}),
    ).toEqual({ balance: 0 });
  });

  test("grantCredits: grants, adjustments, and the floor at zero", async () => {
    const t = setup();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    const admin = t.withIdentity(ADMIN);
    await admin.mutation(api.credits.grantCredits, {
      email: "CREATOR@example.com",
      amount: 50,
      reason: "Welcome bonus",
    });
    await admin.mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: -30,
      reason: "Correction",
    });
    const data = await errorData(
      admin.mutation(api.credits.grantCredits, {
        email: CREATOR.email,
        amount: -121,
        reason: "Too much",
      }),
    );
    expect(data.code).toBe("INSUFFICIENT_CREDITS");
    await admin.mutation(api.credits.grantCredits, {
      email: CREATOR.email,
      amount: -120,
      reason: "All of it",
    });
    const creator = t.withIdentity(CREATOR);
    expect(await creator.query(api.credits.getMyBalance, {})).toEqual({
      balance: 0,
    });
    const ledger = await creator.query(api.credits.getMyTransactions, PAGE);
    expect(ledger.page.map((e) => [e.type, e.amount, e.balanceAfter])).toEqual([
      ["adjustment", -120, 0],
      ["adjustment", -30, 120],
      ["grant", 50, 150],
      ["grant", 100, 100],
    ]);
    for (const [args, code] of [
      [{ amount: 0 }, "INVALID_ARGUMENT"],
      [{ amount: 1.5 }, "INVALID_ARGUMENT"],
      [{ reason: " " }, "INVALID_ARGUMENT"],
      [{ email: "ghost@x.io" }, "NOT_FOUND"],
    ] as const) {
      const call = admin.mutation(
        api.credits.grantCredits,
        Object.assign({ email: CREATOR.email, amount: 5, reason: "r" }, args),
      );
      expect((await errorData(call)).code).toBe(code);
    }
    expect(
      (
        await errorData(
          creator.mutation(api.credits.grantCredits, {
            email: CREATOR.email,
            amount: 5,
            reason: "r",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorData(
          t.mutation(api.credits.grantCredits, {
            email: CREATOR.email,
            amount: 5,
            reason: "r",
          }),
        )
      ).code,
    ).toBe("UNAUTHENTICATED");
  });

  test("the ledger pages newest first and stays private", async () => {
    const t = setup();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await t.withIdentity(OTHER_CREATOR).mutation(api.users.store, {});
    for (let i = 1; i <= 5; i++) {
      await t.withIdentity(ADMIN).mutation(api.credits.grantCredits, {
        email: CREATOR.email,
        amount: i,
        reason: `r${i}`,
      });
    }
    const first = await t
      .withIdentity(CREATOR)
      .query(api.credits.getMyTransactions, {
        paginationOpts: { numItems: 4, cursor: null },
      });
    expect(first.page.map((e) => e.amount)).toEqual([5, 4, 3, 2]);
    expect(first.isDone).toBe(false);
    const rest = await t
      .withIdentity(CREATOR)
      .query(api.credits.getMyTransactions, {
        paginationOpts: { numItems: 4, cursor: first.continueCursor },
      });
    expect(rest.page.map((e) => e.amount)).toEqual([1, 100]);
    const other = await t
      .withIdentity(OTHER_CREATOR)
      .query(api.credits.getMyTransactions, PAGE);
    expect(other.page.map((e) => e.amount)).toEqual([100]);
    const adminView = await t
      .withIdentity(ADMIN)
      .query(api.credits.getUserTransactions, {
        email: CREATOR.email,
        ...PAGE,
      });
    expect(adminView.page).toHaveLength(6);
    expect(adminView.page[0]).toMatchObject({
      amount: 5,
      actorEmail: ADMIN.email,
    });
    expect(adminView.page[5]).toMatchObject({ amount: 100, type: "grant" });
    expect(adminView.page[5].actorEmail).toBeUndefined();
    expect(first.page[0]).not.toHaveProperty("actorUserId");
  });
});

describe("admin user search", () => {
  test("searchByEmail finds users by email prefix, admins only", async () => {
    const t = setup();
    await t.withIdentity(CREATOR).mutation(api.users.store, {});
    await t.withIdentity(OTHER_CREATOR).mutation(api.users.store, {});
    const admin = t.withIdentity(ADMIN);
    expect(
      (await admin.query(api.users.searchByEmail, { prefix: "CRE" })).map(
        (u) => u.email,
      ),
    ).toEqual([CREATOR.email]);
    expect(await admin.query(api.users.searchByEmail, { prefix: "" })).toEqual(
      [],
    );
    expect(
      (
        await errorData(
          t
            .withIdentity(CREATOR)
            .query(api.users.searchByEmail, { prefix: "o" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});
