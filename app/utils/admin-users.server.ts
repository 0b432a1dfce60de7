/**
 * The admin user page's form posts (`/admin/users/<email>`): credit grants
 * and adjustments, and role changes. Kept beside `admin-models.server.ts`
 * so the route module stays about the page.
 */
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { GrantSchema } from "~/components/admin/grant-schema";
import { requireAdminUser } from "./admin.server";
import { api } from "./api";
import { convexClient } from "./convex.server";
import { describeError, type ErrorInfo } from "./errors";
import { parseForm } from "./forms.server";
import { formatCredits, formatSignedCredits } from "./misc";
import { signInUrlFor } from "./redirect";

/** The answer to a grant or a role change. */
export type UserActionData = {
  intent: string;
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  error?: ErrorInfo;
  values?: Record<string, string>;
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
  try {
    if (intent === "grant") {
      const parsed = parseForm(GrantSchema, formData);
      if (!parsed.success) {
        return reply(
          {
            intent,
            ok: false,
            fieldErrors: parsed.fieldErrors,
            values: parsed.values,
          },
          400,
        );
      }
      const { amount, reason } = parsed.data;
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
      const parsed = parseForm(RoleSchema, formData);
      if (!parsed.success) return reply({ intent, ok: false }, 400);
      if (formData.get("confirmed") !== "yes")
        return reply({ intent, ok: false, confirm: true });
      await convex.mutation(api.users.setRole, {
        email,
        role: parsed.data.role,
      });
      return reply({
        intent,
        ok: true,
        message:
          parsed.data.role === "admin"
            ? `${email} is now an admin.`
            : `${email} is now a creator.`,
      });
    }
    return reply({ intent, ok: false }, 400);
  } catch (error) {
    const info = describeError(error);
    if (info.code === "UNAUTHENTICATED")
      throw redirect(signInUrlFor(args.request));
    if (!info.code) console.error(`Admin user action ${intent} failed:`, error);
    const fieldErrors: Record<string, string[]> = {};
    if (info.field) fieldErrors[info.field] = [info.detail ?? info.message];
    const values = Object.fromEntries(
      [...formData].filter(
        (e): e is [string, string] => typeof e[1] === "string",
      ),
    );
    const status = !info.code
      ? 500
      : info.code === "INVALID_ARGUMENT"
        ? 400
        : 409;
    return reply(
      { intent, ok: false, error: info, fieldErrors, values },
      status,
    );
  }
}
