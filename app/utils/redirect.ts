/**
 * Where to send someone after signing in: only paths on this site, so a
 * crafted `?redirectTo=https://evil.example` or `//evil.example` cannot
 * turn the sign-in page into an open redirect (Epic Stack's `safeRedirect`).
 */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  if (
    typeof to !== "string" ||
    !to.startsWith("/") ||
    to.startsWith("//") ||
    to.startsWith("/\\")
  ) {
    return fallback;
  }
  // Never bounce back to the auth pages themselves.
  if (to.startsWith("/sign-in") || to.startsWith("/sign-out")) return fallback;
  return to;
}

/** `/sign-in?redirectTo=<path>` for the page a request was made to. */
export function signInUrlFor(request: Request | URL | string): string {
  const url = new URL(
    typeof request === "object" && "url" in request ? request.url : request,
  );
  const redirectTo = `${url.pathname}${url.search}`;
  return redirectTo === "/"
    ? "/sign-in"
    : `/sign-in?${new URLSearchParams({ redirectTo })}`;
}
