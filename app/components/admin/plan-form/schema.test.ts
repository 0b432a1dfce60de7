import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import type { PlanDoc } from "../../../../convex/validators";
import {
  planDefaultValues,
  PlanFormSchema,
  toCreatePlanArgs,
  toPlanPatch,
} from "./schema";

function parse(values: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values))
    for (const v of [value].flat()) data.append(key, v);
  return parseWithZod(data, { schema: PlanFormSchema });
}
const errorsOf = (values: Record<string, string | string[]>) => {
  const s = parse(values);
  return s.status === "success" ? undefined : s.error;
};

describe("the plan form's schema", () => {
  it("turns the form into createPlan's arguments (one ticked box or several)", () => {
    const s = parse({
      planId: "pro",
      name: " Pro ",
      priceMultiplier: "0.8",
      monthlyCredits: "500",
      allowedCategories: "budget",
      allowedModelIds: ["google/veo-3", "luma/ray-2-720p"],
      isDefault: "on",
    });
    expect(s.status === "success" && toCreatePlanArgs(s.value)).toEqual({
      planId: "pro",
      name: "Pro",
      priceMultiplier: 0.8,
      monthlyCredits: 500,
      allowedCategories: ["budget"],
      allowedModelIds: ["google/veo-3", "luma/ray-2-720p"],
      isDefault: true,
    });
    const plain = parse({ planId: "free", name: "Free" });
    expect(plain.status === "success" && toCreatePlanArgs(plain.value)).toEqual(
      { planId: "free", name: "Free" },
    );
  });

  it("words refusals like the backend, per field", () => {
    expect(
      errorsOf({
        planId: "Pro Plan",
        name: "",
        priceMultiplier: "1.234",
        monthlyCredits: "-5",
      }),
    ).toEqual({
      planId: ["Plan ID must be 1–40 lower-case letters, digits, - or _."],
      name: ["Plan name must be 1–100 characters."],
      priceMultiplier: [
        "Price multiplier must be above 0, at most 100, with at most 2 decimal places.",
      ],
      monthlyCredits: [
        "Monthly credits must be a whole number from 0 to 1,000,000.",
      ],
    });
  });

  it("edits: only changed fields; unticking every box clears the list; order does not count", () => {
    const plan = {
      _id: "p1",
      _creationTime: 0,
      planId: "pro",
      name: "Pro",
      allowedModelIds: ["b", "a"],
      allowedCategories: ["budget"],
      priceMultiplier: 1.5,
      isDefault: true,
      createdAt: 0,
      updatedAt: 0,
    } as unknown as PlanDoc;
    const text = planDefaultValues(plan) as Record<string, string | string[]>;
    const same = parse({ ...text, allowedModelIds: ["a", "b"] });
    expect(same.status === "success" && toPlanPatch(plan, same.value)).toEqual(
      {},
    );
    const { allowedCategories: _c, isDefault: _d, ...rest } = text;
    const changed = parse({
      ...rest,
      priceMultiplier: "",
      monthlyCredits: "100",
    });
    expect(
      changed.status === "success" && toPlanPatch(plan, changed.value),
    ).toEqual({
      priceMultiplier: null,
      monthlyCredits: 100,
      allowedCategories: null,
      isDefault: false,
    });
  });
});
