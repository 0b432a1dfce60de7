/**
 * The access audit trail (`plans:getAccessAuditTrail`, issues 9 and 12):
 * plans created and changed, plan assignments, price overrides, unlocks
 * (bought or granted), role changes and credit grants — who, when, what,
 * old → new, and the reason given. Newest first.
 */
import type { AuditChange } from "~/utils/api";
import { formatCostPerSecond, formatCredits } from "~/utils/misc";
import { Badge, type BadgeTone } from "../ui/badge";
import { DateTime } from "../ui/date-time";
import { formatFieldValue } from "./format";
import { EmptyState } from "~/components/ui/empty-state";
import { ChangeLine } from "./audit-trail";
import type { ReactNode } from "react";
import { LoadMore } from "~/components/load-more";
import type { LivePagination } from "~/utils/live";

/** One entry as `plans.getAccessAuditTrail` returns it. */
export type AccessAuditEntry = {
  _id: string;
  action: string;
  planId?: string;
  modelId?: string;
  changes: AuditChange[];
  reason?: string;
  actor: string;
  createdAt: number;
  userEmail?: string;
};

const ACTIONS: Record<string, { label: string; tone: BadgeTone }> = {
  plan_create: { label: "Plan created", tone: "green" },
  plan_update: { label: "Plan changed", tone: "indigo" },
  plan_assign: { label: "Plan assigned", tone: "violet" },
  override_set: { label: "Override set", tone: "amber" },
  override_clear: { label: "Override removed", tone: "red" },
  unlock: { label: "Unlocked", tone: "blue" },
  unlock_grant: { label: "Unlock granted", tone: "blue" },
  unlock_revoke: { label: "Unlock revoked", tone: "red" },
  role_set: { label: "Role changed", tone: "violet" },
  credits_grant: { label: "Credits granted", tone: "green" },
};

const LABELS: Record<string, string> = {
  planId: "Plan",
  name: "Name",
  allowedModelIds: "Models",
  allowedCategories: "Categories",
  priceMultiplier: "Price multiplier",
  monthlyCredits: "Monthly credits",
  isDefault: "Default plan",
  allowed: "Access",
  costPerSecond: "Price per second",
  expiresAt: "Expires",
  override: "Override",
  unlockCredits: "Unlock price",
  unlocked: "Unlocked",
  role: "Role",
  balance: "Balance",
};

/** A value of the trail for people ("none", "$0.10/s", "1,000 credits", …). */
function valueOf(field: string, value: unknown): string {
  if (value === null || value === undefined) {
    if (field === "allowedModelIds" || field === "allowedCategories")
      return "all";
    if (field === "planId") return "no plan";
    return "none";
  }
  if (field === "allowed" && typeof value === "boolean")
    return value ? "allowed" : "denied";
  if (field === "costPerSecond" && typeof value === "number")
    return formatCostPerSecond(value);
  if (
    (field === "balance" ||
      field === "monthlyCredits" ||
      field === "unlockCredits") &&
    typeof value === "number"
  )
    return formatCredits(value);
  if (field === "priceMultiplier" && typeof value === "number")
    return `×${value}`;
  if (field === "override" && typeof value === "object") {
    const o = value as {
      allowed?: boolean | null;
      costPerSecond?: number | null;
      expiresAt?: number | null;
    };
    return (
      [
        o.allowed === true ? "allowed" : o.allowed === false ? "denied" : null,
        typeof o.costPerSecond === "number"
          ? formatCostPerSecond(o.costPerSecond)
          : null,
        typeof o.expiresAt === "number"
          ? `until ${formatFieldValue("expiresAt", o.expiresAt)}`
          : null,
      ]
        .filter(Boolean)
        .join(", ") || "set"
    );
  }
  return formatFieldValue(field, value);
}

/** What an entry is about: the plan, the model, the user. */
function subjectOf(entry: AccessAuditEntry, showUser: boolean) {
  return [
    entry.modelId ? `model ${entry.modelId}` : null,
    entry.planId &&
    entry.action.startsWith("plan_") &&
    entry.action !== "plan_assign"
      ? `plan ${entry.planId}`
      : null,
    showUser && entry.userEmail ? `user ${entry.userEmail}` : null,
  ].filter(Boolean);
}

/** The entries, newest first; `showUser` names the user of each entry. */
export function AccessAuditTrail({
  entries,
  showUser = false,
}: {
  entries: AccessAuditEntry[];
  showUser?: boolean;
}) {
  if (entries.length === 0) {
    return <EmptyState>No changes recorded yet.</EmptyState>;
  }
  return (
    <ol
      aria-label="Access changes, newest first"
      className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      {entries.map((entry) => {
        const { label, tone } = ACTIONS[entry.action] ?? {
          label: entry.action,
          tone: "gray" as const,
        };
        const subject = subjectOf(entry, showUser);
        return (
          <li key={entry._id} className="p-4">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <Badge tone={tone}>{label}</Badge>
              <span className="font-medium text-slate-900">{entry.actor}</span>
              <span className="text-slate-600">
                <DateTime value={entry.createdAt} />
              </span>
              {subject.length > 0 ? (
                <span className="break-all text-slate-600">
                  {subject.join(" · ")}
                </span>
              ) : null}
            </div>
            <ul className="mt-2 space-y-1 text-sm">
              {entry.changes.map((change) => (
                <ChangeLine
                  key={change.field}
                  label={LABELS[change.field] ?? change.field}
                  from={valueOf(change.field, change.oldValue)}
                  to={valueOf(change.field, change.newValue)}
                />
              ))}
            </ul>
            {entry.reason ? (
              <p className="mt-1 text-sm text-slate-700">
                <span className="text-slate-600">Reason:</span> {entry.reason}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * A page's access audit section: its heading, what it covers, the live
 * trail and "Older changes" (the plans list, a plan, a user).
 */
export function AccessAuditSection({
  id,
  title,
  children,
  live,
  continueCursor,
  param,
  showUser = false,
}: {
  /** The heading's id (the section is labelled by it). */
  id: string;
  title: string;
  /** What the trail covers, one sentence. */
  children: ReactNode;
  live: LivePagination<unknown>;
  continueCursor: string;
  /** The page's cursor parameter for the no-JavaScript link. */
  param?: string;
  showUser?: boolean;
}) {
  return (
    <section aria-labelledby={id} className="mt-10">
      <h2 id={id} className="text-xl font-bold text-slate-900">
        {title}
      </h2>
      <p className="mb-4 mt-1 text-sm text-slate-600">{children}</p>
      <AccessAuditTrail
        entries={live.results as AccessAuditEntry[]}
        showUser={showUser}
      />
      <LoadMore
        live={live}
        continueCursor={continueCursor}
        param={param}
        label="Older changes"
      />
    </section>
  );
}
