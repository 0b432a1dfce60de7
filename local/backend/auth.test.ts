// @vitest-environment node
/** JWT verification against the fixture's OIDC provider, over HTTP and the socket. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "./fixtures/convex/_generated/api.js";
import {
  httpClient,
  startFixtureBackend,
  startTestIssuer,
  waitFor,
  wsClient,
  type TestBackend,
  type TestIssuer,
} from "./test-support.js";

let issuer: TestIssuer;
let backend: TestBackend;
const clients: ReturnType<typeof wsClient>[] = [];

beforeAll(async () => {
  issuer = await startTestIssuer();
  // Read by the fixture's auth.config.ts when the backend loads it.
  process.env.FIXTURE_AUTH_ISSUER = issuer.issuer;
  backend = await startFixtureBackend();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await backend.close();
  await issuer.close();
});

describe("auth over HTTP", () => {
  it("accepts a valid token and builds the identity from its claims", async () => {
    const client = httpClient(backend.url);
    client.setAuth(
      await issuer.sign("user-1", {
        email: "ada@example.com",
        name: "Ada",
        email_verified: true,
      }),
    );
    expect(await client.query(api.messages.whoami, {})).toEqual({
      tokenIdentifier: `${issuer.issuer}|user-1`,
      subject: "user-1",
      issuer: issuer.issuer,
      email: "ada@example.com",
      emailVerified: true,
      name: "Ada",
    });
  });

  it("rejects a token signed with an unknown key", async () => {
    const client = httpClient(backend.url);
    client.setAuth(await issuer.signWithUnknownKey("user-1"));
    await expect(client.query(api.messages.whoami, {})).rejects.toThrow(
      /Could not verify OIDC token/,
    );
  });

  it("rejects an expired token and one for another audience", async () => {
    const client = httpClient(backend.url);
    const now = Math.floor(Date.now() / 1000);
    client.setAuth(
      await issuer.sign("user-1", { iat: now - 7200, exp: now - 3600 }),
    );
    await expect(client.query(api.messages.whoami, {})).rejects.toThrow(/exp/);
    client.setAuth(await issuer.sign("user-1", { aud: "someone-else" }));
    await expect(client.query(api.messages.whoami, {})).rejects.toThrow(/aud/);
  });
});

describe("auth over the socket", () => {
  it("accepts a good token: queries re-run with the identity", async () => {
    const client = wsClient(backend.url);
    clients.push(client);
    const token = await issuer.sign("user-2");
    const changes: boolean[] = [];
    client.setAuth(
      async () => token,
      (isAuthenticated) => changes.push(isAuthenticated),
    );
    const watch = client.onUpdate(api.messages.whoami, {}, () => undefined);
    const identity = await waitFor(
      () => watch.getCurrentValue() ?? undefined,
      5000,
      "the identity",
    );
    expect(identity.subject).toBe("user-2");
    expect(changes).toEqual([true]);
    await client.mutation(api.messages.send, { body: "signed in" });
    const mine = await client.query(api.messages.listMine, {});
    expect(mine.map((m) => m.body)).toEqual(["signed in"]);
  });

  it("rejects a bad token: the client reports the failure and stays signed out", async () => {
    const client = wsClient(backend.url);
    clients.push(client);
    const token = await issuer.signWithUnknownKey("user-3");
    const changes: boolean[] = [];
    client.setAuth(
      async () => token,
      (isAuthenticated) => changes.push(isAuthenticated),
    );
    await waitFor(
      () => (changes.length > 0 ? true : undefined),
      5000,
      "the auth failure",
    );
    expect(changes).toEqual([false]);
    expect(await client.query(api.messages.whoami, {})).toBeNull();
    expect(
      backend.lines.some((line) => line.startsWith("ws auth rejected")),
    ).toBe(true);
  });
});
