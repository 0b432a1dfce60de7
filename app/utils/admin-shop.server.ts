/**
 * Form handling of the admin shop pages, on the one form layer (ADR 0015):
 * credit packages (create, update) and disputes (approve, reject), each
 * parsed with its form's schema (`PackageSchema`, `ResolveDisputeSchema`,
 * the ones the browser checks with) and answered with `submission.reply()`;
 * backend refusals go through `refusalOf` and land next to the field they
 * name (`replyWithRefusal`).
 */
import type { Submission, SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs } from "@remix-run/node";
import {
  PACKAGE_FIELD_NAMES,
  PackageSchema,
  ResolveDisputeSchema,
} from "~/components/shop/shop-schemas";
import { requireAdminUser } from "./admin.server";
import { api } from "./api";
import { convexClient } from "./convex.server";
import type { ErrorInfo } from "./errors";
import { parseWithZod, refusalOf, replyWithRefusal } from "./forms.server";

export type ShopActionResult = {
  intent: string;
  /** Which form answered (a package id, "new", a dispute id). */
  key: string;
  ok: boolean;
  error?: ErrorInfo;
  /** The form's answer: field messages and the submitted values. */
  result?: SubmissionResult<string[]>;
};

/**
 * Runs the backend call of a parsed form: `{ ok: true }`, or the refusal
 * next to its field (a backend `priceCents` is the form's `price`).
 */
async function run(
  args: ActionFunctionArgs,
  base: { intent: string; key: string },
  submission: Submission<unknown, string[], unknown>,
  fields: readonly string[],
  call: () => Promise<unknown>,
) {
  try {
    await call();
    return data<ShopActionResult>({
      ...base,
      ok: true,
      result: submission.reply({ resetForm: base.key === "new" }),
    });
  } catch (error) {
    const refusal = refusalOf(args.request, error, base.intent);
    const named =
      refusal.field === "priceCents" ? { ...refusal, field: "price" } : refusal;
    return data<ShopActionResult>(
      {
        ...base,
        ok: false,
        error: named,
        result: replyWithRefusal(submission, named, fields),
      },
      { status: refusal.status },
    );
  }
}

/** `intent=create-package` / `update-package` from `/admin/packages`. */
export async function handlePackageAction(args: ActionFunctionArgs) {
  const admin = await requireAdminUser(args);
  const formData = await args.request.formData();
  const submission = parseWithZod(formData, { schema: PackageSchema });
  const intent = String(formData.get("intent") ?? "");
  const key =
    intent === "create-package" ? "new" : String(formData.get("packageId"));
  const base = { intent, key };
  if (submission.status !== "success") {
    return data<ShopActionResult>(
      { ...base, ok: false, result: submission.reply() },
      { status: 400 },
    );
  }
  const { packageId, price, badge, ...fields } = submission.value;
  const client = convexClient(admin.token);
  const values = { ...fields, priceCents: price };
  return run(args, base, submission, PACKAGE_FIELD_NAMES, () =>
    intent === "create-package" || !packageId
      ? client.mutation(api.credits.createCreditPackage, {
          ...values,
          badge: badge || undefined,
        })
      : client.mutation(api.credits.updateCreditPackage, {
          packageId,
          ...values,
          badge: badge || null,
        }),
  );
}

/** `intent=approve` / `reject` with `disputeId` and `note`, from `/admin/disputes`. */
export async function handleDisputeAction(args: ActionFunctionArgs) {
  const admin = await requireAdminUser(args);
  const formData = await args.request.formData();
  const submission = parseWithZod(formData, { schema: ResolveDisputeSchema });
  const base = {
    intent: String(formData.get("intent") ?? ""),
    key: String(formData.get("disputeId") ?? ""),
  };
  if (submission.status !== "success") {
    return data<ShopActionResult>(
      { ...base, ok: false, result: submission.reply() },
      { status: 400 },
    );
  }
  const { disputeId, intent, note } = submission.value;
  return run(args, base, submission, ["note"], () =>
    convexClient(admin.token).mutation(api.disputes.resolveDispute, {
      disputeId,
      approve: intent === "approve",
      note: note ?? "",
    }),
  );
}
