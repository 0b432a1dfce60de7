import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { OpenDisputeSchema } from "./shop-schemas";

function parse(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return parseWithZod(data, { schema: OpenDisputeSchema });
}

describe("the dispute-this-charge form's schema", () => {
  it("takes a reason, trimmed, and ignores the submit button's intent", () => {
    const ok = parse({ intent: "dispute", reason: "  It froze at 2 s. " });
    expect(ok.status === "success" && ok.value).toEqual({
      reason: "It froze at 2 s.",
    });
    const longest = parse({ reason: "x".repeat(1000) });
    expect(longest.status).toBe("success");
  });

  it("refuses a missing, blank or over-long reason with the backend's limits", () => {
    const errors = (values: Record<string, string>) => {
      const s = parse(values);
      return s.status === "success" ? undefined : s.error;
    };
    expect(errors({ intent: "dispute" })).toEqual({
      reason: ["Say what went wrong."],
    });
    expect(errors({ reason: "" })).toEqual({
      reason: ["Say what went wrong."],
    });
    expect(errors({ reason: "   \n " })).toEqual({
      reason: ["Say what went wrong."],
    });
    expect(errors({ reason: "x".repeat(1001) })).toEqual({
      reason: ["Keep the reason to 1,000 characters."],
    });
  });

  it("makes the reason required before the page hydrates (native constraint)", () => {
    expect(getZodConstraint(OpenDisputeSchema).reason).toEqual({
      required: true,
    });
  });
});
