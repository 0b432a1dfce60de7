/**
 * Scheduled price changes from the admin model page: `intent=schedule-price`
 * (the form's schema, `SchedulePriceSchema`, then
 * `models.schedulePriceChange`) and `intent=cancel-price`
 * (`models.cancelPriceChange`). Answers in the model actions' shape, so
 * the page shows them beside the model's other changes; refusals go next to
 * the field they name (`effectiveAt`, `costPerSecond`).
 */
import { data, type ActionFunctionArgs } from "@remix-run/node";
import type { ModelActionData } from "~/components/admin/model-actions";
import {
  SCHEDULE_FIELDS,
  SchedulePriceSchema,
  toScheduleArgs,
} from "~/components/admin/scheduled-prices/schema";
import { api } from "./api";
import type { AuthUser } from "./auth.server";
import { convexClient } from "./convex.server";
import { parseWithZod, refusalOf, replyWithRefusal } from "./forms.server";
import { formatCostPerSecond } from "./misc";
import { formatInZone } from "./zoned-time";

/** The intents handled here. */
export const SCHEDULE_INTENTS = ["schedule-price", "cancel-price"] as const;

/** What a schedule or cancel answers (a model action's answer + the change). */
export type ScheduleActionData = ModelActionData & { changeId?: string };

function reply(body: ScheduleActionData, status = 200) {
  return data<ScheduleActionData>(body, { status });
}

/** Handles `schedule-price` / `cancel-price` for the posted `modelId`. */
export async function handleScheduleAction(
  args: ActionFunctionArgs,
  user: AuthUser,
  formData: FormData,
) {
  const intent = String(formData.get("intent") ?? "");
  const modelId = String(formData.get("modelId") ?? "");
  const base = { intent, modelId };
  const convex = convexClient(user.token);
  const submission =
    intent === "schedule-price"
      ? parseWithZod(formData, { schema: SchedulePriceSchema })
      : undefined;
  try {
    if (submission) {
      if (submission.status !== "success") {
        return reply({ ...base, ok: false, result: submission.reply() }, 400);
      }
      const change = toScheduleArgs(submission.value);
      const changeId = await convex.mutation(api.models.schedulePriceChange, {
        modelId,
        ...change,
      });
      return reply({
        ...base,
        ok: true,
        changeId,
        message: `${formatCostPerSecond(change.costPerSecond)} from ${formatInZone(change.effectiveAt, submission.value.timeZone)} is scheduled.`,
      });
    }
    const changeId = String(formData.get("changeId") ?? "");
    await convex.mutation(api.models.cancelPriceChange, { changeId });
    return reply({
      ...base,
      ok: true,
      changeId,
      message: "The scheduled price change was canceled.",
    });
  } catch (error) {
    const refusal = refusalOf(args.request, error, `Model action ${intent}`);
    return reply(
      {
        ...base,
        ok: false,
        error: refusal,
        ...(submission
          ? {
              result: replyWithRefusal(submission, refusal, SCHEDULE_FIELDS),
            }
          : {}),
      },
      refusal.status,
    );
  }
}
