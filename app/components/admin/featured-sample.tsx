/**
 * The admin's choice of a model's featured sample (ADR 0048): one of its
 * recent succeeded videos, shown on the compare page. Live lists; the
 * buttons call `insights.setFeaturedSample` / `clearFeaturedSample`.
 */
import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "~/utils/api";
import { describeError } from "~/utils/errors";
import { useUtcDay } from "~/utils/clock";
import { useLiveQuery } from "~/utils/live";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

export function FeaturedSample({ modelId }: { modelId: string }) {
  const candidates = useLiveQuery(
    api.insights.listSampleCandidates,
    { modelId },
    undefined,
    { requiresAuth: true },
  );
  const today = useUtcDay();
  const [insight] = useLiveQuery(
    api.insights.getModelInsights,
    { modelIds: [modelId], today },
    [],
  );
  const setSample = useMutation(api.insights.setFeaturedSample);
  const clearSample = useMutation(api.insights.clearFeaturedSample);
  const [error, setError] = useState<string | null>(null);
  const current = insight?.sample ?? null;

  async function run(task: () => Promise<unknown>) {
    setError(null);
    try {
      await task();
    } catch (e) {
      setError(describeError(e).message);
    }
  }

  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {current ? (
        <div className="flex flex-wrap items-start gap-4">
          <video
            src={current.outputUrl}
            controls
            muted
            playsInline
            preload="metadata"
            className="aspect-video w-64 rounded bg-black"
            aria-label="The featured sample"
            aria-describedby="featured-sample-prompt"
          />
          <div className="space-y-2 text-sm">
            <p id="featured-sample-prompt" className="text-slate-800">
              Featured: “{current.prompt}”
            </p>
            <Button
              size="sm"
              variant="danger"
              onClick={() => void run(() => clearSample({ modelId }))}
            >
              Remove the sample
            </Button>
          </div>
        </div>
      ) : (
        <p className="text-sm text-slate-600">No sample is featured yet.</p>
      )}
      {candidates === undefined ? (
        <p className="text-sm text-slate-600">Loading recent videos…</p>
      ) : candidates.length === 0 ? (
        <p className="text-sm text-slate-600">
          No succeeded video of this model yet.
        </p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {candidates.map((video) => (
            <li
              key={video._id}
              className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm"
            >
              <video
                src={video.outputUrl}
                muted
                playsInline
                preload="metadata"
                aria-hidden="true"
                className="aspect-video w-full rounded bg-black"
              />
              <p className="line-clamp-2 text-slate-800">{video.prompt}</p>
              <Button
                size="sm"
                variant="secondary"
                disabled={current?.videoId === video._id}
                onClick={() =>
                  void run(() => setSample({ modelId, videoId: video._id }))
                }
              >
                {current?.videoId === video._id
                  ? "Featured"
                  : "Feature this video"}
                <span className="sr-only">: {video.prompt.slice(0, 60)}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
