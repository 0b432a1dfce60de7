/**
 * The ModelManager's form posts, shared by `/admin/models` and
 * `/admin/models/:modelId` (both export it as their `action`, so the forms
 * work without JavaScript on either page). One intent per change:
 *
 * - `update`: the model form (every field), parsed with the same schema as
 *   the browser (`ModelFormSchema`), then `models.updateModel` with only the
 *   changed fields (`toPatch`: an emptied optional field is cleared);
 * - `set-default`, `deprecate`, `undeprecate`, `activate`, `deactivate`:
 *   one-flag `updateModel` calls;
 * - `delete`, `restore`: `models.deleteModel` / `restoreModel`, only with
 *   `confirmed=yes` (else the answer asks the page to confirm first);
 * - `seed-defaults`: `models.initializeDefaultModels`;
 * - `schedule-price`, `cancel-price`: scheduled price changes
 *   (`handleScheduleAction`, admin-schedules.server.ts).
 *
 * Backend refusals come back by meaning, next to the field they name.
 */
import { data, type ActionFunctionArgs } from "@remix-run/node";
import type { ModelActionData } from "~/components/admin/model-actions";
import {
  MODEL_FIELD_NAMES,
  ModelFormSchema,
  toPatch,
} from "~/components/admin/model-form/schema";
import { requireAdminUser } from "./admin.server";
import { api } from "./api";
import { convexClient } from "./convex.server";
import { ERRORS } from "./errors";
import { parseWithZod, refusalOf, replyWithRefusal } from "./forms.server";
import {
  handleScheduleAction,
  SCHEDULE_INTENTS,
} from "./admin-schedules.server";

const FLAG_INTENTS = {
  "set-default": { patch: { isDefault: true }, done: "is now the default" },
  deprecate: { patch: { isDeprecated: true }, done: "is deprecated" },
  undeprecate: {
    patch: { isDeprecated: false },
    done: "is no longer deprecated",
  },
  activate: { patch: { isActive: true }, done: "is active" },
  deactivate: { patch: { isActive: false }, done: "is inactive" },
} as const;

function reply(body: ModelActionData, status = 200) {
  return data<ModelActionData>(body, { status });
}

/** Handles one ModelManager form post (see the module comment). */
export async function handleModelAction(args: ActionFunctionArgs) {
  const user = await requireAdminUser(args);
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  if ((SCHEDULE_INTENTS as readonly string[]).includes(intent)) {
    return handleScheduleAction(args, user, formData);
  }
  const modelId = String(formData.get("modelId") ?? "");
  const convex = convexClient(user.token);
  const base = { intent, modelId };
  const submission =
    intent === "update"
      ? parseWithZod(formData, { schema: ModelFormSchema })
      : undefined;

  try {
    if (intent === "seed-defaults") {
      const { created } = await convex.mutation(
        api.models.initializeDefaultModels,
        {},
      );
      return reply({
        ...base,
        ok: true,
        message:
          created === 0
            ? "Every default model exists already."
            : `Added ${created} default model${created === 1 ? "" : "s"}.`,
      });
    }
    if (intent in FLAG_INTENTS) {
      const { patch, done } = FLAG_INTENTS[intent as keyof typeof FLAG_INTENTS];
      await convex.mutation(api.models.updateModel, { modelId, ...patch });
      return reply({ ...base, ok: true, message: `${modelId} ${done}.` });
    }
    if (intent === "delete" || intent === "restore") {
      if (formData.get("confirmed") !== "yes")
        return reply({ ...base, ok: false, confirm: true });
      await convex.mutation(
        intent === "delete" ? api.models.deleteModel : api.models.restoreModel,
        { modelId },
      );
      return reply({
        ...base,
        ok: true,
        message: `${modelId} ${intent === "delete" ? "was deleted" : "was restored"}.`,
      });
    }
    if (submission) {
      const model = await convex.query(api.models.getModelById, { modelId });
      if (!model) {
        const error = {
          code: "MODEL_NOT_FOUND",
          message: ERRORS.MODEL_NOT_FOUND.message,
        } as const;
        return reply(
          {
            ...base,
            ok: false,
            error,
            result: submission.reply({ formErrors: [error.message] }),
          },
          ERRORS.MODEL_NOT_FOUND.status,
        );
      }
      if (submission.status !== "success") {
        return reply({ ...base, ok: false, result: submission.reply() }, 400);
      }
      const patch = toPatch(model, submission.value);
      const changed = Object.keys(patch).length > 0;
      if (changed) {
        await convex.mutation(api.models.updateModel, { modelId, ...patch });
      }
      return reply({
        ...base,
        ok: true,
        message: changed
          ? "Changes saved. Creators see them now."
          : "Nothing changed.",
      });
    }
    return reply(
      { ...base, ok: false, error: { message: "Unknown action." } },
      400,
    );
  } catch (error) {
    const refusal = refusalOf(args.request, error, `Model action ${intent}`);
    return reply(
      {
        ...base,
        ok: false,
        error: refusal,
        ...(submission
          ? {
              result: replyWithRefusal(submission, refusal, [
                ...MODEL_FIELD_NAMES,
                // A rule about one input is shown on that input's card.
                ...(submission.status === "success"
                  ? (submission.value.inputs ?? []).map(
                      (input) => `inputs.${input.name}`,
                    )
                  : []),
              ]),
            }
          : {}),
      },
      refusal.status,
    );
  }
}
