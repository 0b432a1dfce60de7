/**
 * The credit package form (new and edit) of `/admin/packages`, on the one
 * form layer (ADR 0015): conform with `PackageSchema`, the schema the
 * action parses with; messages next to each field, the backend's
 * refusals too. Without JavaScript the same form posts and the action's
 * answer (`lastResult`) shows the same messages.
 */
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { ShopActionResult } from "~/utils/admin-shop.server";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { CheckboxField, TextField } from "../ui/form-fields";
import { useSchemaForm } from "../use-schema-form";
import { PackageSchema } from "./shop-schemas";

/** A package as the admin list returns it (the fields the form edits). */
export type EditablePackage = {
  packageId: string;
  name: string;
  credits: number;
  bonusCredits: number;
  priceCents: number;
  sortOrder: number;
  badge?: string;
  isActive: boolean;
};

export function PackageForm({
  pkg,
  result,
}: {
  pkg?: EditablePackage;
  /** The page action's last answer (shown only when it is this form's). */
  result?: ShopActionResult;
}) {
  const key = pkg?.packageId ?? "new";
  const mine = result?.key === key ? result : undefined;
  const navigation = useNavigation();
  const busy =
    navigation.state !== "idle" &&
    (navigation.formData?.get("packageId") ?? "new") === key;
  const [form, fields] = useSchemaForm({
    id: `package-${key}`,
    schema: PackageSchema,
    lastResult: mine?.result as SubmissionResult<string[]> | undefined,
    defaultValue: {
      name: pkg?.name ?? "",
      credits: pkg ? String(pkg.credits) : "",
      bonusCredits: String(pkg?.bonusCredits ?? 0),
      price: pkg ? (pkg.priceCents / 100).toFixed(2) : "",
      sortOrder: String(pkg?.sortOrder ?? 0),
      badge: pkg?.badge ?? "",
      isActive: (pkg?.isActive ?? true) ? "on" : undefined,
    },
  });
  const formError =
    mine && !mine.ok && mine.error && !mine.error.field
      ? mine.error
      : undefined;
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-3"
      aria-label={pkg ? `Edit ${pkg.name}` : "New package"}
    >
      <input
        type="hidden"
        name="intent"
        value={pkg ? "update-package" : "create-package"}
      />
      {pkg ? (
        <input type="hidden" name="packageId" value={pkg.packageId} />
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <TextField field={fields.name} label="Name" autoComplete="off" />
        <TextField
          field={fields.credits}
          label="Credits"
          inputMode="numeric"
          autoComplete="off"
        />
        <TextField
          field={fields.bonusCredits}
          label="Bonus credits"
          inputMode="numeric"
          autoComplete="off"
        />
        <TextField
          field={fields.price}
          label="Price (US$)"
          inputMode="decimal"
          autoComplete="off"
        />
        <TextField
          field={fields.sortOrder}
          label="Order"
          inputMode="numeric"
          autoComplete="off"
        />
        <TextField
          field={fields.badge}
          label="Badge (optional)"
          placeholder="Best value"
          autoComplete="off"
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <CheckboxField field={fields.isActive} label="On sale" />
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : pkg ? "Save changes" : "Add package"}
        </Button>
      </div>
      {formError ? (
        <Alert tone="error" title={formError.message}>
          {formError.detail}
        </Alert>
      ) : mine?.ok ? (
        <Alert tone="success">{pkg ? "Saved." : "Package added."}</Alert>
      ) : null}
    </Form>
  );
}
