/**
 * The Convex client for the browser and the two ways it gets a token:
 * - local mode: `/auth/token` (a JWT the app signs for the cookie session);
 * - clerk mode: Clerk's `useAuth().getToken({ template: "convex" })`, in
 *   `clerk-root.tsx`.
 * Both go through `ConvexProviderWithAuth`, so `useConvexAuth()` tells the
 * pages when authenticated queries may run.
 */
import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";

let browserClient: ConvexReactClient | undefined;

/**
 * One client per browser tab (it owns the WebSocket); a throwaway one per
 * server render, which never connects (ConvexReactClient is lazy).
 */
export function useConvexClient(url: string): ConvexReactClient {
  const [client] = useState(() => {
    if (typeof window === "undefined") return new ConvexReactClient(url);
    browserClient ??= new ConvexReactClient(url, {
      unsavedChangesWarning: false,
    });
    return browserClient;
  });
  return client;
}

type TokenCache = { token: string; expiresAt: number; identityKey: string };

function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(
      atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")),
    ) as {
      exp?: number;
    };
    return typeof payload.exp === "number" ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/**
 * Convex auth from the local sign-in. `identityKey` (the signed-in email, or
 * null when signed out) is the only input: when it changes, the cached token
 * is dropped and Convex re-authenticates.
 */
export function LocalConvexProvider({
  client,
  identityKey,
  children,
}: {
  client: ConvexReactClient;
  identityKey: string | null;
  children: ReactNode;
}) {
  const cache = useRef<TokenCache | null>(null);
  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
      if (identityKey === null) return null;
      const cached = cache.current;
      // Reuse a token with more than a minute left unless Convex asks for a new one.
      if (
        !forceRefreshToken &&
        cached?.identityKey === identityKey &&
        cached.expiresAt - Date.now() > 60_000
      ) {
        return cached.token;
      }
      try {
        const response = await fetch("/auth/token", {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          cache: "no-store",
        });
        if (!response.ok) return null;
        const body = (await response.json()) as { token?: unknown };
        if (typeof body.token !== "string") return null;
        cache.current = {
          token: body.token,
          expiresAt: expiryOf(body.token),
          identityKey,
        };
        return body.token;
      } catch {
        return null;
      }
    },
    // Re-created (and Convex re-authenticated) only when the person changes.
    [identityKey],
  );
  const useLocalAuth = useMemo(
    () =>
      function useLocalAuth() {
        return {
          isLoading: false,
          isAuthenticated: identityKey !== null,
          fetchAccessToken,
        };
      },
    [identityKey, fetchAccessToken],
  );
  return (
    <ConvexProviderWithAuth client={client} useAuth={useLocalAuth}>
      {children}
    </ConvexProviderWithAuth>
  );
}
