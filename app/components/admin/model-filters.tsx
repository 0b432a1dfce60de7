/**
 * The ModelManager's filters, kept in the URL so they survive reloads and
 * work without JavaScript (a GET form): category (All, Premium, Budget,
 * Experimental), a search over name, modelId, provider and tags, and "show
 * deleted". With JavaScript every change applies at once.
 */
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { MODEL_CATEGORIES, type ModelDoc } from "~/utils/api";
import { formatQuality } from "~/utils/misc";
import { useHydrated } from "~/utils/use-hydrated";
import { OptionPills } from "../option-pills";
import { Button } from "../ui/button";
import { inputClasses } from "../ui/field";
import { useFilterSubmit } from "./use-filter-submit";

/** The category filter's choices ("" = all), from the backend's categories. */
export const CATEGORY_FILTERS: readonly { value: string; label: string }[] = [
  { value: "", label: "All" },
  ...MODEL_CATEGORIES.map((category) => ({
    value: category,
    label: formatQuality(category),
  })),
];

/** The filters as read from the URL. */
export type ModelFilterState = {
  q: string;
  category: string;
  deleted: boolean;
};

/** Reads the filters from search params (unknown categories mean "all"). */
export function readModelFilters(params: URLSearchParams): ModelFilterState {
  const category = params.get("category") ?? "";
  return {
    q: params.get("q")?.trim() ?? "",
    category: CATEGORY_FILTERS.some((c) => c.value === category)
      ? category
      : "",
    deleted: params.get("deleted") === "1",
  };
}

/** The models that match the category and the search words. */
export function filterModels(
  models: ModelDoc[],
  { q, category }: ModelFilterState,
): ModelDoc[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return models.filter((model) => {
    if (category && model.category !== category) return false;
    const haystack = [
      model.name,
      model.modelId,
      model.provider,
      ...(model.tags ?? []),
    ]
      .join(" ")
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The filter bar (a GET form applied as it changes). */
export function ModelFilters({ filters }: { filters: ModelFilterState }) {
  const onChange = useFilterSubmit();
  const hydrated = useHydrated();
  // The pills are controlled: follow clicks at once, and the URL after.
  const [category, setCategory] = useState(filters.category);
  useEffect(() => setCategory(filters.category), [filters.category]);
  return (
    <Form
      method="get"
      role="search"
      aria-label="Filter models"
      replace
      preventScrollReset
      onChange={onChange}
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:flex-row lg:items-end"
    >
      <OptionPills
        name="category"
        legend="Category"
        value={category}
        onChange={setCategory}
        options={CATEGORY_FILTERS.map((c) => ({
          value: c.value,
          label: c.label,
        }))}
      />
      <div className="w-full lg:max-w-xs">
        <label
          htmlFor="model-search"
          className="block text-sm font-medium text-slate-900"
        >
          Search
        </label>
        <input
          id="model-search"
          name="q"
          type="search"
          defaultValue={filters.q}
          placeholder="Name, ID, provider or tag"
          autoComplete="off"
          className={`mt-1.5 ${inputClasses()}`}
        />
      </div>
      <div className="flex items-center gap-2 lg:pb-2">
        <input
          id="show-deleted"
          name="deleted"
          type="checkbox"
          value="1"
          defaultChecked={filters.deleted}
          className="h-4 w-4 rounded border-slate-400 text-indigo-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        />
        <label
          htmlFor="show-deleted"
          className="text-sm font-medium text-slate-900"
        >
          Show deleted
        </label>
      </div>
      {hydrated ? null : (
        <Button type="submit" variant="secondary">
          Apply
        </Button>
      )}
    </Form>
  );
}
