/**
 * The admin user page's form posts (`/admin/users/<email>`): credit grants
 * and adjustments, role changes, and plans, overrides and unlocks
 * (`handleAccessAction`, admin-access.server.ts). Kept beside `admin-models.server.ts`
 * so the route module stays about the page.
 */
import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { GrantSchema } from "~/components/admin/grant-schema";
import { ACCESS_INTENTS, handleAccessAction } from "./admin-access.server";
import { requireAdminUser } from "./admin.server";
import { api } from "./api";
import { convexClient } from "./convex.server";
import type { ErrorInfo } from "./errors";
import { parseWithZod, refusalOf, replyWithRefusal } from "./forms.server";
import { formatCredits, formatSignedCredits } from "./misc";

/** The answer to a grant or a role change. */
export type UserActionData = {
  intent: string;
  ok: boolean;
  message?: string;
  error?: ErrorInfo;
  /** The grant form's answer (conform): field messages and values. */
  result?: SubmissionResult<string[]>;
  confirm?: boolean;
  /** Distinguishes answers, so the grant form starts afresh after each. */
  at: number;
};

const RoleSchema = z.object({ role: z.enum(["admin", "creator"]) });

/**
 * Handles one post of the user page: `intent=grant` (checked with
 * `GrantSchema`, then `credits.grantCredits`) or `intent=set-role`
 * (`users.setRole`, only with `confirmed=yes`; else it asks to confirm).
 * Refusals come back by meaning (INSUFFICIENT_CREDITS, INVALID_STATE, ...).
 */
export async function handleUserAction(args: ActionFunctionArgs) {
  const admin = await requireAdminUser(args);
  const email = args.params.email ?? "";
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  const at = Date.now();
  const reply = (body: Omit<UserActionData, "at">, status = 200) =>
    data<UserActionData>({ ...body, at }, { status });
  const convex = convexClient(admin.token);
  if ((ACCESS_INTENTS as readonly string[]).includes(intent)) {
    const { body, status } = await handleAccessAction(
      args.request,
      convex,
      email,
      intent,
      formData,
    );
    return reply(body, status);
  }
  const grant =
    intent === "grant"
      ? parseWithZod(formData, { schema: GrantSchema })
      : undefined;
  try {
    if (grant) {
      if (grant.status !== "success") {
        return reply({ intent, ok: false, result: grant.reply() }, 400);
      }
      const { amount, reason } = grant.value;
      await convex.mutation(api.credits.grantCredits, {
        email,
        amount,
        reason,
      });
      return reply({
        intent,
        ok: true,
        message:
          amount > 0
            ? `Granted ${formatSignedCredits(amount)} credits to ${email}.`
            : `Deducted ${formatCredits(-amount)} from ${email}.`,
      });
    }
    if (intent === "set-role") {
      const parsed = parseWithZod(formData, { schema: RoleSchema });
      if (parsed.status !== "success") return reply({ intent, ok: false }, 400);
      if (formData.get("confirmed") !== "yes")
        return reply({ intent, ok: false, confirm: true });
      await convex.mutation(api.users.setRole, {
        email,
        role: parsed.value.role,
      });
      return reply({
        intent,
        ok: true,
        message:
          parsed.value.role === "admin"
            ? `${email} is now an admin.`
            : `${email} is now a creator.`,
      });
    }
    return reply({ intent, ok: false }, 400);
  } catch (error) {
    const refusal = refusalOf(
      args.request,
      error,
      `Admin user action ${intent}`,
    );
    return reply(
      {
        intent,
        ok: false,
        error: refusal,
        ...(grant
          ? { result: replyWithRefusal(grant, refusal, ["amount", "reason"]) }
          : {}),
      },
      refusal.status,
    );
  }
}
