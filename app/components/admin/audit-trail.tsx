/**
 * A model's audit trail (seed 004 "Track all pricing changes"): who changed
 * what, old → new, and when, newest first. Creation entries list the
 * initial values inside a disclosure, since they name every field.
 */
import type { AuditAction, AuditChange } from "~/utils/api";
import { Badge, type BadgeTone } from "../ui/badge";
import { DateTime } from "../ui/date-time";
import { fieldLabel, formatFieldValue } from "./format";
import { EmptyState } from "~/components/ui/empty-state";
import type { ReactNode } from "react";

/** One entry as `models.getModelAuditTrail` returns it. */
export type AuditEntry = {
  _id: string;
  action: AuditAction;
  changes: AuditChange[];
  actor: string;
  createdAt: number;
};

const ACTIONS: Record<AuditAction, { label: string; tone: BadgeTone }> = {
  create: { label: "Created", tone: "green" },
  seed: { label: "Seeded", tone: "green" },
  update: { label: "Updated", tone: "indigo" },
  delete: { label: "Deleted", tone: "red" },
  restore: { label: "Restored", tone: "blue" },
  schedule_price: { label: "Price scheduled", tone: "amber" },
  cancel_price: { label: "Scheduled price canceled", tone: "red" },
  apply_price: { label: "Scheduled price applied", tone: "indigo" },
  sunset: { label: "Sunset", tone: "red" },
};

/** One changed field of an audit entry, "Label: old → new" (both trails). */
export function ChangeLine({
  label,
  from,
  to,
}: {
  label: ReactNode;
  from: ReactNode;
  to: ReactNode;
}) {
  return (
    <li className="break-words">
      <span className="font-medium text-slate-900">{label}</span>
      {": "}
      <del className="text-slate-600 decoration-slate-400">{from}</del>
      {" → "}
      <ins className="font-medium text-slate-900 no-underline">{to}</ins>
    </li>
  );
}

function Change({ change }: { change: AuditChange }) {
  return (
    <ChangeLine
      label={fieldLabel(change.field)}
      from={formatFieldValue(change.field, change.oldValue)}
      to={formatFieldValue(change.field, change.newValue)}
    />
  );
}

function InitialValues({ changes }: { changes: AuditChange[] }) {
  const shown = changes.filter((c) => c.field !== "createdAt");
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer rounded font-medium text-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
        Initial values ({shown.length} fields)
      </summary>
      <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_minmax(0,1fr)]">
        {shown.map((change) => (
          <div key={change.field} className="contents">
            <dt className="text-slate-600">{fieldLabel(change.field)}</dt>
            <dd className="break-words text-slate-900">
              {formatFieldValue(change.field, change.newValue)}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** The entries, newest first. */
export function AuditTrail({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) {
    return <EmptyState>No changes recorded yet.</EmptyState>;
  }
  return (
    <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
      {entries.map((entry) => {
        const { label, tone } = ACTIONS[entry.action];
        const initial = entry.action === "create" || entry.action === "seed";
        return (
          <li key={entry._id} className="p-4">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <Badge tone={tone}>{label}</Badge>
              <span className="font-medium text-slate-900">{entry.actor}</span>
              <span className="text-slate-600">
                <DateTime value={entry.createdAt} />
              </span>
            </div>
            {initial ? (
              <InitialValues changes={entry.changes} />
            ) : (
              <ul className="mt-2 space-y-1 text-sm">
                {entry.changes.map((change) => (
                  <Change key={change.field} change={change} />
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
