/**
 * Importing from Replicate when Replicate answers something other than a
 * well-formed model (registry.ts importFromReplicate): unknown models and
 * versions, an outage, no published version, a version without an input
 * schema, a bare model; plus the registry's admin reads and bulk limits.
 * Replicate is a stubbed `fetch` here, so every answer is chosen.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  ADMIN,
  api,
  errorData,
  internal,
  setup,
  setupWithDefaults,
} from "./test.setup";

const SCHEMA = {
  components: {
    schemas: {
      Input: {
        type: "object",
        properties: {
          prompt: { type: "string" },
          seed: { type: "integer", minimum: 0 },
        },
      },
    },
  },
};

function version(id: string, openapi: unknown = SCHEMA) {
  return {
    id,
    created_at: "2026-11-01T00:00:00Z",
    cog_version: "0.9",
    openapi_schema: openapi,
  };
}

/** Answers Replicate's model and version endpoints from `routes`. */
function stubReplicate(
  routes: Record<string, { status: number; body: unknown }>,
) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL | Request) => {
      const url = new URL(
        typeof input === "string" || input instanceof URL ? input : input.url,
      );
      const path = url.pathname.replace(/^\/v1/, "");
      calls.push(path);
      const route = routes[path] ?? {
        status: 404,
        body: { detail: "Not found." },
      };
      return new Response(JSON.stringify(route.body), {
        status: route.status,
        headers: { "content-type": "application/json" },
      });
    }),
  );
  return calls;
}

beforeEach(() => {
  process.env.REPLICATE_API_TOKEN = "r8_test";
  process.env.REPLICATE_API_BASE_URL = "https://replicate.test/v1";
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete process.env.REPLICATE_API_TOKEN;
  delete process.env.REPLICATE_API_BASE_URL;
});

const importAs = (t: ReturnType<typeof setup>, reference: string) =>
  t.withIdentity(ADMIN).action(api.registry.importFromReplicate, { reference });

describe("importFromReplicate against an unhelpful Replicate", () => {
  test("an unknown model, or an unknown version of a known one, is NOT_FOUND", async () => {
    const t = setup();
    stubReplicate({
      "/models/acme/known": {
        status: 200,
        body: { owner: "acme", name: "known", latest_version: version("v1") },
      },
    });
    expect(await errorData(importAs(t, "acme/missing"))).toEqual({
      code: "NOT_FOUND",
      message: "Replicate has no model acme/missing.",
    });
    expect(await errorData(importAs(t, "acme/known:v9"))).toEqual({
      code: "NOT_FOUND",
      message: "Replicate has no version v9 of acme/known.",
    });
  });

  test("an outage is INVALID_STATE with Replicate's words", async () => {
    const t = setup();
    stubReplicate({
      "/models/acme/down": {
        status: 503,
        body: { detail: "Down for maintenance" },
      },
    });
    const error = await errorData(importAs(t, "acme/down"));
    expect(error.code).toBe("INVALID_STATE");
    expect(error.message).toMatch(/503/);
  });

  test("a model with no published version, or a version without an input schema, is INVALID_STATE", async () => {
    const t = setup();
    stubReplicate({
      "/models/acme/draft": {
        status: 200,
        body: { owner: "acme", name: "draft", latest_version: null },
      },
      "/models/acme/schemaless": {
        status: 200,
        body: {
          owner: "acme",
          name: "schemaless",
          latest_version: version("v1", { components: {} }),
        },
      },
    });
    expect(await errorData(importAs(t, "acme/draft"))).toEqual({
      code: "INVALID_STATE",
      message: "acme/draft has no published version.",
    });
    expect(await errorData(importAs(t, "acme/schemaless"))).toEqual({
      code: "INVALID_STATE",
      message: "The version's schema has no Input properties.",
    });
  });

  test("a bare model (no description, cover or durations) gets a usable draft; a named old version is not the latest", async () => {
    const t = setup();
    const calls = stubReplicate({
      "/models/acme/bare_model-v2": {
        status: 200,
        body: {
          owner: "acme",
          name: "bare_model-v2",
          description: null,
          cover_image_url: null,
          is_official: false,
          latest_version: version("v2"),
        },
      },
      "/models/acme/bare_model-v2/versions/v1": {
        status: 200,
        body: version("v1"),
      },
    });
    const result = await importAs(
      t,
      "https://replicate.com/acme/bare_model-v2",
    );
    expect(result.draft).toEqual({
      modelId: "acme/bare_model-v2",
      name: "Bare Model V2",
      description: "",
      version: "v2",
      replicateModelId: "acme/bare_model-v2:v2",
      provider: "acme",
      // Replicate lists no duration input: 5 s until the admin says more.
      supportedDurations: [5],
    });
    expect(result.inputs).toEqual([
      { name: "seed", label: "Seed", required: false, type: "integer", min: 0 },
    ]);
    expect(result.isLatestVersion).toBe(true);
    expect(result.existing).toBeNull();

    const old = await importAs(t, "acme/bare_model-v2:v1");
    expect(old.draft.version).toBe("v1");
    expect(old.isLatestVersion).toBe(false);
    expect(calls).toContain("/models/acme/bare_model-v2/versions/v1");
  });

  test("re-importing a catalogue model that exposes no inputs lists the schema's inputs as added", async () => {
    const t = await setupWithDefaults();
    await t.withIdentity(ADMIN).mutation(api.models.createModel, {
      modelId: "acme/plain",
      name: "Plain",
      description: "",
      costPerSecond: 0.1,
      supportedDurations: [5],
      supportedQualities: ["standard"],
      isPremium: false,
      isActive: true,
      isDefault: false,
      isDeprecated: false,
      provider: "acme",
      replicateModelId: "acme/plain",
    });
    expect(
      await t.query(internal.registry.findModelForImport, {
        modelId: "acme/plain",
        replicateModelId: "acme/plain",
      }),
    ).toEqual({
      modelId: "acme/plain",
      replicateModelId: "acme/plain",
      inputs: [],
    });
    stubReplicate({
      "/models/acme/plain": {
        status: 200,
        body: {
          owner: "acme",
          name: "plain",
          is_official: true,
          latest_version: version("v7"),
        },
      },
    });
    const result = await importAs(t, "acme/plain");
    // Official models run by name, without a version.
    expect(result.draft.replicateModelId).toBe("acme/plain");
    expect(result.existing).toEqual({
      modelId: "acme/plain",
      replicateModelId: "acme/plain",
      versionChanged: true,
      changes: [{ name: "seed", kind: "added", detail: "integer, min 0" }],
    });
  });
});

describe("registry admin", () => {
  test("bulk actions take 1 to 100 distinct models; an unknown one changes nothing", async () => {
    const t = await setupWithDefaults();
    const admin = t.withIdentity(ADMIN);
    for (const modelIds of [
      [],
      Array.from({ length: 101 }, (_, i) => `acme/m${i}`),
    ])
      expect(
        await errorData(
          admin.mutation(api.registry.bulkUpdateModels, {
            modelIds,
            action: "deactivate",
          }),
        ),
      ).toMatchObject({ code: "INVALID_ARGUMENT", field: "modelIds" });
    // Duplicates count once.
    expect(
      await admin.mutation(api.registry.bulkUpdateModels, {
        modelIds: ["luma/ray-2-720p", "luma/ray-2-720p"],
        action: "deprecate",
      }),
    ).toEqual({ changed: 1 });
    expect(
      (
        await errorData(
          admin.mutation(api.registry.bulkUpdateModels, {
            modelIds: ["google/veo-3", "acme/none"],
            action: "deactivate",
          }),
        )
      ).code,
    ).toBe("MODEL_NOT_FOUND");
    const veo = await t.query(api.models.getModelById, {
      modelId: "google/veo-3",
    });
    expect(veo!.isActive).toBe(true);
    // activate on an active model and deprecate on a deprecated one: no-ops.
    expect(
      await admin.mutation(api.registry.bulkUpdateModels, {
        modelIds: ["google/veo-3"],
        action: "activate",
      }),
    ).toEqual({ changed: 0 });
    expect(
      await admin.mutation(api.registry.bulkUpdateModels, {
        modelIds: ["luma/ray-2-720p"],
        action: "deprecate",
      }),
    ).toEqual({ changed: 0 });
  });
});
