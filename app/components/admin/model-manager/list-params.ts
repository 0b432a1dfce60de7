/**
 * The ModelManager list's state, all in the URL (so a page survives a
 * reload, a shared link and works without JavaScript): search `q`, filters
 * `status` / `provider` / `category`, `sort` + `order`, the page's `cursor`
 * and the cursors of the pages before it (`prev`, repeated), for "Previous".
 */

/** Status filters, in the order the filter lists them. */
export const STATUS_FILTERS = [
  { value: "all", label: "All but deleted" },
  { value: "active", label: "Active" },
  { value: "inactive", label: "Inactive" },
  { value: "deprecated", label: "Deprecated" },
  { value: "paused", label: "Paused (health)" },
  { value: "deleted", label: "Deleted" },
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number]["value"];

/** Sort keys, with the column each belongs to. */
export const SORTS = [
  { value: "name", label: "Name" },
  { value: "price", label: "Price" },
  { value: "videos", label: "Videos" },
  { value: "success", label: "Success rate" },
  { value: "updated", label: "Last updated" },
  { value: "p50", label: "Typical time (p50)" },
] as const;
export type SortKey = (typeof SORTS)[number]["value"];
export type SortOrder = "asc" | "desc";

/** Models per page. */
export const PAGE_SIZE = 50;

export type ListParams = {
  q: string;
  status: StatusFilter;
  provider: string;
  category: string;
  sort: SortKey;
  order: SortOrder;
  cursor: string | null;
  prev: string[];
};

/** Reads the list state from the URL; unknown values fall back to defaults. */
export function readListParams(params: URLSearchParams): ListParams {
  const status = params.get("status") ?? "all";
  const sort = params.get("sort") ?? "name";
  return {
    q: params.get("q")?.trim().slice(0, 200) ?? "",
    status: STATUS_FILTERS.some((s) => s.value === status)
      ? (status as StatusFilter)
      : "all",
    provider: params.get("provider")?.trim() ?? "",
    category: params.get("category")?.trim() ?? "",
    sort: SORTS.some((s) => s.value === sort) ? (sort as SortKey) : "name",
    order: params.get("order") === "desc" ? "desc" : "asc",
    cursor: params.get("cursor") || null,
    prev: params.getAll("prev").slice(-50),
  };
}

/** The arguments of `modelManager.listModels` for a list state. */
export function listArgs(p: ListParams) {
  return {
    paginationOpts: { numItems: PAGE_SIZE, cursor: p.cursor },
    status: p.status,
    provider: p.provider || undefined,
    category: p.category || undefined,
    search: p.q || undefined,
    sort: p.sort,
    order: p.order,
  };
}

/** A query string for a list state (defaults left out). */
export function listHref(p: ListParams): string {
  const out = new URLSearchParams();
  if (p.q) out.set("q", p.q);
  if (p.status !== "all") out.set("status", p.status);
  if (p.provider) out.set("provider", p.provider);
  if (p.category) out.set("category", p.category);
  if (p.sort !== "name") out.set("sort", p.sort);
  if (p.order !== "asc") out.set("order", p.order);
  for (const cursor of p.prev) out.append("prev", cursor);
  if (p.cursor) out.set("cursor", p.cursor);
  const search = out.toString();
  return search ? `?${search}` : "?";
}

/** The same filters, back on the first page. */
export function firstPage(p: ListParams): ListParams {
  return { ...p, cursor: null, prev: [] };
}

/** The next page: the current cursor joins the trail. */
export function nextPage(p: ListParams, continueCursor: string): ListParams {
  return { ...p, prev: [...p.prev, p.cursor ?? ""], cursor: continueCursor };
}

/** The page before, or null on the first page. */
export function previousPage(p: ListParams): ListParams | null {
  if (p.prev.length === 0) return null;
  const prev = p.prev.slice(0, -1);
  const cursor = p.prev[p.prev.length - 1];
  return { ...p, prev, cursor: cursor || null };
}

/**
 * The header link of a sort column: that sort, ascending, or the other
 * direction when it is the current one (name A→Z first; numbers highest
 * first).
 */
export function sortHref(p: ListParams, sort: SortKey): string {
  const order: SortOrder =
    p.sort === sort
      ? p.order === "asc"
        ? "desc"
        : "asc"
      : sort === "name"
        ? "asc"
        : "desc";
  return listHref(firstPage({ ...p, sort, order }));
}
