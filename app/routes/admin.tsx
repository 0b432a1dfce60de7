/**
 * `/admin/*`: the admin console's layout. Its loader refuses non-admins
 * with a 403 page (signed out → sign-in); the sub-navigation links the
 * dashboard, the ModelManager and the users & credits tools, rendered by the
 * child routes in the `<Outlet/>`. Each child loader and action checks admin
 * rights again (actions run without this loader).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  NavLink,
  Outlet,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { requireAdminUser } from "~/utils/admin.server";
import { cx } from "~/utils/misc";

export const meta: MetaFunction = () => [{ title: `Admin · ${PRODUCT_NAME}` }];

/** Admins only: redirects signed-out people, answers 403 to everyone else. */
export async function loader(args: LoaderFunctionArgs) {
  await requireAdminUser(args);
  return null;
}

/**
 * The guard runs when someone enters the console; moving within it (filters,
 * pages, form posts) is guarded by each child loader and action instead.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}) =>
  currentUrl.pathname.startsWith("/admin") &&
  nextUrl.pathname.startsWith("/admin")
    ? false
    : defaultShouldRevalidate;

const SECTIONS = [
  { to: "/admin", label: "Dashboard", end: true },
  { to: "/admin/models", label: "Models", end: false },
  { to: "/admin/users", label: "Users & credits", end: false },
  { to: "/admin/plans", label: "Plans", end: false },
  { to: "/admin/packages", label: "Packages", end: false },
  { to: "/admin/purchases", label: "Purchases", end: false },
  { to: "/admin/disputes", label: "Disputes", end: false },
  { to: "/admin/revenue", label: "Revenue", end: false },
] as const;

function sectionClass({ isActive }: { isActive: boolean }) {
  return cx(
    "block whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
    "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
    isActive
      ? "bg-slate-900 text-white"
      : "text-slate-700 hover:bg-slate-200 hover:text-slate-900",
  );
}

export default function AdminLayout() {
  return (
    <>
      <div className="mb-8 flex flex-col gap-3 rounded-lg bg-slate-100 p-2 sm:flex-row sm:items-center sm:gap-4">
        <p className="px-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
          Admin console
        </p>
        <nav aria-label="Admin" className="min-w-0">
          <ul className="flex gap-1 overflow-x-auto">
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink
                  to={section.to}
                  end={section.end}
                  prefetch="intent"
                  className={sectionClass}
                >
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
