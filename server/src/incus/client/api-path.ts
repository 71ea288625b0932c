// An Incus API path with its query: `project` is left out for the default project (Incus's
// own default, and what the `incus` command line sends), undefined values are left out, and
// every value is URL-encoded. The one place the server builds `?project=…&target=…`.
export function apiPath(path: string, query: Record<string, string | undefined>): string {
  const pairs = Object.entries(query)
    .filter(([k, v]) => v !== undefined && v !== "" && !(k === "project" && v === "default"))
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  if (pairs.length === 0) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${pairs.join("&")}`;
}
