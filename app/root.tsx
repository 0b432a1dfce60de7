/**
 * The document and the app shell. The auth provider is chosen at runtime
 * from the root loader's `ENV.AUTH_MODE`:
 * - "clerk": `ClerkApp` (fed by `rootAuthLoader`) + `ConvexProviderWithClerk`,
 *   in a lazily loaded module so local mode never downloads Clerk;
 * - "local": `ConvexProviderWithAuth` with tokens from `/auth/token`.
 */
import { rootAuthLoader } from "@clerk/remix/ssr.server";
import type {
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import {
  Links,
  Meta,
  Scripts,
  ScrollRestoration,
  useLoaderData,
} from "@remix-run/react";
import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { Main, Shell } from "~/components/app-shell";
import {
  LocalConvexProvider,
  useConvexClient,
} from "~/components/convex-providers";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PRODUCT_NAME } from "~/components/logo";
import { SiteFooter } from "~/components/site-footer";
import { LocalSignOut, SiteHeader } from "~/components/site-header";
import { buttonClasses } from "~/components/ui/button";
import stylesheet from "~/tailwind.css";
import { api } from "~/utils/api";
import { getOptionalUser, type AuthUser } from "~/utils/auth.server";
import { convexClient } from "~/utils/convex.server";
import { getEnv, getPublicEnv } from "~/utils/env.server";
import { useRootData, type RootLoaderData } from "~/utils/root-data";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: PRODUCT_NAME },
  {
    name: "description",
    content:
      "Turn a prompt into a video. Pick a model, see the exact credit cost, generate.",
  },
];

/** Header values for the first paint; the header goes live after hydration. */
async function shellData(user: AuthUser): Promise<RootLoaderData["shell"]> {
  try {
    const convex = convexClient(user.token);
    const [{ balance }, me] = await Promise.all([
      convex.query(api.credits.getMyBalance, {}),
      convex.query(api.users.getMe, {}),
    ]);
    return { balance, isAdmin: me?.isAdmin ?? false };
  } catch (error) {
    // The shell must render even when the backend is down; pages report it.
    console.error("Root loader: could not load the header data:", error);
    return null;
  }
}

async function rootData(args: LoaderFunctionArgs): Promise<RootLoaderData> {
  const user = await getOptionalUser(args);
  return {
    ENV: getPublicEnv(),
    user: user ? { email: user.email, name: user.name } : null,
    shell: user ? await shellData(user) : null,
  };
}

export async function loader(args: LoaderFunctionArgs) {
  const env = getEnv();
  if (env.AUTH_MODE === "clerk") {
    // Clerk's loader adds `clerkState` for <ClerkApp> (and handles its handshake).
    return rootAuthLoader(args, () => rootData(args), {
      publishableKey: env.CLERK_PUBLISHABLE_KEY,
      secretKey: env.CLERK_SECRET_KEY,
      signInUrl: "/sign-in",
    });
  }
  return rootData(args);
}

/** The HTML document around every page, error pages included. */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  // Marks the document once React has hydrated (error pages included):
  // browser tests wait for it before using client-side behaviour.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col">
        <a
          href="#main"
          className={buttonClasses(
            "primary",
            "sm",
            "sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50",
          )}
        >
          Skip to content
        </a>
        {children}
        {data ? (
          <script
            // The browser reads its public configuration from here.
            dangerouslySetInnerHTML={{
              __html: `window.ENV = ${JSON.stringify(data.ENV).replace(/</g, "\\u003c")}`,
            }}
          />
        ) : null}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function LocalApp() {
  const root = useLoaderData() as RootLoaderData;
  const client = useConvexClient(root.ENV.CONVEX_URL);
  return (
    <LocalConvexProvider client={client} identityKey={root.user?.email ?? null}>
      <Shell root={root} signOut={<LocalSignOut />} />
    </LocalConvexProvider>
  );
}

// Clerk (and its ~50 KB of JavaScript) loads only in clerk mode.
const ClerkRoot = lazy(() => import("~/components/clerk-root"));

export default function Root() {
  const root = useLoaderData() as RootLoaderData;
  return root.ENV.AUTH_MODE === "clerk" ? (
    <Suspense fallback={null}>
      <ClerkRoot />
    </Suspense>
  ) : (
    <LocalApp />
  );
}

export function ErrorBoundary() {
  // No providers here (the app crashed above them): a static header only.
  const root = useRootData();
  return (
    <>
      <SiteHeader
        user={
          root?.user
            ? {
                name: root.user.name,
                balance: root.shell?.balance ?? null,
                isAdmin: root.shell?.isAdmin ?? false,
              }
            : null
        }
        signOut={root?.ENV.AUTH_MODE === "local" ? <LocalSignOut /> : undefined}
      />
      <Main>
        <GeneralErrorBoundary />
      </Main>
      <SiteFooter authMode={root?.ENV.AUTH_MODE ?? "local"} />
    </>
  );
}
