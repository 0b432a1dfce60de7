/**
 * The one error boundary every route uses (Epic Stack's
 * `GeneralErrorBoundary`): a page per HTTP status thrown by loaders and
 * actions (401 → sign in, 403, 404, 503), and a generic page for crashes.
 * Routes may override a status with `statusHandlers`.
 */
import {
  isRouteErrorResponse,
  Link,
  useLocation,
  useRouteError,
  type ErrorResponse,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { describeError } from "~/utils/errors";
import { buttonClasses } from "./ui/button";

type StatusHandler = (info: {
  error: ErrorResponse;
  pathname: string;
}) => ReactNode;

function ErrorPage({
  status,
  title,
  children,
  actions,
}: {
  status?: number;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      {status ? (
        <p className="text-sm font-semibold text-indigo-700">Error {status}</p>
      ) : null}
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900">
        {title}
      </h1>
      {children ? <div className="mt-4 text-slate-700">{children}</div> : null}
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        {actions}
        <Link to="/" className={buttonClasses("secondary")}>
          Back to the home page
        </Link>
      </div>
    </div>
  );
}

/**
 * The 404 page of a route's own resource (a video, a model, a user): the
 * shared error page with a way back to its list.
 */
export function NotFoundPage({
  title,
  children,
  backTo,
  backLabel,
}: {
  title: string;
  children: ReactNode;
  backTo: string;
  backLabel: string;
}) {
  return (
    <ErrorPage
      status={404}
      title={title}
      actions={
        <Link to={backTo} className={buttonClasses("primary")}>
          {backLabel}
        </Link>
      }
    >
      {children}
    </ErrorPage>
  );
}

function signInHref(pathname: string) {
  return pathname === "/"
    ? "/sign-in"
    : `/sign-in?${new URLSearchParams({ redirectTo: pathname })}`;
}

const defaultStatusHandlers: Record<number, StatusHandler> = {
  401: ({ pathname }) => (
    <ErrorPage
      status={401}
      title="Please sign in"
      actions={
        <Link to={signInHref(pathname)} className={buttonClasses("primary")}>
          Sign in
        </Link>
      }
    >
      You need to be signed in to see this page. Your session may have expired.
    </ErrorPage>
  ),
  403: () => (
    <ErrorPage status={403} title="Not allowed">
      Your account doesn&apos;t have access to this page. If you think it
      should, ask an admin.
    </ErrorPage>
  ),
  404: ({ pathname }) => (
    <ErrorPage status={404} title="Page not found">
      There is nothing at{" "}
      <code className="rounded bg-slate-100 px-1 py-0.5 text-sm">
        {pathname}
      </code>
      . It may have been removed, or the link may be wrong.
    </ErrorPage>
  ),
  503: () => (
    <ErrorPage status={503} title="Service unavailable">
      The video service can&apos;t be reached right now. Please try again in a
      moment.
    </ErrorPage>
  ),
};

function defaultStatusHandler({ error }: { error: ErrorResponse }) {
  return (
    <ErrorPage
      status={error.status}
      title={error.status >= 500 ? "Something went wrong" : "Request failed"}
    >
      {error.status >= 500
        ? "We hit a problem on our side. Please try again in a moment."
        : typeof error.data === "string" && error.data.length < 200
          ? error.data
          : "The request could not be completed."}
    </ErrorPage>
  );
}

/**
 * Renders the error of the nearest route: a thrown Response by its status,
 * anything else as "Something went wrong" (a `ConvexError` by its meaning).
 */
export function GeneralErrorBoundary({
  statusHandlers,
}: {
  statusHandlers?: Record<number, StatusHandler>;
}) {
  const error = useRouteError();
  const { pathname } = useLocation();
  if (isRouteErrorResponse(error)) {
    const handler =
      statusHandlers?.[error.status] ?? defaultStatusHandlers[error.status];
    return (
      <>
        {handler
          ? handler({ error, pathname })
          : defaultStatusHandler({ error })}
      </>
    );
  }
  // Only crashes are worth a console entry; thrown responses are expected.
  if (typeof document !== "undefined") console.error(error);
  const info = describeError(error);
  if (info.code === "UNAUTHENTICATED") {
    return (
      <>
        {defaultStatusHandlers[401]({
          error: { status: 401, statusText: "", data: null },
          pathname,
        })}
      </>
    );
  }
  return (
    <ErrorPage
      status={info.code ? undefined : 500}
      title="Something went wrong"
    >
      {info.message}
    </ErrorPage>
  );
}
