import Replicate from "replicate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeReplicate, type FakeReplicate } from "./server";

let fake: FakeReplicate;
let client: Replicate;

beforeAll(async () => {
  fake = await startFakeReplicate({ apiToken: "t", durationMs: 200 });
  client = new Replicate({ auth: "t", baseUrl: fake.url });
});
afterAll(async () => {
  await fake.close();
});

type Schema = {
  components: {
    schemas: Record<
      string,
      { properties?: Record<string, Record<string, unknown>>; enum?: unknown[] }
    >;
  };
};

describe("model metadata", () => {
  it("serves a default model with Cog's $ref enums", async () => {
    const model = await client.models.get("google", "veo-3");
    expect(model.owner).toBe("google");
    expect(model.cover_image_url).toMatch(/^https:/);
    const schema = model.latest_version!.openapi_schema as Schema;
    const input = schema.components.schemas.Input.properties!;
    expect(input.aspect_ratio.allOf).toEqual([
      { $ref: "#/components/schemas/aspect_ratio" },
    ]);
    expect(schema.components.schemas.aspect_ratio.enum).toEqual([
      "16:9",
      "9:16",
    ]);
    expect(input.generate_audio).toMatchObject({
      type: "boolean",
      default: true,
    });
    expect(input.image).toMatchObject({ type: "string", format: "uri" });
  });

  it("serves any test model, its versions, and published new versions", async () => {
    const model = await client.models.get("acme", "thing");
    const id = model.latest_version!.id;
    expect((await client.models.versions.get("acme", "thing", id)).id).toBe(id);
    const response = await fetch(
      `${fake.origin}/_control/models/acme/thing/versions`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ remove: ["seed"] }),
      },
    );
    const published = (await response.json()) as { id: string };
    const list = await client.models.versions.list("acme", "thing");
    expect(list.results.map((v) => v.id)).toEqual([published.id, id]);
    const latest = await client.models.get("acme", "thing");
    const input = (latest.latest_version!.openapi_schema as Schema).components
      .schemas.Input.properties!;
    expect(input.seed).toBeUndefined();
    expect(input.num_outputs).toMatchObject({ type: "integer", maximum: 4 });
    await expect(
      client.models.versions.get("acme", "thing", "nope"),
    ).rejects.toThrow(/404/);
  });

  it("echoes the inputs it received and returns n outputs", async () => {
    const prediction = await client.predictions.create({
      model: "acme/thing",
      input: { prompt: "x", aspect_ratio: "9:16", num_outputs: 3 },
    });
    expect(prediction.input).toEqual({
      prompt: "x",
      aspect_ratio: "9:16",
      num_outputs: 3,
    });
    let done = prediction;
    while (done.status !== "succeeded") {
      await new Promise((r) => setTimeout(r, 50));
      done = await client.predictions.get(prediction.id);
    }
    expect(done.output).toHaveLength(3);
  });
});
