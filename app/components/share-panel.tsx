/**
 * The owner's share link for a finished video (ADR 0047): create it, copy
 * it, see how often it was viewed, revoke it. Posts to the video page's
 * action (`intent` share / revoke), so it works without JavaScript.
 */
import { Form } from "@remix-run/react";
import { useState } from "react";
import { api } from "~/utils/api";
import { useLiveQuery } from "~/utils/live";
import { useHydrated } from "~/utils/use-hydrated";
import { Button } from "./ui/button";

export function SharePanel({
  videoId,
  initial,
  origin,
}: {
  videoId: string;
  /** This site's origin, for the full link. */
  origin: string;
  /** The loader's answer, shown until the live one arrives. */
  initial: { token: string; views: number; createdAt: number } | null;
}) {
  const share = useLiveQuery(api.shares.getMyShareLink, { videoId }, initial, {
    requiresAuth: true,
  });
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  const url = share ? `${origin}/s/${share.token}` : null;
  return (
    <section
      aria-labelledby="share-heading"
      className="mt-5 border-t border-slate-100 pt-4"
    >
      <h3 id="share-heading" className="text-sm font-semibold text-slate-900">
        Share
      </h3>
      {share ? (
        <div className="mt-2 space-y-2 text-sm">
          <label htmlFor="share-url" className="block text-slate-700">
            Anyone with this link can watch the video (nothing else of yours):
          </label>
          <input
            id="share-url"
            readOnly
            value={url ?? ""}
            onFocus={(event) => event.currentTarget.select()}
            className="w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs text-slate-900"
          />
          <p className="text-slate-700" data-testid="share-views">
            {share.views} {share.views === 1 ? "view" : "views"}
          </p>
          <div className="flex flex-wrap gap-2">
            {hydrated ? (
              <Button
                size="sm"
                variant="secondary"
                onClick={() => {
                  void navigator.clipboard
                    ?.writeText(url ?? "")
                    .then(() => setCopied(true))
                    .catch(() => setCopied(false));
                }}
              >
                {copied ? "Copied" : "Copy link"}
              </Button>
            ) : null}
            <Form method="post">
              <Button
                type="submit"
                name="intent"
                value="revoke"
                variant="danger"
                size="sm"
              >
                Revoke link
              </Button>
            </Form>
          </div>
        </div>
      ) : (
        <Form method="post" className="mt-2">
          <p className="mb-2 text-sm text-slate-600">
            Make a public link to this video. You can revoke it any time.
          </p>
          <Button
            type="submit"
            name="intent"
            value="share"
            variant="secondary"
            size="sm"
          >
            Create share link
          </Button>
        </Form>
      )}
    </section>
  );
}
