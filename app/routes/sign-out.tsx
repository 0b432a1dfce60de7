/**
 * `POST /sign-out`: ends the local sign-in's session and goes home. (In
 * clerk mode the header uses Clerk's own sign-out; a post here just goes
 * home.) A GET is sent home too, so a stale link does nothing surprising.
 */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";
import { requireSameOrigin } from "~/utils/same-origin.server";
import { commitSignOut } from "~/utils/session.server";

export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  if (getEnv().AUTH_MODE !== "local") return redirect("/");
  return redirect("/", {
    headers: { "Set-Cookie": await commitSignOut(request) },
  });
}
