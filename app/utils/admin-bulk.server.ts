/**
 * The ModelManager's bulk post (`intent=bulk`): parsed with the form's one
 * schema (`BulkSchema`), then `registry.bulkUpdateModels` (one transaction,
 * each change audited). Without `confirmed=yes` nothing changes: the answer
 * asks the page to confirm first (the no-JavaScript path of the one
 * confirmation).
 */
import { data } from "@remix-run/node";
import {
  bulkAction,
  BulkSchema,
  modelsCount,
  type BulkAction,
} from "~/components/admin/model-manager/bulk-schema";
import { api } from "./api";
import { convexClient } from "./convex.server";
import type { ErrorInfo } from "./errors";
import { parseWithZod, refusalOf } from "./forms.server";

/** What the bulk post answers. */
export type BulkActionData = {
  intent: "bulk";
  ok: boolean;
  message?: string;
  error?: ErrorInfo;
  /** Set when the post still needs its confirmation. */
  confirm?: { action: BulkAction; modelIds: string[] };
};

/** Handles one bulk post for the signed-in admin's `token`. */
export async function handleBulkAction(
  request: Request,
  formData: FormData,
  token: string,
) {
  const submission = parseWithZod(formData, { schema: BulkSchema });
  if (submission.status !== "success") {
    const messages = Object.values(submission.error ?? {}).flat();
    return data<BulkActionData>(
      {
        intent: "bulk",
        ok: false,
        error: { message: messages[0] ?? "That bulk action is not valid." },
      },
      { status: 400 },
    );
  }
  const { action, modelIds, confirmed } = submission.value;
  if (confirmed !== "yes")
    return data<BulkActionData>({
      intent: "bulk",
      ok: false,
      confirm: { action, modelIds },
    });
  try {
    const { changed } = await convexClient(token).mutation(
      api.registry.bulkUpdateModels,
      { modelIds, action },
    );
    const unchanged = modelIds.length - changed;
    const { done } = bulkAction(action);
    return data<BulkActionData>({
      intent: "bulk",
      ok: true,
      message:
        `${modelsCount(changed)} ${done}.` +
        (unchanged > 0 ? ` ${modelsCount(unchanged)} already were.` : ""),
    });
  } catch (error) {
    const refusal = refusalOf(request, error, "Bulk model action");
    return data<BulkActionData>(
      { intent: "bulk", ok: false, error: refusal },
      { status: refusal.status },
    );
  }
}
