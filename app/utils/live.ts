/**
 * Live data with a server-rendered fallback: pages render from their
 * loader's data (so they work without JavaScript), then switch to Convex
 * subscriptions once the browser is connected — and authenticated, for
 * queries that need a user (running those before the token is accepted would
 * fail with UNAUTHENTICATED).
 */
import {
  useConvexAuth,
  usePaginatedQuery,
  useQuery,
  type OptionalRestArgsOrSkip,
  type PaginatedQueryArgs,
  type PaginatedQueryItem,
  type PaginatedQueryReference,
} from "convex/react";
import type {
  FunctionArgs,
  FunctionReference,
  FunctionReturnType,
} from "convex/server";

/**
 * `useQuery` that returns `fallback` until the live value arrives.
 * @param requiresAuth skip the subscription until Convex accepted the token.
 */
export function useLiveQuery<
  Query extends FunctionReference<"query">,
  Fallback = FunctionReturnType<Query>,
>(
  query: Query,
  args: FunctionArgs<Query>,
  fallback: Fallback,
  { requiresAuth = false }: { requiresAuth?: boolean } = {},
): FunctionReturnType<Query> | Fallback {
  const { isAuthenticated } = useConvexAuth();
  const skip = requiresAuth && !isAuthenticated;
  // The cast bridges convex's conditional rest-args type for a generic Query.
  const live = useQuery(
    query,
    ...([skip ? "skip" : args] as unknown as OptionalRestArgsOrSkip<Query>),
  ) as FunctionReturnType<Query> | undefined;
  return live === undefined ? fallback : live;
}

/** A page of a paginated query as a loader fetched it. */
export type InitialPage<Item> = {
  page: Item[];
  isDone: boolean;
  continueCursor: string;
};

/** What `useLivePaginatedQuery` returns. */
export type LivePagination<Item> = {
  results: Item[];
  /** True when the list is live (JavaScript running and subscribed). */
  isLive: boolean;
  /** True while a further page is being fetched. */
  isLoadingMore: boolean;
  /** True when older items exist. */
  canLoadMore: boolean;
  /** Loads the next page (live mode only). */
  loadMore: () => void;
};

/**
 * `usePaginatedQuery` (authenticated) that shows the loader's first page
 * until the subscription has delivered its own first page. With `snapshot`
 * (a `?cursor=` page, the no-JavaScript "Load more") it shows the loader's
 * page as it is and subscribes to nothing.
 */
export function useLivePaginatedQuery<Query extends PaginatedQueryReference>(
  query: Query,
  args: PaginatedQueryArgs<Query>,
  initial: InitialPage<PaginatedQueryItem<Query>>,
  pageSize: number,
  { snapshot = false }: { snapshot?: boolean } = {},
): LivePagination<PaginatedQueryItem<Query>> {
  const { isAuthenticated } = useConvexAuth();
  const subscribe = isAuthenticated && !snapshot;
  const live = usePaginatedQuery(query, subscribe ? args : "skip", {
    initialNumItems: pageSize,
  });
  if (!subscribe || live.status === "LoadingFirstPage") {
    return {
      results: initial.page,
      isLive: false,
      isLoadingMore: false,
      canLoadMore: !initial.isDone,
      loadMore: () => {},
    };
  }
  return {
    results: live.results,
    isLive: true,
    isLoadingMore: live.status === "LoadingMore",
    canLoadMore: live.status === "CanLoadMore" || live.status === "LoadingMore",
    loadMore: () => live.loadMore(pageSize),
  };
}
