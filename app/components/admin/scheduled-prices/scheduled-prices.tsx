/**
 * A model's scheduled price changes on its admin page (issue 12): the
 * pending ones, soonest first, each with what a video will cost from then
 * and a Cancel button; and the form that schedules a new one at a date and
 * time in an explicit time zone (UTC, or the admin's own). Posts
 * `intent=schedule-price` / `cancel-price` to the page's model action
 * through one fetcher; the list is the live model's
 * `scheduledPriceChanges`, so it updates when a change applies.
 */
import { getFormProps, getInputProps } from "@conform-to/react";
import { useActionData, useFetcher } from "@remix-run/react";
import type { ScheduleActionData } from "~/utils/admin-schedules.server";
import { type ModelDoc } from "~/utils/api";
import {
  allowedDurations,
  creditCostFor,
  defaultQuality,
} from "~/utils/model-rules";
import { formatCostPerSecond, formatCredits, cx } from "~/utils/misc";
import { formatInZone, zonedTimeToUtc } from "~/utils/zoned-time";
import { Alert } from "../../ui/alert";
import { Button } from "../../ui/button";
import { FieldError, inputClasses } from "../../ui/field";
import { TimeZoneField } from "../../ui/form-fields";
import { useSchemaForm } from "../../use-schema-form";
import { useTimeZones } from "../../use-time-zones";
import { SchedulePriceSchema } from "./schema";
import { EmptyState } from "~/components/ui/empty-state";

type Change = NonNullable<ModelDoc["scheduledPriceChanges"]>[number];

/** What the shortest video at the default quality costs at `costPerSecond`. */
function sampleCost(model: ModelDoc, costPerSecond: number) {
  const duration = allowedDurations(model)[0];
  if (duration === undefined) return null;
  const quality = defaultQuality(model);
  try {
    return {
      duration,
      credits: creditCostFor({ ...model, costPerSecond }, duration, quality),
    };
  } catch {
    return null;
  }
}

function PendingChange({
  model,
  change,
  zone,
  fetcher,
}: {
  model: ModelDoc;
  change: Change;
  zone: string;
  fetcher: ReturnType<typeof useFetcher<ScheduleActionData>>;
}) {
  const canceling =
    fetcher.state !== "idle" &&
    fetcher.formData?.get("intent") === "cancel-price" &&
    fetcher.formData?.get("changeId") === change.changeId;
  const now = sampleCost(model, model.costPerSecond);
  const then = sampleCost(model, change.costPerSecond);
  const when = formatInZone(change.effectiveAt, zone);
  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="font-medium text-slate-900">
          {formatCostPerSecond(model.costPerSecond)} →{" "}
          {formatCostPerSecond(change.costPerSecond)}
        </p>
        <p className="text-sm text-slate-700">
          from{" "}
          <time dateTime={new Date(change.effectiveAt).toISOString()}>
            {when}
          </time>
          {zone !== "UTC" ? (
            <span className="text-slate-600">
              {" "}
              ({formatInZone(change.effectiveAt, "UTC")})
            </span>
          ) : null}
        </p>
        {now && then ? (
          <p className="text-sm text-slate-600">
            A {now.duration} s video: {formatCredits(now.credits)} →{" "}
            {formatCredits(then.credits)}
          </p>
        ) : null}
      </div>
      <fetcher.Form method="post" className="shrink-0">
        <input type="hidden" name="modelId" value={model.modelId} />
        <input type="hidden" name="changeId" value={change.changeId} />
        <Button
          type="submit"
          name="intent"
          value="cancel-price"
          variant="danger"
          size="sm"
          disabled={canceling}
          aria-label={`Cancel the change to ${formatCostPerSecond(change.costPerSecond)} from ${when}`}
        >
          {canceling ? "Canceling…" : "Cancel change"}
        </Button>
      </fetcher.Form>
    </li>
  );
}

/** Pending changes and the schedule form of `model`. */
export function ScheduledPrices({ model }: { model: ModelDoc }) {
  const fetcher = useFetcher<ScheduleActionData>({
    key: `schedule:${model.modelId}`,
  });
  const pageAnswer = useActionData<ScheduleActionData>();
  const answer =
    fetcher.data ??
    (pageAnswer?.modelId === model.modelId &&
    (pageAnswer.intent === "schedule-price" ||
      pageAnswer.intent === "cancel-price")
      ? pageAnswer
      : undefined);
  const { zones, zone, setZone } = useTimeZones();
  const pending = model.scheduledPriceChanges ?? [];
  const scheduled = answer?.intent === "schedule-price" && answer.ok;

  return (
    <div className="space-y-6">
      {answer?.ok ? (
        <p role="status" className="text-sm font-medium text-emerald-800">
          {answer.message}
        </p>
      ) : answer?.error && !answer.result ? (
        <Alert tone="error" title={answer.error.message}>
          {answer.error.detail}
        </Alert>
      ) : null}
      {pending.length === 0 ? (
        <EmptyState>No price change is scheduled.</EmptyState>
      ) : (
        <ol
          aria-label="Pending price changes"
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm"
        >
          {pending.map((change) => (
            <PendingChange
              key={change.changeId}
              model={model}
              change={change}
              zone={zone}
              fetcher={fetcher}
            />
          ))}
        </ol>
      )}
      <ScheduleForm
        // A fresh form after each scheduled change.
        key={scheduled ? answer.changeId : "form"}
        model={model}
        fetcher={fetcher}
        zones={zones}
        zone={zone}
        onZone={setZone}
        lastResult={
          answer?.intent === "schedule-price" && !answer.ok
            ? answer.result
            : undefined
        }
      />
    </div>
  );
}

function ScheduleForm({
  model,
  fetcher,
  zones,
  zone,
  onZone,
  lastResult,
}: {
  model: ModelDoc;
  fetcher: ReturnType<typeof useFetcher<ScheduleActionData>>;
  zones: string[];
  zone: string;
  onZone: (zone: string) => void;
  lastResult?: ScheduleActionData["result"];
}) {
  const [form, fields] = useSchemaForm({
    id: `schedule-${model._id}`,
    schema: SchedulePriceSchema,
    lastResult,
  });
  const submitting =
    fetcher.state !== "idle" &&
    fetcher.formData?.get("intent") === "schedule-price";
  const typed = String(fields.effectiveAt.value ?? "");
  const at = typed ? zonedTimeToUtc(typed, zone) : null;
  const price = Number(fields.costPerSecond.value);
  const preview =
    fields.costPerSecond.value && Number.isFinite(price)
      ? sampleCost(model, price)
      : null;
  const { key: _k1, ...priceProps } = getInputProps(fields.costPerSecond, {
    type: "text",
    ariaDescribedBy: fields.costPerSecond.descriptionId,
  });
  const { key: _k2, ...atProps } = getInputProps(fields.effectiveAt, {
    type: "datetime-local",
    ariaDescribedBy: fields.effectiveAt.descriptionId,
  });

  return (
    <fetcher.Form
      method="post"
      {...getFormProps(form)}
      aria-label="Schedule a price change"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
    >
      <h3 className="font-semibold text-slate-900">Schedule a price change</h3>
      <p className="mt-1 text-sm text-slate-600">
        The new price applies by itself at that moment; videos created before
        keep what they cost. Creators see &ldquo;from &lt;date&gt;: N
        credits&rdquo; in advance.
      </p>
      <input type="hidden" name="modelId" value={model.modelId} />
      {form.errors?.length ? (
        <Alert tone="error" className="mt-4">
          {form.errors.join(" ")}
        </Alert>
      ) : null}
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        <div>
          <label
            htmlFor={fields.costPerSecond.id}
            className="block text-sm font-medium text-slate-900"
          >
            New price (US$ per second)
          </label>
          <input
            {...priceProps}
            inputMode="decimal"
            autoComplete="off"
            className={cx(
              "mt-1.5",
              inputClasses(!!fields.costPerSecond.errors?.length),
            )}
          />
          <p
            id={fields.costPerSecond.descriptionId}
            className="mt-1.5 text-sm text-slate-600"
          >
            Now {formatCostPerSecond(model.costPerSecond)}
            {preview
              ? ` · a ${preview.duration} s video will cost ${formatCredits(preview.credits)}`
              : ""}
          </p>
          <FieldError
            id={fields.costPerSecond.errorId}
            errors={fields.costPerSecond.errors}
          />
        </div>
        <div>
          <label
            htmlFor={fields.effectiveAt.id}
            className="block text-sm font-medium text-slate-900"
          >
            Starts at ({zone})
          </label>
          <input
            {...atProps}
            className={cx(
              "mt-1.5",
              inputClasses(!!fields.effectiveAt.errors?.length),
            )}
          />
          <p
            id={fields.effectiveAt.descriptionId}
            className="mt-1.5 text-sm text-slate-600"
          >
            {at !== null
              ? zone === "UTC"
                ? formatInZone(at, "UTC")
                : `${formatInZone(at, zone)} = ${formatInZone(at, "UTC")}`
              : `Date and time in ${zone}.`}
          </p>
          <FieldError
            id={fields.effectiveAt.errorId}
            errors={fields.effectiveAt.errors}
          />
        </div>
        <TimeZoneField
          field={fields.timeZone}
          label="Time zone"
          zones={zones}
          zone={zone}
          onZone={onZone}
        />
      </div>
      <Button
        type="submit"
        name="intent"
        value="schedule-price"
        disabled={submitting}
        className="mt-4 w-full sm:w-auto"
      >
        {submitting ? "Scheduling…" : "Schedule price change"}
      </Button>
    </fetcher.Form>
  );
}
