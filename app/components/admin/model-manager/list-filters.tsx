/**
 * The ModelManager's filter bar: a GET form (so it works without
 * JavaScript; with it every change applies at once, typing after a pause)
 * with search, status, provider, category and sort. Changing any of them
 * goes back to the first page. Choices come from the backend with their
 * counts (`modelManager.listModelFilters`).
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatQuality } from "~/utils/misc";
import { useHydrated } from "~/utils/use-hydrated";
import { Button } from "../../ui/button";
import { inputClasses } from "../../ui/field";
import { useFilterSubmit } from "../use-filter-submit";
import { SORTS, STATUS_FILTERS, type ListParams } from "./list-params";

/** A filter choice and its count. */
export type Choice = { value: string; count: number };

function Select({
  id,
  name,
  label,
  value,
  children,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-xs font-medium text-slate-900">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={value}
        key={value}
        className={`mt-1 ${inputClasses()} py-1.5`}
      >
        {children}
      </select>
    </div>
  );
}

/** The filter bar (see the module comment). */
export function ListFilters({
  params,
  providers,
  categories,
  statuses,
}: {
  params: ListParams;
  providers: Choice[];
  categories: Choice[];
  statuses: Choice[];
}) {
  const onChange = useFilterSubmit();
  const hydrated = useHydrated();
  const countOf = (status: string) =>
    statuses.find((s) => s.value === status)?.count ?? 0;
  // A value in the URL that no model has (any more) stays choosable.
  const withCurrent = (choices: Choice[], current: string) =>
    current && !choices.some((c) => c.value === current)
      ? [...choices, { value: current, count: 0 }]
      : choices;
  return (
    <Form
      method="get"
      role="search"
      aria-label="Filter models"
      replace
      preventScrollReset
      onChange={onChange}
      className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:grid-cols-3 lg:flex lg:flex-wrap lg:items-end"
    >
      <div className="col-span-2 min-w-0 sm:col-span-3 lg:min-w-[14rem] lg:flex-1">
        <label
          htmlFor="model-search"
          className="block text-xs font-medium text-slate-900"
        >
          Search
        </label>
        <input
          id="model-search"
          name="q"
          type="search"
          defaultValue={params.q}
          placeholder="Name, model ID or provider"
          autoComplete="off"
          className={`mt-1 ${inputClasses()} py-1.5`}
        />
      </div>
      <Select
        id="filter-status"
        name="status"
        label="Status"
        value={params.status}
      >
        {STATUS_FILTERS.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label} ({countOf(s.value)})
          </option>
        ))}
      </Select>
      <Select
        id="filter-provider"
        name="provider"
        label="Provider"
        value={params.provider}
      >
        <option value="">Any provider</option>
        {withCurrent(providers, params.provider).map((p) => (
          <option key={p.value} value={p.value}>
            {p.value} ({p.count})
          </option>
        ))}
      </Select>
      <Select
        id="filter-category"
        name="category"
        label="Category"
        value={params.category}
      >
        <option value="">Any category</option>
        {withCurrent(categories, params.category).map((c) => (
          <option key={c.value} value={c.value}>
            {formatQuality(c.value)} ({c.count})
          </option>
        ))}
      </Select>
      <div className="col-span-2 flex min-w-0 gap-2 sm:col-span-1">
        <Select
          id="filter-sort"
          name="sort"
          label="Sort by"
          value={params.sort}
        >
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </Select>
        <Select
          id="filter-order"
          name="order"
          label="Order"
          value={params.order}
        >
          <option value="asc">Ascending</option>
          <option value="desc">Descending</option>
        </Select>
      </div>
      {hydrated ? null : (
        <Button type="submit" variant="secondary" size="sm">
          Apply
        </Button>
      )}
    </Form>
  );
}
