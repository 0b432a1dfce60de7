/**
 * "Load more" for a live paginated list: a button that grows the live list,
 * or — before JavaScript takes over — a link to the next page
 * (`?<param>=<cursor>`). Used by every paginated page.
 */
import { Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { LivePagination } from "~/utils/live";
import { Button, buttonClasses } from "./ui/button";

/** The "load more" control of a list, or nothing when the list is complete. */
export function LoadMore({
  live,
  continueCursor,
  param = "cursor",
  label = "Load more",
}: {
  live: Pick<
    LivePagination<unknown>,
    "isLive" | "isLoadingMore" | "loadMore" | "canLoadMore"
  >;
  /** The loader page's cursor, for the link. */
  continueCursor: string;
  param?: string;
  label?: string;
}) {
  const [searchParams] = useSearchParams();
  if (!live.canLoadMore) return null;
  const next = new URLSearchParams(searchParams);
  next.set(param, continueCursor);
  return (
    <div className="mt-4 flex justify-center">
      {live.isLive ? (
        <Button
          variant="secondary"
          onClick={live.loadMore}
          disabled={live.isLoadingMore}
        >
          {live.isLoadingMore ? "Loading…" : label}
        </Button>
      ) : (
        <Link
          to={`?${next.toString()}`}
          preventScrollReset
          className={buttonClasses("secondary")}
        >
          {label}
        </Link>
      )}
    </div>
  );
}

/**
 * The note above a list opened at a later page (a `?cursor=` link, before
 * JavaScript): what is shown, and a link back to the first page.
 */
export function OlderPageNotice({
  children,
  newestHref,
}: {
  children: ReactNode;
  newestHref: string;
}) {
  return (
    <p className="mb-4 text-sm text-slate-600">
      {children}{" "}
      <Link to={newestHref} className="font-semibold text-indigo-700 underline">
        Back to the newest
      </Link>
    </p>
  );
}
