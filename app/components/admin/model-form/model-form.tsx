/**
 * The ONE admin model form, for "New model" (`/admin/models/new`) and for
 * editing a model (inline on the ModelManager and on the model's page,
 * `?edit=`). Every field `createModel` / `updateModel` accept is editable;
 * the model ID is fixed once created. Checked in the browser with the same
 * schema the action parses (`ModelFormSchema`); the action's answer
 * (conform's `lastResult`) puts backend refusals next to their field. A
 * plain form post: it works without JavaScript too.
 */
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { FetcherWithComponents } from "@remix-run/react";
import type { ModelDoc } from "~/utils/api";
import { useSchemaForm } from "../../use-schema-form";
import { Alert } from "../../ui/alert";
import { Button, buttonClasses } from "../../ui/button";
import { modelDefaultValues, ModelFormSchema } from "./schema";
import {
  FlagsSection,
  IdentitySection,
  InputsSection,
  LifecycleSection,
  PricingSection,
  ReplicateSection,
  type ModelFields,
} from "./sections";

type Props = {
  /** Model IDs suggested as successors (optional). */
  modelIds?: readonly string[];
  /** The action's answer to this form's last post. */
  lastResult?: SubmissionResult<string[]> | null;
  /** Whether the post is on its way. */
  submitting: boolean;
} & (
  | { mode: "new" }
  | {
      mode: "edit";
      model: ModelDoc;
      /** The model's fetcher: the edit posts `intent=update` through it. */
      fetcher: FetcherWithComponents<unknown>;
      /** Where "Cancel" goes (the page without `?edit=`). */
      cancelTo: string;
    }
);

/** The form's id: field ids are `<id>-<name>` (e.g. `field-costPerSecond`). */
export function modelFormId(model?: Pick<ModelDoc, "_id">): string {
  return model ? `field-${model._id}` : "field";
}

export function ModelForm(props: Props) {
  const editing = props.mode === "edit";
  const model = editing ? props.model : undefined;
  const [form, fields] = useSchemaForm({
    id: modelFormId(model),
    schema: ModelFormSchema,
    lastResult: props.lastResult,
    defaultValue: modelDefaultValues(model),
  });
  const FormElement = editing ? props.fetcher.Form : Form;
  return (
    <FormElement
      method="post"
      {...getFormProps(form)}
      aria-label={model ? `Edit ${model.name}` : "New model"}
      className="space-y-6"
    >
      {form.errors?.length ? (
        <Alert tone="error" title="The model can't be saved yet.">
          {form.errors.join(" ")}
        </Alert>
      ) : null}
      <IdentitySection fields={fields as ModelFields} editing={editing} />
      <PricingSection
        fields={fields as ModelFields}
        values={(form.value ?? {}) as Record<string, unknown>}
      />
      <InputsSection
        fields={fields as ModelFields}
        onEdited={(name) => form.validate({ name })}
      />
      <FlagsSection fields={fields as ModelFields} />
      <LifecycleSection
        fields={fields as ModelFields}
        modelIds={props.modelIds?.filter((id) => id !== model?.modelId)}
      />
      <ReplicateSection fields={fields as ModelFields} />
      <div className="flex flex-wrap gap-3">
        <Button
          type="submit"
          size="lg"
          disabled={props.submitting}
          {...(editing ? { name: "intent", value: "update" } : {})}
        >
          {editing
            ? props.submitting
              ? "Saving…"
              : "Save changes"
            : props.submitting
              ? "Creating…"
              : "Create model"}
        </Button>
        <Link
          to={editing ? props.cancelTo : "/admin/models"}
          replace={editing}
          preventScrollReset={editing}
          className={buttonClasses("secondary", "lg")}
        >
          Cancel
        </Link>
      </div>
    </FormElement>
  );
}
