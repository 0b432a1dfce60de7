/**
 * Where to send someone after signing in: only paths on this site, so a
 * crafted `?redirectTo=` cannot turn the sign-in page into an open redirect
 * (Epic Stack's `safeRedirect`, made strict).
 */

/** A stand-in origin to resolve targets against (never contacted). */
const SITE = "http://site.invalid";

/**
 * Control characters (tab, CR, LF, ...) are stripped or refused by URL
 * parsers and header writers: "/\t/evil.example" becomes "//evil.example"
 * in a browser, and "\r\n" in a Location header is a 500. A backslash is a
 * "/" to browsers ("/\\evil.example").
 */
// eslint-disable-next-line no-control-regex -- control characters are the point
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/**
 * `to` when it is a path on this site, else `fallback`. The target is
 * resolved against the site's origin and kept only when it stays on it;
 * control characters and `\` are refused anywhere, raw or percent-encoded.
 */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  if (UNSAFE.test(to) || UNSAFE.test(decoded) || decoded.startsWith("//")) {
    return fallback;
  }
  let url: URL;
  try {
    url = new URL(to, SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SITE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Never bounce back to the auth pages themselves.
  if (/^\/sign-(in|out)(\/|\?|#|$)/.test(url.pathname + "/")) return fallback;
  return path;
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
