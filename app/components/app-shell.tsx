/**
 * The app shell around every page: header (live balance), main column,
 * footer, and the one-time `users.store` call after sign-in.
 */
import { Outlet } from "@remix-run/react";
import type { ReactNode } from "react";
import { LiveSiteHeader } from "~/components/site-header";
import { SiteFooter } from "~/components/site-footer";
import { StoreUserOnce } from "~/components/store-user";
import type { RootLoaderData } from "~/utils/root-data";

/** The page's main landmark (the skip link's target). */
export function Main({ children }: { children: ReactNode }) {
  return (
    <main
      id="main"
      className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6"
    >
      {children}
    </main>
  );
}

/** Header, page and footer, with the sign-out control of the auth mode. */
export function Shell({
  root,
  signOut,
}: {
  root: RootLoaderData;
  signOut: ReactNode;
}) {
  return (
    <>
      <StoreUserOnce identityKey={root.user?.email ?? null} />
      <LiveSiteHeader root={root} signOut={signOut} />
      <Main>
        <Outlet />
      </Main>
      <SiteFooter authMode={root.ENV.AUTH_MODE} />
    </>
  );
}
