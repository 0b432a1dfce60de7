/**
 * Single Fetch is on in remix.config.js (`v3_singleFetch`); this tells the
 * type system too, so `useLoaderData<typeof loader>()` sees what loaders
 * really return (objects, `data()` payloads) instead of JSON-serialized shapes.
 */
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
