/**
 * The root loader's data, shared by the root, the header and any route that
 * needs the public environment or the signed-in person.
 */
import { useRouteLoaderData } from "@remix-run/react";
import type { PublicEnv } from "./env.server";

/** What the root loader returns (in clerk mode Clerk adds `clerkState`). */
export type RootLoaderData = {
  ENV: PublicEnv;
  /** The signed-in person, or null. */
  user: { email: string; name: string } | null;
  /** First-paint values for the header (null when signed out or unreachable). */
  shell: { balance: number; isAdmin: boolean } | null;
};

/** The root loader's data; undefined only while rendering a root-level error. */
export function useRootData(): RootLoaderData | undefined {
  return useRouteLoaderData("root") as RootLoaderData | undefined;
}
