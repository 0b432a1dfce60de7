import { useConvexAuth, useMutation } from "convex/react";
import { useEffect } from "react";
import { api } from "~/utils/api";

/**
 * Calls `users.store` once per browser session and person, as soon as Convex
 * has accepted the token, so the user record and its starter credits exist
 * before the first page needs them (API-CONTRACT: "Call it after every
 * sign-in"). Renders nothing.
 */
export function StoreUserOnce({ identityKey }: { identityKey: string | null }) {
  const { isAuthenticated } = useConvexAuth();
  const store = useMutation(api.users.store);
  useEffect(() => {
    if (!isAuthenticated || identityKey === null) return;
    const key = `videoai:user-stored:${identityKey}`;
    try {
      if (window.sessionStorage.getItem(key)) return;
    } catch {
      // Storage can be unavailable (privacy modes); storing twice is harmless.
    }
    store()
      .then(() => {
        try {
          window.sessionStorage.setItem(key, "1");
        } catch {
          /* see above */
        }
      })
      .catch((error: unknown) =>
        console.warn("Could not register the user record:", error),
      );
  }, [isAuthenticated, identityKey, store]);
  return null;
}
