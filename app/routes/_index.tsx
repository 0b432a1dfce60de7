/**
 * `/`: what the product does, the live model catalogue with prices, and the
 * way in. Public.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { ModelCatalogue } from "~/components/model-catalogue";
import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { api } from "~/utils/api";
import { getOptionalUser } from "~/utils/auth.server";
import { convexClient } from "~/utils/convex.server";
import { useLiveQuery } from "~/utils/live";
import { useRootData } from "~/utils/root-data";

export const meta: MetaFunction = () => [
  { title: `${PRODUCT_NAME} · AI video generation with clear prices` },
  {
    name: "description",
    content:
      "Pick a video model, a length and a quality, see the exact credit cost, and generate.",
  },
];

export async function loader(args: LoaderFunctionArgs) {
  try {
    // Signed in: the caller's own prices (plan, overrides, unlocks).
    const user = await getOptionalUser(args);
    return {
      models: await convexClient(user?.token).query(
        api.pricing.getAvailableModels,
        {},
      ),
      unavailable: false,
    };
  } catch (error) {
    // The landing page still explains the product when the backend is down.
    console.error("Landing: catalogue unavailable:", error);
    return { models: [], unavailable: true };
  }
}

const STEPS = [
  {
    title: "Pick a model",
    body: "Budget models for drafts, premium ones for the final cut.",
  },
  {
    title: "Choose length and quality",
    body: "The exact credit cost updates as you choose — no surprises.",
  },
  {
    title: "Generate",
    body: "Watch progress live. A failed or canceled video is refunded in full.",
  },
];

export default function Index() {
  const initial = useLoaderData<typeof loader>();
  const signedIn = Boolean(useRootData()?.user);
  const models = useLiveQuery(
    api.pricing.getAvailableModels,
    {},
    initial.models,
    {
      requiresAuth: signedIn,
    },
  );
  return (
    <div className="space-y-14">
      <section className="rounded-2xl bg-gradient-to-br from-indigo-600 to-violet-700 px-6 py-12 text-white sm:px-10">
        <h1 className="max-w-3xl text-3xl font-bold tracking-tight sm:text-5xl">
          Turn a prompt into a video.
        </h1>
        <p className="mt-4 max-w-2xl text-lg text-indigo-50">
          {PRODUCT_NAME} runs today&apos;s best video models for you. Choose a
          model, a length and a quality, see exactly what it costs in credits,
          and get your clip in minutes.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link
            to="/create"
            className="inline-flex items-center rounded-md bg-white px-5 py-3 font-semibold text-indigo-700 shadow-sm hover:bg-indigo-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
          >
            {signedIn ? "Create a video" : "Sign in and create a video"}
          </Link>
          <Link
            to="/compare"
            className="inline-flex items-center rounded-md px-5 py-3 font-semibold text-white ring-1 ring-inset ring-white/60 hover:bg-white/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
          >
            Compare models
          </Link>
        </div>
      </section>

      <section aria-labelledby="how-heading">
        <h2 id="how-heading" className="text-xl font-bold text-slate-900">
          How it works
        </h2>
        <ol className="mt-4 grid gap-4 sm:grid-cols-3">
          {STEPS.map((step, index) => (
            <li
              key={step.title}
              className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
            >
              <span className="flex h-8 w-8 items-center justify-center rounded-full bg-indigo-50 font-bold text-indigo-700">
                {index + 1}
              </span>
              <h3 className="mt-3 font-semibold text-slate-900">
                {step.title}
              </h3>
              <p className="mt-1 text-sm text-slate-700">{step.body}</p>
            </li>
          ))}
        </ol>
        <p className="mt-4 text-sm text-slate-600">
          Prices are in credits: 1 credit = US$0.01. New accounts start with
          free credits.
        </p>
      </section>

      <section aria-labelledby="models-heading">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="models-heading" className="text-xl font-bold text-slate-900">
            Models and prices
          </h2>
          <Link to="/compare" className={buttonClasses("secondary", "sm")}>
            Compare side by side
          </Link>
        </div>
        <div className="mt-4">
          {initial.unavailable && models.length === 0 ? (
            <Alert
              tone="warning"
              title="The model catalogue can't be loaded right now."
            >
              Please try again in a moment.
            </Alert>
          ) : (
            <ModelCatalogue models={models} />
          )}
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
