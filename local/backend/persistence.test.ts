// @vitest-environment node
/** Data kept across restarts: documents, stored files and pending scheduled functions. */
import { describe, expect, it } from "vitest";
import { api } from "./fixtures/convex/_generated/api.js";
import { httpClient, startFixtureBackend, waitFor } from "./test-support.js";

describe("persistence", () => {
  it("restores documents, files and pending scheduled functions after a restart", async () => {
    const first = await startFixtureBackend();
    let client = httpClient(first.url);
    const messageId = await client.mutation(api.messages.send, {
      body: "kept",
    });
    const { storageId } = await client.action(api.files.storeBytes, {
      base64: Buffer.from("video bytes").toString("base64"),
      contentType: "video/mp4",
      name: "kept.mp4",
    });
    await client.mutation(api.messages.sendLater, {
      body: "after restart",
      delayMs: 6000,
    });
    const before = await client.query(api.messages.list, {});
    await first.close();

    const second = await startFixtureBackend({ dataDir: first.dataDir });
    try {
      client = httpClient(second.url);
      const after = await client.query(api.messages.list, {});
      expect(after).toEqual(before);
      const [file] = await client.query(api.files.list, {});
      expect(file).toEqual({
        name: "kept.mp4",
        storageId,
        url: `${second.url}/api/storage/${storageId}`,
      });
      const download = await fetch(file.url as string);
      expect(download.headers.get("content-type")).toBe("video/mp4");
      expect(await download.text()).toBe("video bytes");

      const newId = await client.mutation(api.messages.send, { body: "new" });
      expect(newId).not.toBe(messageId);
      expect(before.map((m) => m._id)).not.toContain(newId);

      await waitFor(
        () =>
          second.lines.some((line) =>
            /^scheduled .*messages:sendInternal.* ok$/.test(line),
          )
            ? true
            : undefined,
        12_000,
        "the restored scheduled function",
      );
      const bodies = (await client.query(api.messages.list, {})).map(
        (m) => m.body,
      );
      // "after restart" may land before "new" on a loaded machine.
      expect(bodies.sort()).toEqual(["after restart", "kept", "new"]);
    } finally {
      await second.close();
    }
  });

  it("starts empty with reset", async () => {
    const first = await startFixtureBackend();
    await httpClient(first.url).mutation(api.messages.send, { body: "gone" });
    await first.close();
    const second = await startFixtureBackend({
      dataDir: first.dataDir,
      reset: true,
    });
    try {
      expect(await httpClient(second.url).query(api.messages.list, {})).toEqual(
        [],
      );
    } finally {
      await second.close();
    }
  });
});
