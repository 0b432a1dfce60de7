/**
 * An acknowledged write survives `kill -9`: the local backend runs as a child
 * process (the CLI, on this repo's `convex/`), a creator's `createVideo` is
 * acknowledged, the process is killed with SIGKILL at once, and a restarted
 * backend has the video and its charge.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { api } from "../convex/_generated/api";
import { seedWithAdminKey } from "../scripts/init-models";
import { httpClient, setAdminAuth, tempDir } from "./backend/test-support";
import { PROJECT_ROOT } from "./stack";

const ADMIN_KEY = "local-admin-crash-test";
const CREATOR = {
  subject: "local:crash@example.com",
  issuer: "https://crash.test",
  tokenIdentifier: "https://crash.test|local:crash@example.com",
  email: "crash@example.com",
  name: "Crash",
};

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts the CLI on free ports; resolves with its URL once it is ready. */
async function spawnBackend(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      // tsx as a loader in this one process: the tsx CLI would run the
      // backend in a grandchild that SIGKILL would not reach.
      "--import",
      "tsx",
      path.join(PROJECT_ROOT, "local/backend/cli.ts"),
      "--port",
      "0",
      "--site-port",
      "0",
      "--data-dir",
      dataDir,
      "--env-file",
      path.join(PROJECT_ROOT, "local/convex.env"),
    ],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        CONVEX_LOCAL_ADMIN_KEY: ADMIN_KEY,
        // Predictions fail fast and offline: nothing listens on port 9.
        REPLICATE_API_BASE_URL: "http://127.0.0.1:9/v1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /CONVEX_URL\s+(http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) =>
      reject(
        new Error(`backend exited (${code}) before it was ready:\n${output}`),
      ),
    );
  });
  return { child, url };
}

function creatorClient(url: string) {
  const client = httpClient(url);
  setAdminAuth(client, ADMIN_KEY, CREATOR);
  return client;
}

describe("crash safety", () => {
  test("kill -9 right after an acknowledged createVideo loses neither the video nor its charge", async () => {
    const dataDir = await tempDir("crash-");
    const first = await spawnBackend(dataDir);
    await seedWithAdminKey(first.url, ADMIN_KEY);
    const creator = creatorClient(first.url);
    const videoId = await creator.mutation(api.videos.createVideo, {
      prompt: "A fox that survives a crash",
      model: "luma/ray-2-720p",
      duration: 5,
      quality: "standard",
    });
    // No graceful shutdown: no final snapshot, no flush.
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));

    const second = await spawnBackend(dataDir);
    const after = creatorClient(second.url);
    const video = await after.query(api.videos.getVideo, { videoId });
    expect(video?._id).toBe(videoId);
    const { page } = await after.query(api.credits.getMyTransactions, {
      paginationOpts: { numItems: 20, cursor: null },
    });
    const charge = page.find(
      (entry) => entry.type === "generation" && entry.videoId === videoId,
    );
    expect(charge?.amount).toBe(-90);
    second.child.kill("SIGKILL");
  }, 120_000);
});
