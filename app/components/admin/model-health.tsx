/**
 * A model's health for admins (issue 13, seed 002's monitoring): rolling
 * success rate and p95 generation time over the last hour and day, why the
 * circuit breaker paused it (with Resume), a "Test run" at the model's
 * cheapest settings (charged to nobody) and the last test runs with their
 * output. Live through Convex; the buttons need JavaScript.
 */
import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "~/utils/api";
import { describeError } from "~/utils/errors";
import { useMinute } from "~/utils/clock";
import { useLiveQuery } from "~/utils/live";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

type Window = {
  finished: number;
  succeeded: number;
  failed: number;
  successRate: number | null;
  p95Seconds: number | null;
};

const percent = (rate: number | null) =>
  rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`;
const seconds = (s: number | null) =>
  s === null ? "—" : `${Math.round(s * 10) / 10} s`;

function WindowStats({ label, w }: { label: string; w: Window }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-sm font-semibold text-slate-900">{label}</p>
      <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
        <div>
          <dt className="text-slate-600">Success</dt>
          <dd className="font-semibold tabular-nums">
            {percent(w.successRate)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">p95 time</dt>
          <dd className="font-semibold tabular-nums">
            {seconds(w.p95Seconds)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Finished</dt>
          <dd className="font-semibold tabular-nums">
            {w.finished} ({w.failed} failed)
          </dd>
        </div>
      </dl>
    </div>
  );
}

export function ModelHealth({ modelId }: { modelId: string }) {
  // The windows end at the current minute: the query reads no clock.
  const asOf = useMinute();
  const health = useLiveQuery(
    api.registry.getModelHealth,
    { modelId, asOf },
    null,
    { requiresAuth: true },
  );
  const startTestRun = useMutation(api.registry.startTestRun);
  const resume = useMutation(api.registry.resumeModel);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  }

  if (health === null)
    return <p className="text-sm text-slate-600">Loading health…</p>;
  return (
    <div className="space-y-4">
      {health.pausedAt !== undefined ? (
        <Alert
          tone="warning"
          title="Paused: creators see “temporarily unavailable”."
        >
          <p>{health.pauseReason}</p>
          <p className="mt-1">
            A successful test run resumes it automatically.
          </p>
          <Button
            variant="secondary"
            size="sm"
            className="mt-2"
            disabled={busy}
            onClick={() => void run(() => resume({ modelId }))}
          >
            Resume now
          </Button>
        </Alert>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <WindowStats label="Last hour" w={health.hour} />
        <WindowStats label="Last day" w={health.day} />
      </div>
      <div>
        <Button
          disabled={busy}
          onClick={() => void run(() => startTestRun({ modelId }))}
        >
          Test run
        </Button>
        <p className="mt-1 text-xs text-slate-600">
          Runs the model at its cheapest settings, charged to nobody.
        </p>
      </div>
      {health.testRuns.length > 0 ? (
        <ul aria-label="Test runs" className="grid gap-4 sm:grid-cols-2">
          {health.testRuns.map((r) => (
            <li
              key={r._id}
              className="rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm"
            >
              <p className="font-semibold text-slate-900">
                Test run: {r.status}
              </p>
              <p className="text-slate-600">
                {r.duration} s, {r.quality}
                {r.inputs
                  ? `, ${Object.entries(r.inputs)
                      .map(([k, v]) => `${k}=${String(v)}`)
                      .join(", ")}`
                  : ""}
                {r.predictTime !== undefined
                  ? ` · ${seconds(r.predictTime)}`
                  : ""}
              </p>
              {r.error ? <p className="text-red-700">{r.error}</p> : null}
              {r.outputUrl ? (
                <video
                  controls
                  preload="metadata"
                  src={r.outputUrl}
                  className="mt-2 aspect-video w-full rounded bg-black"
                  aria-label="Test run output"
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
