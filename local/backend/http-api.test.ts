// @vitest-environment node
/** The HTTP API, file storage and HTTP actions, driven by `ConvexHttpClient` and fetch. */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "./fixtures/convex/_generated/api.js";
import {
  httpClient,
  setAdminAuth,
  startFixtureBackend,
  tempDir,
  type TestBackend,
} from "./test-support.js";

let backend: TestBackend;
const count = makeFunctionReference<"query", Record<string, never>, number>(
  "messages:count",
);

/** A few bytes that look like the start of an MP4 file. */
const MP4_BYTES = Buffer.from(
  "0000001866747970697336d00000000069736f6d6d703432",
  "hex",
);

beforeAll(async () => {
  const envDir = await tempDir("env-");
  const envFile = path.join(envDir, "convex.env");
  await writeFile(
    envFile,
    '# fixture\nFIXTURE_GREETING="hello there"\nexport OTHER=1\n',
  );
  backend = await startFixtureBackend({ envFile, adminKey: "test-admin-key" });
});

afterAll(async () => {
  await backend.close();
});

describe("HTTP API", () => {
  it("runs queries and mutations", async () => {
    const client = httpClient(backend.url);
    const id = await client.mutation(api.messages.send, { body: "over http" });
    const messages = await client.query(api.messages.list, {});
    expect(messages.find((m) => m._id === id)?.body).toBe("over http");
    expect(
      backend.lines.some((line) =>
        /^http mutation messages:send \d+ms ok$/.test(line),
      ),
    ).toBe(true);
  });

  it("returns ConvexError data", async () => {
    const error = await httpClient(backend.url)
      .mutation(api.messages.forbidden, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data.code).toBe(
      "FORBIDDEN",
    );
  });

  it("refuses internal functions unless called with the admin key", async () => {
    const client = httpClient(backend.url);
    await expect(client.query(count, {})).rejects.toThrow(
      /Could not find public function/,
    );
    setAdminAuth(client, "wrong-key");
    await expect(client.query(count, {})).rejects.toThrow(
      /admin key was invalid/,
    );
    setAdminAuth(client, backend.adminKey);
    expect(await client.query(count, {})).toBeGreaterThan(0);
    setAdminAuth(client, backend.adminKey, {
      subject: "admin-as-user",
      issuer: "https://issuer.test",
    });
    expect(await client.query(api.messages.whoami, {})).toMatchObject({
      subject: "admin-as-user",
      tokenIdentifier: "https://issuer.test|admin-as-user",
    });
  });

  it("reports a function called as the wrong kind", async () => {
    const asQuery = makeFunctionReference<"query">("messages:send");
    await expect(httpClient(backend.url).query(asQuery, {})).rejects.toThrow(
      "Trying to execute messages:send as Query, but it is defined as Mutation.",
    );
  });

  it("gives functions the env file's variables and the deployment URLs", async () => {
    const client = httpClient(backend.url);
    expect(
      await client.query(api.messages.envValue, { name: "FIXTURE_GREETING" }),
    ).toBe("hello there");
    expect(
      await client.query(api.messages.envValue, { name: "CONVEX_SITE_URL" }),
    ).toBe(backend.siteUrl);
    expect(
      await client.query(api.messages.envValue, { name: "CONVEX_CLOUD_URL" }),
    ).toBe(backend.url);
  });

  it("answers CORS preflights", async () => {
    const response = await fetch(`${backend.url}/api/query`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:3000",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers":
          "authorization,content-type,convex-client",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(
      "http://localhost:3000",
    );
    expect(response.headers.get("access-control-allow-headers")).toContain(
      "authorization",
    );
  });

  it("says which port is taken", async () => {
    const port = Number(new URL(backend.url).port);
    await expect(
      startFixtureBackend({ port, portEnvName: "CONVEX_LOCAL_PORT" }),
    ).rejects.toThrow(`Port ${port} is already in use; set CONVEX_LOCAL_PORT`);
  });
});

describe("file storage", () => {
  it("serves a file stored by an action, with byte ranges", async () => {
    const { storageId, url } = await httpClient(backend.url).action(
      api.files.storeBytes,
      {
        base64: MP4_BYTES.toString("base64"),
        contentType: "",
        name: "clip.mp4",
      },
    );
    expect(url).toBe(`${backend.url}/api/storage/${storageId}`);
    const whole = await fetch(url as string);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(MP4_BYTES);

    const part = await fetch(url as string, {
      headers: { Range: "bytes=4-7" },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(
      `bytes 4-7/${MP4_BYTES.length}`,
    );
    expect(Buffer.from(await part.arrayBuffer()).toString("latin1")).toBe(
      "ftyp",
    );

    const beyond = await fetch(url as string, {
      headers: { Range: "bytes=1000-" },
    });
    expect(beyond.status).toBe(416);
  });

  it("stores files from actions while other transactions are open", async () => {
    // convex-test's storeBlob joined whichever transaction was open and
    // threw "Write outside of transaction" when that one ended first.
    const client = httpClient(backend.url);
    const stores = Array.from({ length: 12 }, (_, i) =>
      client.action(api.files.storeBytes, {
        base64: MP4_BYTES.toString("base64"),
        contentType: "video/mp4",
        name: `race-${i}.mp4`,
      }),
    );
    const writes = Array.from({ length: 12 }, (_, i) =>
      client.mutation(api.files.slowWrite, { reads: 40, body: `w${i}` }),
    );
    const outcomes = await Promise.allSettled([...stores, ...writes]);
    expect(
      outcomes.filter((o) => o.status === "rejected").map((o) => o.reason),
    ).toEqual([]);
    const files = (await client.query(api.files.list, {})).filter((f) =>
      f.name.startsWith("race-"),
    );
    expect(files).toHaveLength(12);
    for (const file of files) {
      const response = await fetch(file.url as string);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(MP4_BYTES);
    }
  });

  it("accepts uploads at generated upload URLs", async () => {
    const client = httpClient(backend.url);
    const uploadUrl = await client.mutation(api.files.generateUploadUrl, {});
    const upload = await fetch(uploadUrl, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "uploaded text",
    });
    const { storageId } = (await upload.json()) as { storageId: string };
    const download = await fetch(`${backend.url}/api/storage/${storageId}`);
    expect(download.headers.get("content-type")).toBe("text/plain");
    expect(await download.text()).toBe("uploaded text");
    const reused = await fetch(uploadUrl, { method: "POST", body: "again" });
    expect(reused.status).toBe(401);
  });

  it("answers 404 for unknown files", async () => {
    expect((await fetch(`${backend.url}/api/storage/123nope`)).status).toBe(
      404,
    );
  });
});

describe("HTTP actions", () => {
  it("routes requests on the site port through http.ts", async () => {
    const response = await fetch(`${backend.siteUrl}/echo`, {
      method: "POST",
      body: "ping from site",
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-fixture")).toBe("yes");
    expect(await response.json()).toEqual({
      body: "ping from site",
      subject: null,
    });
    const messages = await httpClient(backend.url).query(
      api.messages.byAuthor,
      { author: "system" },
    );
    expect(messages.map((m) => m.body)).toContain("ping from site");
    expect((await fetch(`${backend.siteUrl}/missing`)).status).toBe(404);
  });
});
