/**
 * Plans, overrides and unlocks of one user on the admin user page (issue
 * 12): the plan they are on (and assigning another), their per-model
 * overrides (access and/or a price, with a reason and an optional expiry;
 * add and remove) and their unlocks (grant free of charge, revoke). Live
 * from `plans.getUserAccess`; each form posts its own intent to the page's
 * action through a fetcher, and works as a plain post without JavaScript.
 */
import {
  getFormProps,
  getSelectProps,
  type FormMetadata,
} from "@conform-to/react";
import { useActionData, useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import type { UserActionData } from "~/utils/admin-users.server";
import { cx, formatCostPerSecond, formatCredits } from "~/utils/misc";
import { formatInZone, zonedTimeToUtc } from "~/utils/zoned-time";
import { Alert } from "../../ui/alert";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { DateTime } from "../../ui/date-time";
import { FieldError, inputClasses } from "../../ui/field";
import { SelectField, TextField, TimeZoneField } from "../../ui/form-fields";
import { useSchemaForm } from "../../use-schema-form";
import { useTimeZones } from "../../use-time-zones";
import { Card } from "../card";
import { AssignPlanSchema, GrantUnlockSchema, OverrideSchema } from "./schemas";

/** What `plans.getUserAccess` answers. */
export type UserAccess = {
  planId: string | null;
  plan: {
    planId: string;
    name: string;
    priceMultiplier?: number;
    monthlyCredits?: number;
  } | null;
  overrides: {
    modelId: string;
    allowed?: boolean;
    costPerSecond?: number;
    expiresAt?: number;
    reason?: string;
    updatedAt: number;
    active: boolean;
  }[];
  unlocks: { modelId: string; credits: number; createdAt: number }[];
};

/** A plan to choose from. */
export type PlanOption = { planId: string; name: string };
/** A model to choose from. */
export type ModelOption = {
  modelId: string;
  name: string;
  unlockCredits?: number;
};

/** One fetcher per intent group, and its answer (also after a plain post). */
function useAccessFetcher(key: string, intents: string[]) {
  const fetcher = useFetcher<UserActionData>({ key });
  const page = useActionData<UserActionData>();
  const answer =
    fetcher.data ?? (page && intents.includes(page.intent) ? page : undefined);
  const busy =
    fetcher.state !== "idle" &&
    intents.includes(String(fetcher.formData?.get("intent")));
  return { fetcher, answer, busy };
}

function Feedback({ answer }: { answer?: UserActionData }) {
  if (!answer) return null;
  if (answer.ok)
    return (
      <p role="status" className="mb-3 text-sm font-medium text-emerald-800">
        {answer.message}
      </p>
    );
  if (answer.error && !answer.error.field)
    return (
      <Alert tone="error" title={answer.error.message} className="mb-3">
        {answer.error.detail}
      </Alert>
    );
  return null;
}

function modelName(models: ModelOption[], modelId: string) {
  return models.find((m) => m.modelId === modelId)?.name ?? modelId;
}

/** A model select's options: a "Choose a model…" prompt, then each model. */
function modelOptions(
  models: ModelOption[],
  label: (model: ModelOption) => string,
) {
  return [
    { value: "", label: "Choose a model…" },
    ...models.map((m) => ({ value: m.modelId, label: label(m) })),
  ];
}

type AccessFetcher = ReturnType<typeof useFetcher<UserActionData>>;

/** What the set-override and grant-unlock forms take. */
type AccessFormProps = {
  fetcher: AccessFetcher;
  models: ModelOption[];
  busy: boolean;
  lastResult?: UserActionData["result"];
};

/**
 * The scaffolding every access form shares: a fetcher post with conform's
 * form props, an optional heading, the hidden `intent`, the fields
 * (children) and a submit button that reads "Saving…" while busy.
 */
function AccessForm<Schema extends Record<string, unknown>>({
  fetcher,
  form,
  label,
  intent,
  busy,
  submit,
  heading,
  className,
  buttonVariant,
  buttonClassName,
  children,
}: {
  fetcher: AccessFetcher;
  form: FormMetadata<Schema, string[]>;
  /** The form's accessible name. */
  label: string;
  intent: string;
  busy: boolean;
  /** The submit button's text when idle. */
  submit: string;
  heading?: string;
  className: string;
  buttonVariant?: "secondary";
  buttonClassName: string;
  children: ReactNode;
}) {
  return (
    <fetcher.Form
      method="post"
      {...getFormProps(form)}
      aria-label={label}
      className={className}
    >
      {heading ? (
        <h3 className="mb-3 text-sm font-semibold text-slate-900">{heading}</h3>
      ) : null}
      <input type="hidden" name="intent" value={intent} />
      {children}
      <Button
        type="submit"
        variant={buttonVariant}
        disabled={busy}
        className={buttonClassName}
      >
        {busy ? "Saving…" : submit}
      </Button>
    </fetcher.Form>
  );
}

/**
 * The key and last result of the form that posts `intent`: a fresh key
 * after each success empties the form; a refusal goes back to conform.
 */
function formAnswer(
  answer: UserActionData | undefined,
  intent: string,
  initialKey: string,
) {
  const mine = answer?.intent === intent ? answer : undefined;
  return {
    key: mine?.ok ? mine.at : initialKey,
    lastResult: mine && !mine.ok ? mine.result : undefined,
  };
}

/**
 * The small danger button of a listed override or unlock: a plain post of
 * `intent` with the row's `modelId`, labelled for screen readers with the
 * model's name ("Remove the override of Veo 3").
 */
function RowRemoveForm({
  fetcher,
  intent,
  modelId,
  busy,
  children,
  label,
}: {
  fetcher: AccessFetcher;
  intent: string;
  modelId: string;
  busy: boolean;
  children: ReactNode;
  label: string;
}) {
  return (
    <fetcher.Form method="post" className="shrink-0">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="modelId" value={modelId} />
      <Button
        type="submit"
        variant="danger"
        size="sm"
        disabled={busy}
        aria-label={label}
      >
        {children}
      </Button>
    </fetcher.Form>
  );
}

/** The user's plan and the assign form. */
export function PlanCard({
  access,
  plans,
}: {
  access: UserAccess;
  plans: PlanOption[];
}) {
  const { fetcher, answer, busy } = useAccessFetcher("access:plan", [
    "assign-plan",
  ]);
  const [form, fields] = useSchemaForm({
    id: "assign-plan",
    schema: AssignPlanSchema,
    lastResult: answer && !answer.ok ? answer.result : undefined,
    defaultValue: { planId: access.planId ?? "" },
  });
  const { key: _key, ...selectProps } = getSelectProps(fields.planId);
  return (
    <Card title="Plan" id="plan-heading">
      <Feedback answer={answer} />
      {access.plan ? (
        <div className="mb-4">
          <p className="text-lg font-semibold text-slate-900">
            {access.plan.name}
          </p>
          <p className="text-sm text-slate-600">
            Prices ×{access.plan.priceMultiplier ?? 1}
            {access.plan.monthlyCredits
              ? ` · ${formatCredits(access.plan.monthlyCredits)} a month`
              : ""}
          </p>
        </div>
      ) : (
        <p className="mb-4 text-sm text-slate-600">
          No plan: every model at list price.
        </p>
      )}
      <AccessForm
        fetcher={fetcher}
        form={form}
        label="Assign a plan"
        intent="assign-plan"
        busy={busy}
        submit="Assign plan"
        className="space-y-3"
        buttonClassName="w-full sm:w-auto"
      >
        <div className="min-w-0">
          <label
            htmlFor={fields.planId.id}
            className="block text-sm font-medium text-slate-900"
          >
            Put on plan
          </label>
          <select
            {...selectProps}
            // Follows the live plan once another admin changes it.
            key={access.planId ?? ""}
            defaultValue={access.planId ?? ""}
            className={cx("mt-1.5", inputClasses())}
          >
            <option value="">No plan (list prices)</option>
            {plans.map((plan) => (
              <option key={plan.planId} value={plan.planId}>
                {plan.name} ({plan.planId})
              </option>
            ))}
          </select>
          <FieldError
            id={fields.planId.errorId}
            errors={fields.planId.errors}
          />
        </div>
      </AccessForm>
    </Card>
  );
}

function OverrideTerms({ o }: { o: UserAccess["overrides"][number] }) {
  const parts: ReactNode[] = [];
  if (o.allowed === true) parts.push(<Badge tone="green">Allowed</Badge>);
  if (o.allowed === false) parts.push(<Badge tone="red">Denied</Badge>);
  if (o.costPerSecond !== undefined)
    parts.push(<span>{formatCostPerSecond(o.costPerSecond)}</span>);
  return (
    <span className="flex flex-wrap items-center gap-2">
      {parts.map((part, i) => (
        <span key={i}>{part}</span>
      ))}
    </span>
  );
}

/** The user's overrides (remove) and the form that sets one. */
export function OverridesCard({
  access,
  models,
}: {
  access: UserAccess;
  models: ModelOption[];
}) {
  const { fetcher, answer, busy } = useAccessFetcher("access:override", [
    "set-override",
    "clear-override",
  ]);
  const setForm = formAnswer(answer, "set-override", "override");
  // Expiries are shown and typed in one zone: the admin's own by default.
  const zones = useTimeZones();
  return (
    <Card title="Overrides" id="overrides-heading" className="lg:col-span-2">
      <p className="-mt-1 mb-3 text-sm text-slate-600">
        Per model, for this user only: allow or deny it whatever the plan says,
        and/or a price per second instead of the list price (the plan&apos;s
        multiplier still applies).
      </p>
      <Feedback answer={answer} />
      {access.overrides.length === 0 ? (
        <p className="mb-4 rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">
          No overrides.
        </p>
      ) : (
        <ul
          aria-label="Overrides"
          className="mb-4 divide-y divide-slate-100 rounded-md border border-slate-200"
        >
          {access.overrides.map((o) => (
            <li
              key={o.modelId}
              className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between"
            >
              <div className="min-w-0 text-sm">
                <p className="font-medium text-slate-900">
                  {modelName(models, o.modelId)}{" "}
                  <span className="break-all font-mono text-xs text-slate-600">
                    {o.modelId}
                  </span>
                </p>
                <div className="mt-1 flex flex-wrap items-center gap-2 text-slate-700">
                  <OverrideTerms o={o} />
                  {o.expiresAt !== undefined ? (
                    <span className={o.active ? undefined : "text-red-700"}>
                      {o.active ? "until" : "expired"}{" "}
                      <time dateTime={new Date(o.expiresAt).toISOString()}>
                        {formatInZone(o.expiresAt, zones.zone)}
                      </time>
                      {zones.zone !== "UTC" ? (
                        <span className="text-slate-600">
                          {" "}
                          ({formatInZone(o.expiresAt, "UTC")})
                        </span>
                      ) : null}
                    </span>
                  ) : null}
                </div>
                {o.reason ? (
                  <p className="mt-1 text-slate-600">Reason: {o.reason}</p>
                ) : null}
              </div>
              <RowRemoveForm
                fetcher={fetcher}
                intent="clear-override"
                modelId={o.modelId}
                busy={busy}
                label={`Remove the override of ${modelName(models, o.modelId)}`}
              >
                Remove
              </RowRemoveForm>
            </li>
          ))}
        </ul>
      )}
      <OverrideForm
        key={setForm.key}
        fetcher={fetcher}
        models={models}
        busy={busy}
        zones={zones}
        lastResult={setForm.lastResult}
      />
    </Card>
  );
}

function OverrideForm({
  fetcher,
  models,
  busy,
  lastResult,
  zones: { zones, zone, setZone },
}: AccessFormProps & { zones: ReturnType<typeof useTimeZones> }) {
  const [form, fields] = useSchemaForm({
    id: "override",
    schema: OverrideSchema,
    lastResult,
    defaultValue: { access: "plan" },
  });
  const typed = String(fields.expiresAt.value ?? "");
  const at = typed ? zonedTimeToUtc(typed, zone) : null;
  return (
    <AccessForm
      fetcher={fetcher}
      form={form}
      label="Set an override"
      heading="Set an override"
      intent="set-override"
      busy={busy}
      submit="Save override"
      className="rounded-md border border-slate-200 bg-slate-50 p-3 sm:p-4"
      buttonClassName="mt-4 w-full sm:w-auto"
    >
      {form.errors?.length ? (
        <Alert tone="error" className="mb-3">
          {form.errors.join(" ")}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          field={fields.modelId}
          label="Model"
          options={modelOptions(models, (m) => `${m.name} (${m.modelId})`)}
        />
        <SelectField
          field={fields.access}
          label="Access"
          options={[
            { value: "plan", label: "As the plan says" },
            { value: "allow", label: "Allow" },
            { value: "deny", label: "Deny" },
          ]}
        />
        <TextField
          field={fields.costPerSecond}
          label="Custom price (US$ per second)"
          hint="Optional. Empty keeps the list price."
          inputMode="decimal"
          autoComplete="off"
        />
        <TextField
          field={fields.reason}
          label="Why"
          hint="Optional; kept in the audit trail."
          autoComplete="off"
        />
        <TextField
          field={fields.expiresAt}
          label={`Expires (${zone})`}
          hint={
            at !== null
              ? zone === "UTC"
                ? `It stops applying at ${formatInZone(at, "UTC")}.`
                : `It stops applying at ${formatInZone(at, zone)} = ${formatInZone(at, "UTC")}.`
              : `Optional: a date and time in ${zone}; it stops applying then.`
          }
          type="datetime-local"
        />
        <TimeZoneField
          field={fields.timeZone}
          label="Expiry time zone"
          zones={zones}
          zone={zone}
          onZone={setZone}
        />
      </div>
    </AccessForm>
  );
}

/** The user's unlocks (revoke) and the form that grants one. */
export function UnlocksCard({
  access,
  models,
}: {
  access: UserAccess;
  models: ModelOption[];
}) {
  const { fetcher, answer, busy } = useAccessFetcher("access:unlock", [
    "grant-unlock",
    "revoke-unlock",
  ]);
  const grantForm = formAnswer(answer, "grant-unlock", "unlock");
  const unlocked = new Set(access.unlocks.map((u) => u.modelId));
  const lockable = models.filter(
    (m) => m.unlockCredits !== undefined && !unlocked.has(m.modelId),
  );
  return (
    <Card title="Unlocks" id="unlocks-heading">
      <Feedback answer={answer} />
      {access.unlocks.length === 0 ? (
        <p className="mb-4 text-sm text-slate-600">No unlocked models.</p>
      ) : (
        <ul aria-label="Unlocks" className="mb-4 space-y-2">
          {access.unlocks.map((u) => (
            <li
              key={u.modelId}
              className="flex items-center justify-between gap-3 text-sm"
            >
              <span className="min-w-0">
                <span className="font-medium text-slate-900">
                  {modelName(models, u.modelId)}
                </span>
                <span className="block text-slate-600">
                  {u.credits > 0
                    ? `bought for ${formatCredits(u.credits)}`
                    : "granted"}{" "}
                  · <DateTime value={u.createdAt} />
                </span>
              </span>
              <RowRemoveForm
                fetcher={fetcher}
                intent="revoke-unlock"
                modelId={u.modelId}
                busy={busy}
                label={`Revoke the unlock of ${modelName(models, u.modelId)}`}
              >
                Revoke
              </RowRemoveForm>
            </li>
          ))}
        </ul>
      )}
      {lockable.length === 0 ? (
        <p className="text-sm text-slate-600">
          No other model needs an unlock.
        </p>
      ) : (
        <GrantUnlockForm
          key={grantForm.key}
          fetcher={fetcher}
          models={lockable}
          busy={busy}
          lastResult={grantForm.lastResult}
        />
      )}
    </Card>
  );
}

function GrantUnlockForm({
  fetcher,
  models,
  busy,
  lastResult,
}: AccessFormProps) {
  const [form, fields] = useSchemaForm({
    id: "unlock",
    schema: GrantUnlockSchema,
    lastResult,
  });
  return (
    <AccessForm
      fetcher={fetcher}
      form={form}
      label="Grant an unlock"
      intent="grant-unlock"
      busy={busy}
      submit="Grant unlock"
      className="space-y-3"
      buttonVariant="secondary"
      buttonClassName="w-full sm:w-auto"
    >
      <SelectField
        field={fields.modelId}
        label="Unlock for free"
        options={modelOptions(
          models,
          (m) => `${m.name} (unlock ${formatCredits(m.unlockCredits ?? 0)})`,
        )}
      />
      <TextField
        field={fields.reason}
        label="Why"
        hint="Optional; kept in the audit trail."
        autoComplete="off"
      />
    </AccessForm>
  );
}
