/**
 * Links to a model's admin page (the one model form, usage, health, audit
 * trail). The ModelManager list itself is a table (`model-manager/`).
 */

/** `/admin/models/<modelId>`: the slash in a modelId stays a path separator. */
export function modelHref(modelId: string): string {
  return `/admin/models/${modelId.split("/").map(encodeURIComponent).join("/")}`;
}
