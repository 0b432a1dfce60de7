/**
 * One model in the ModelManager: name, ids and indicators; its price and
 * the credit cost of every allowed duration at its default quality; its
 * usage (videos, success rate, average generation time); the one-step
 * actions; and, when `?edit=` names it, the inline edit form.
 */
import { Link } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { ModelDoc } from "~/utils/api";
import { allowedDurations, creditCostFor, defaultQuality } from "~/utils/api";
import {
  cx,
  formatCostPerSecond,
  formatCredits,
  formatQuality,
} from "~/utils/misc";
import { formatAvgSeconds, formatCount, formatRate } from "./format";
import { ModelControls, useModelControls } from "./model-controls";
import { ModelStatusBadges } from "./model-status-badges";

/** Usage numbers of a model (a `models.listModelStats` row). */
export type ModelUsage = {
  createdGenerations: number;
  successfulGenerations: number;
  failedGenerations: number;
  successRate: number;
  averageGenerationTime: number;
};

/** `/admin/models/<modelId>`: the slash in a modelId stays a path separator. */
export function modelHref(modelId: string): string {
  return `/admin/models/${modelId.split("/").map(encodeURIComponent).join("/")}`;
}

/** Credit cost per allowed duration at the default quality. */
export function PricingGlance({ model }: { model: ModelDoc }) {
  let rows: { duration: number; credits: number }[] = [];
  let quality = "";
  try {
    quality = defaultQuality(model);
    rows = allowedDurations(model).map((duration) => ({
      duration,
      credits: creditCostFor(model, duration, quality),
    }));
  } catch {
    rows = [];
  }
  if (rows.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <span>
      <span className="flex flex-wrap gap-1.5">
        {rows.map((row) => (
          <span
            key={row.duration}
            className="whitespace-nowrap rounded bg-slate-100 px-1.5 py-0.5 tabular-nums text-slate-900"
          >
            {row.duration} s · {formatCredits(row.credits)}
          </span>
        ))}
      </span>
      <span className="mt-1 block text-xs text-slate-600">
        at {formatQuality(quality)}
      </span>
    </span>
  );
}

function Stat({
  label,
  children,
  className,
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cx("min-w-0", className)}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">
        {label}
      </dt>
      <dd className="mt-1 text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}

/** One model of the ModelManager list (see the module comment). */
export function ModelCard({
  model,
  usage,
  editing,
  editHref,
  closeHref,
}: {
  model: ModelDoc;
  usage?: ModelUsage;
  editing: boolean;
  editHref: string;
  closeHref: string;
}) {
  const controls = useModelControls(model.modelId, editing);
  const { open } = controls;
  const headingId = `model-${model._id}-name`;
  const cardRef = useRef<HTMLLIElement>(null);

  // Closing the editor returns focus to this card's Edit link.
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) {
      cardRef.current?.querySelector<HTMLElement>("[data-edit-link]")?.focus();
    }
    wasOpen.current = open;
  }, [open]);

  return (
    <li
      ref={cardRef}
      aria-labelledby={headingId}
      className={cx(
        "rounded-lg border bg-white p-4 shadow-sm sm:p-5",
        model.deletedAt !== undefined
          ? "border-dashed border-red-300 bg-red-50/30"
          : model.isActive
            ? "border-slate-200"
            : "border-slate-300 bg-slate-50",
      )}
    >
      <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0 lg:max-w-sm">
          <h3 id={headingId} className="text-lg font-semibold text-slate-900">
            <Link
              to={modelHref(model.modelId)}
              className="rounded hover:text-indigo-800 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              {model.name}
            </Link>
          </h3>
          <p className="mt-0.5 break-all font-mono text-xs text-slate-600">
            {model.modelId}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {model.provider}
            {model.tags?.length ? ` · ${model.tags.join(", ")}` : ""}
          </p>
          <div className="mt-2">
            <ModelStatusBadges model={model} />
          </div>
        </div>
        <dl className="grid grid-cols-3 gap-x-4 gap-y-3 sm:grid-cols-[auto_minmax(0,1fr)_auto_auto_auto] sm:gap-x-6 lg:min-w-[36rem]">
          <Stat label="Price">
            <span className="tabular-nums">
              {formatCostPerSecond(model.costPerSecond)}
            </span>
          </Stat>
          <Stat label="Cost per video" className="col-span-2 sm:col-span-1">
            <PricingGlance model={model} />
          </Stat>
          <Stat label="Videos">
            <span className="tabular-nums">
              {formatCount(usage?.createdGenerations ?? 0)}
            </span>
          </Stat>
          <Stat label="Success">
            <span className="tabular-nums">
              {usage ? formatRate(usage.successRate, usage) : "—"}
            </span>
          </Stat>
          <Stat label="Avg time">
            <span className="tabular-nums">
              {formatAvgSeconds(usage?.averageGenerationTime ?? 0)}
            </span>
          </Stat>
        </dl>
      </div>
      <div className="mt-4 space-y-3 border-t border-slate-100 pt-3">
        <ModelControls
          model={model}
          controls={controls}
          editHref={editHref}
          closeHref={closeHref}
          detailHref={modelHref(model.modelId)}
        />
      </div>
    </li>
  );
}
