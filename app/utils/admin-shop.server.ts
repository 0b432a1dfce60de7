/**
 * Form handling of the admin shop pages: credit packages (create, update)
 * and disputes (approve, reject). Each returns `{ intent, ok, error? }` for
 * the page to show next to the form; backend codes are described with the
 * shared error messages.
 */
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireAdminUser } from "./admin.server";
import { api } from "./api";
import { convexClient } from "./convex.server";
import { describeError, type ErrorInfo } from "./errors";
import { signInUrlFor } from "./redirect";

export type ShopActionResult = {
  intent: string;
  /** Which form answered (a package id, "new", a dispute id). */
  key: string;
  ok: boolean;
  error?: ErrorInfo;
};

/** "5", "5.00", "$5.5" → 500 / 550 cents; null when not a price. */
export function parsePriceCents(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, "");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

function int(text: FormDataEntryValue | null): number {
  const value = String(text ?? "").trim();
  return value === "" ? NaN : Number(value);
}

async function run(
  args: ActionFunctionArgs,
  intent: string,
  key: string,
  call: () => Promise<unknown>,
) {
  try {
    await call();
    return data<ShopActionResult>({ intent, key, ok: true });
  } catch (error) {
    const info = describeError(error);
    if (info.code === "UNAUTHENTICATED")
      throw redirect(signInUrlFor(args.request));
    if (!info.code) console.error(`${intent} failed:`, error);
    return data<ShopActionResult>(
      { intent, key, ok: false, error: info },
      { status: info.code ? 400 : 500 },
    );
  }
}

/** `intent=create-package` / `update-package` from `/admin/packages`. */
export async function handlePackageAction(args: ActionFunctionArgs) {
  const admin = await requireAdminUser(args);
  const form = await args.request.formData();
  const intent = String(form.get("intent"));
  const packageId = String(form.get("packageId") ?? "");
  const key = intent === "create-package" ? "new" : packageId;
  const priceCents = parsePriceCents(String(form.get("price") ?? ""));
  if (priceCents === null) {
    return data<ShopActionResult>(
      {
        intent,
        key,
        ok: false,
        error: {
          code: "INVALID_ARGUMENT",
          message: "Give the price in dollars, e.g. 5 or 19.99.",
          field: "price",
        },
      },
      { status: 400 },
    );
  }
  const fields = {
    name: String(form.get("name") ?? ""),
    credits: int(form.get("credits")),
    bonusCredits: int(form.get("bonusCredits") || "0"),
    priceCents,
    sortOrder: int(form.get("sortOrder") || "0"),
    isActive: form.get("isActive") === "on",
  };
  const badge = String(form.get("badge") ?? "").trim();
  const client = convexClient(admin.token);
  if (intent === "create-package") {
    return run(args, intent, key, () =>
      client.mutation(api.credits.createCreditPackage, {
        ...fields,
        badge: badge || undefined,
      }),
    );
  }
  return run(args, intent, key, () =>
    client.mutation(api.credits.updateCreditPackage, {
      packageId,
      ...fields,
      badge: badge || null,
    }),
  );
}

/** `intent=approve` / `reject` with `disputeId` and `note`, from `/admin/disputes`. */
export async function handleDisputeAction(args: ActionFunctionArgs) {
  const admin = await requireAdminUser(args);
  const form = await args.request.formData();
  const intent = String(form.get("intent"));
  const disputeId = String(form.get("disputeId") ?? "");
  return run(args, intent, disputeId, () =>
    convexClient(admin.token).mutation(api.disputes.resolveDispute, {
      disputeId,
      approve: intent === "approve",
      note: String(form.get("note") ?? ""),
    }),
  );
}
