/**
 * The ModelManager's form posts, shared by `/admin/models` and
 * `/admin/models/:modelId` (both export it as their `action`, so the forms
 * work without JavaScript on either page). One intent per change:
 *
 * - `update`: the inline edit (price, flags, capabilities), checked with the
 *   same zod + `validateModelDefinition` rules as the browser, then
 *   `models.updateModel` with only the changed fields;
 * - `set-default`, `deprecate`, `undeprecate`, `activate`, `deactivate`:
 *   one-flag `updateModel` calls;
 * - `delete`, `restore`: `models.deleteModel` / `restoreModel`, only with
 *   `confirmed=yes` (else the answer asks the page to confirm first);
 * - `seed-defaults`: `models.initializeDefaultModels`.
 *
 * Backend refusals come back by meaning, next to the field they name.
 */
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import {
  checkModelEdit,
  formValues,
  type FieldErrors,
  type ModelActionData,
} from "~/components/admin/model-form";
import { requireAdminUser } from "./admin.server";
import { api } from "./api";
import { convexClient } from "./convex.server";
import { describeError, ERROR_MESSAGES } from "./errors";
import { signInUrlFor } from "./redirect";

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
  const values = formValues(await args.request.formData());
  const intent = values.intent ?? "";
  const modelId = values.modelId ?? "";
  const convex = convexClient(user.token);
  const base = { intent, modelId };

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
      if (values.confirmed !== "yes")
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
    if (intent === "update") {
      const model = await convex.query(api.models.getModelById, { modelId });
      if (!model) {
        return reply(
          {
            ...base,
            ok: false,
            error: {
              code: "MODEL_NOT_FOUND",
              message: ERROR_MESSAGES.MODEL_NOT_FOUND,
            },
            values,
          },
          404,
        );
      }
      const check = checkModelEdit(model, values);
      if (!check.data) {
        return reply(
          {
            ...base,
            ok: false,
            fieldErrors: check.fieldErrors,
            formErrors: check.formErrors,
            values,
          },
          400,
        );
      }
      if (Object.keys(check.data).length > 0) {
        await convex.mutation(api.models.updateModel, {
          modelId,
          ...check.data,
        });
      }
      return reply({
        ...base,
        ok: true,
        message:
          Object.keys(check.data).length > 0
            ? "Changes saved. Creators see them now."
            : "Nothing changed.",
      });
    }
    return reply({ ...base, ok: false, formErrors: ["Unknown action."] }, 400);
  } catch (error) {
    const info = describeError(error);
    if (info.code === "UNAUTHENTICATED")
      throw redirect(signInUrlFor(args.request));
    if (!info.code) console.error(`Model action ${intent} failed:`, error);
    const fieldErrors: FieldErrors = {};
    if (info.field) fieldErrors[info.field] = [info.detail ?? info.message];
    const status = !info.code
      ? 500
      : info.code === "INVALID_ARGUMENT"
        ? 400
        : info.code === "FORBIDDEN"
          ? 403
          : 409;
    return reply(
      { ...base, ok: false, error: info, fieldErrors, values },
      status,
    );
  }
}
