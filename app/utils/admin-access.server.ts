/**
 * The admin user page's access posts (issue 12): `assign-plan`
 * (`plans.assignPlan`), `set-override` / `clear-override`
 * (`plans.setUserModelOverride` / `clearUserModelOverride`), `grant-unlock`
 * / `revoke-unlock` (`plans.grantUnlock` / `revokeUnlock`). Each form is
 * parsed with its own schema (the browser's); refusals come back next to
 * the field they name.
 */
import type { Submission } from "@conform-to/react";
import {
  AssignPlanSchema,
  GrantUnlockSchema,
  OVERRIDE_FIELDS,
  OverrideSchema,
  toOverrideArgs,
} from "~/components/admin/access/schemas";
import type { UserActionData } from "./admin-users.server";
import { api } from "./api";
import type { convexClient } from "./convex.server";
import { parseWithZod, refusalOf, replyWithRefusal } from "./forms.server";

/** The intents handled here. */
export const ACCESS_INTENTS = [
  "assign-plan",
  "set-override",
  "clear-override",
  "grant-unlock",
  "revoke-unlock",
] as const;

type Answer = { body: Omit<UserActionData, "at">; status: number };

/** Handles one access post for `email`; the caller wraps the answer. */
export async function handleAccessAction(
  request: Request,
  convex: ReturnType<typeof convexClient>,
  email: string,
  intent: string,
  formData: FormData,
): Promise<Answer> {
  let submission: Submission<unknown, string[], unknown> | undefined;
  let fields: readonly string[] = [];
  const ok = (message: string): Answer => ({
    body: { intent, ok: true, message },
    status: 200,
  });
  const modelId = String(formData.get("modelId") ?? "");
  try {
    switch (intent) {
      case "assign-plan": {
        const parsed = parseWithZod(formData, { schema: AssignPlanSchema });
        submission = parsed;
        fields = ["planId"];
        if (parsed.status !== "success") break;
        await convex.mutation(api.plans.assignPlan, {
          email,
          planId: parsed.value.planId,
        });
        return ok(
          parsed.value.planId === null
            ? `${email} is on no plan: every model at list price.`
            : `${email} is on the plan ${parsed.value.planId} now.`,
        );
      }
      case "set-override": {
        const parsed = parseWithZod(formData, { schema: OverrideSchema });
        submission = parsed;
        fields = OVERRIDE_FIELDS;
        if (parsed.status !== "success") break;
        await convex.mutation(api.plans.setUserModelOverride, {
          email,
          ...toOverrideArgs(parsed.value),
        });
        return ok(`Override for ${parsed.value.modelId} saved.`);
      }
      case "clear-override":
        await convex.mutation(api.plans.clearUserModelOverride, {
          email,
          modelId,
        });
        return ok(`Override for ${modelId} removed.`);
      case "grant-unlock": {
        const parsed = parseWithZod(formData, { schema: GrantUnlockSchema });
        submission = parsed;
        fields = ["modelId", "reason"];
        if (parsed.status !== "success") break;
        await convex.mutation(api.plans.grantUnlock, {
          email,
          modelId: parsed.value.modelId,
          ...(parsed.value.reason ? { reason: parsed.value.reason } : {}),
        });
        return ok(`${parsed.value.modelId} is unlocked for ${email}.`);
      }
      case "revoke-unlock":
        await convex.mutation(api.plans.revokeUnlock, { email, modelId });
        return ok(`The unlock of ${modelId} was revoked.`);
    }
    return {
      body: { intent, ok: false, result: submission?.reply() },
      status: 400,
    };
  } catch (error) {
    const refusal = refusalOf(request, error, `Admin access ${intent}`);
    return {
      body: {
        intent,
        ok: false,
        error: refusal,
        ...(submission
          ? { result: replyWithRefusal(submission, refusal, fields) }
          : {}),
      },
      status: refusal.status,
    };
  }
}
