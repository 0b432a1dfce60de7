import { Link } from "@remix-run/react";
import type { AuthMode } from "~/utils/env.server";
import { PRODUCT_NAME } from "./logo";

/** The footer: what credits are worth, and a note when running offline. */
export function SiteFooter({ authMode }: { authMode: AuthMode }) {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          <span className="font-semibold text-slate-800">{PRODUCT_NAME}</span> ·
          1 credit = US$0.01 · Videos are generated on Replicate; failed or
          canceled videos are refunded.
        </p>
        <p className="flex gap-4">
          <Link to="/compare" className="underline-offset-2 hover:underline">
            Compare models
          </Link>
          <Link to="/credits" className="underline-offset-2 hover:underline">
            Credits
          </Link>
          {authMode === "local" ? (
            <span title="Sign-in without Clerk, for offline use">
              Local sign-in
            </span>
          ) : null}
        </p>
      </div>
    </footer>
  );
}
