/**
 * The app in clerk mode: `ClerkApp` (fed by the root loader's
 * `rootAuthLoader`) around the shell, with Convex authenticated by Clerk's
 * "convex" JWT template. Imported lazily by `root.tsx`, so local mode never
 * downloads Clerk.
 */
import { ClerkApp, SignOutButton, useAuth } from "@clerk/remix";
import { useLoaderData } from "@remix-run/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { Shell } from "~/components/app-shell";
import { useConvexClient } from "~/components/convex-providers";
import { buttonClasses } from "~/components/ui/button";
import type { RootLoaderData } from "~/utils/root-data";

function ClerkShell() {
  const root = useLoaderData() as RootLoaderData;
  const client = useConvexClient(root.ENV.CONVEX_URL);
  return (
    <ConvexProviderWithClerk client={client} useAuth={useAuth}>
      <Shell
        root={root}
        signOut={
          <SignOutButton redirectUrl="/">
            <button type="button" className={buttonClasses("ghost", "sm")}>
              Sign out
            </button>
          </SignOutButton>
        }
      />
    </ConvexProviderWithClerk>
  );
}

export default ClerkApp(ClerkShell);
