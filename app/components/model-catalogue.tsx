/**
 * The live model catalogue as cards: what each model is, its flags and its
 * exact credit price for every duration it can make.
 */
import type { ModelWithCosts } from "~/utils/api";
import {
  formatCostPerSecond,
  formatCredits,
  formatQuality,
  formatUsd,
} from "~/utils/misc";
import { ModelBadges } from "./model-badges";
import { EmptyState } from "~/components/ui/empty-state";

/** The model fields a catalogue card shows (a subset of `ModelWithCosts`). */
export type CatalogueModel = Pick<
  ModelWithCosts,
  | "_id"
  | "modelId"
  | "name"
  | "description"
  | "provider"
  | "category"
  | "costPerSecond"
  | "isDefault"
  | "isPremium"
  | "isDeprecated"
  | "fixedDuration"
  | "supportedQualities"
  | "pricedQuality"
  | "creditCosts"
>;

function ModelCard({ model }: { model: CatalogueModel }) {
  const headingId = `model-${model._id}`;
  return (
    <article
      aria-labelledby={headingId}
      className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={headingId} className="text-lg font-semibold text-slate-900">
            {model.name}
          </h3>
          <p className="text-sm text-slate-600">
            {model.provider} · <code className="text-xs">{model.modelId}</code>
          </p>
        </div>
        <ModelBadges model={model} />
      </div>
      {model.description ? (
        <p className="mt-3 text-sm text-slate-700">{model.description}</p>
      ) : null}
      <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
        <div>
          <dt className="text-slate-600">Price</dt>
          <dd className="font-medium text-slate-900">
            {formatCostPerSecond(model.costPerSecond)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Qualities</dt>
          <dd className="font-medium text-slate-900">
            {model.supportedQualities.map(formatQuality).join(", ")}
          </dd>
        </div>
      </dl>
      <div className="mt-4 border-t border-slate-100 pt-4">
        <p className="text-sm text-slate-600">
          {model.fixedDuration !== undefined
            ? "Fixed length"
            : "Cost by length"}{" "}
          · {formatQuality(model.pricedQuality)} quality
        </p>
        <ul className="mt-2 flex flex-wrap gap-2">
          {model.creditCosts.map(({ duration, credits }) => (
            <li
              key={duration}
              className="rounded-md bg-slate-50 px-2.5 py-1.5 text-sm ring-1 ring-inset ring-slate-200"
            >
              <span className="font-semibold text-slate-900">{duration} s</span>
              <span className="text-slate-500"> · </span>
              <span className="tabular-nums text-slate-900">
                {formatCredits(credits)}
              </span>
              <span className="text-slate-600"> ({formatUsd(credits)})</span>
            </li>
          ))}
        </ul>
      </div>
    </article>
  );
}

/** A responsive grid of model cards, or a note when the catalogue is empty. */
export function ModelCatalogue({ models }: { models: CatalogueModel[] }) {
  if (models.length === 0) {
    return (
      <EmptyState>
        No models are available right now. Check back soon.
      </EmptyState>
    );
  }
  return (
    <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
      {models.map((model) => (
        <ModelCard key={model._id} model={model} />
      ))}
    </div>
  );
}
