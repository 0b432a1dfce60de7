/**
 * `/admin`: the entry point of the admin tools (admins only; 403 for
 * others). The model manager and credit tools are separate work; this page
 * guards the route the header links to and says what exists so far.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { api } from "~/utils/api";
import { requireUser } from "~/utils/auth.server";
import { loaderQuery } from "~/utils/convex.server";

export const meta: MetaFunction = () => [{ title: `Admin · ${PRODUCT_NAME}` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const me = await loaderQuery(user.token, api.users.getMe, {});
  if (!me?.isAdmin) throw new Response("Admins only", { status: 403 });
  return null;
}

export default function AdminPage() {
  return (
    <>
      <PageHeader
        title="Admin"
        description="Tools for managing models, prices and credits."
      />
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-slate-700">
          The admin screens (model manager, credit grants, audit trail) are not
          part of the creator app yet. The catalogue creators see is live on the{" "}
          <Link
            to="/compare"
            className="font-semibold text-indigo-700 underline"
          >
            compare page
          </Link>
          .
        </p>
        <Link to="/" className={buttonClasses("secondary", "md", "mt-6")}>
          Back to the home page
        </Link>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
