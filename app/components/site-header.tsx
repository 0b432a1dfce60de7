/**
 * The app's header: product mark, navigation, and the signed-in person with
 * their live credit balance. `SiteHeader` is presentational (also used by
 * the root error page, where no live data exists); `LiveSiteHeader` feeds it
 * from Convex subscriptions, falling back to the root loader's values.
 */
import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useConvexAuth } from "convex/react";
import { api } from "~/utils/api";
import { useLiveQuery } from "~/utils/live";
import { cx, formatCredits } from "~/utils/misc";
import type { RootLoaderData } from "~/utils/root-data";
import { LogoMark, PRODUCT_NAME } from "./logo";
import { buttonClasses } from "./ui/button";

const NAV = [
  { to: "/create", label: "Create" },
  { to: "/videos", label: "My videos" },
  { to: "/compare", label: "Compare" },
  { to: "/credits", label: "Credits" },
] as const;

function navClass({ isActive }: { isActive: boolean }) {
  return cx(
    "whitespace-nowrap rounded-md px-2 py-2 text-sm font-medium transition-colors sm:px-3",
    "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
    isActive
      ? "bg-indigo-50 text-indigo-800"
      : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
  );
}

/** What the header shows about the signed-in person. */
export type HeaderUser = {
  name: string;
  balance: number | null;
  isAdmin: boolean;
};

/** The header, from plain values. `signOut` is the mode-specific control. */
export function SiteHeader({
  user,
  signOut,
}: {
  user: HeaderUser | null;
  signOut?: ReactNode;
}) {
  const links = user?.isAdmin
    ? [...NAV, { to: "/admin", label: "Admin" } as const]
    : NAV;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-3 sm:px-6">
        <Link
          to="/"
          className="flex shrink-0 items-center gap-2 rounded-md focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          <LogoMark />
          <span className="text-lg font-bold tracking-tight text-slate-900">
            {PRODUCT_NAME}
          </span>
        </Link>
        <nav aria-label="Main" className="hidden md:block">
          <ul className="flex items-center gap-1">
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} className={navClass}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          {user ? (
            <>
              <Link
                to="/credits"
                className="rounded-full bg-indigo-50 px-3 py-1 text-sm font-semibold text-indigo-800 ring-1 ring-inset ring-indigo-600/20 hover:bg-indigo-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                aria-label={
                  user.balance === null
                    ? "Credit balance"
                    : `Credit balance: ${formatCredits(user.balance)}`
                }
              >
                <span className="tabular-nums" data-testid="header-balance">
                  {user.balance === null ? "…" : formatCredits(user.balance)}
                </span>
              </Link>
              <span
                className="hidden max-w-[12rem] truncate text-sm text-slate-700 sm:inline"
                title={user.name}
              >
                {user.name}
              </span>
              {signOut}
            </>
          ) : (
            <Link to="/sign-in" className={buttonClasses("primary", "sm")}>
              Sign in
            </Link>
          )}
        </div>
      </div>
      {/* Small screens: the navigation gets its own scrollable row. */}
      <nav
        aria-label="Main (compact)"
        className="border-t border-slate-100 md:hidden"
      >
        <ul className="mx-auto flex max-w-6xl gap-0.5 overflow-x-auto px-2 py-1.5">
          {links.map((link) => (
            <li key={link.to}>
              <NavLink to={link.to} className={navClass}>
                {link.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** The local sign-in's sign-out: a plain form post, works without JavaScript. */
export function LocalSignOut() {
  return (
    <Form method="post" action="/sign-out">
      <button type="submit" className={buttonClasses("ghost", "sm")}>
        Sign out
      </button>
    </Form>
  );
}

/**
 * The header with live values: balance from `credits.getMyBalance`, admin
 * flag and name from `users.getMe`, once Convex accepted the token.
 */
export function LiveSiteHeader({
  root,
  signOut,
}: {
  root: RootLoaderData;
  signOut: ReactNode;
}) {
  const { isAuthenticated } = useConvexAuth();
  const signedIn = root.user !== null;
  const balance = useLiveQuery(
    api.credits.getMyBalance,
    {},
    root.shell ? { balance: root.shell.balance } : null,
    { requiresAuth: true },
  );
  const me = useLiveQuery(api.users.getMe, {}, null, { requiresAuth: true });
  if (!signedIn) return <SiteHeader user={null} />;
  const user: HeaderUser = {
    name: me?.user?.name ?? me?.name ?? root.user?.name ?? "",
    balance: balance?.balance ?? null,
    isAdmin:
      isAuthenticated && me ? me.isAdmin : (root.shell?.isAdmin ?? false),
  };
  return <SiteHeader user={user} signOut={signOut} />;
}
