// Incus API paths of project-scoped objects: the project goes in the query, left out for
// the default project (as the incus client does), so that paths read the same in logs.

/** `path` with `project=` added to its query, unless the project is the default one. */
export function withProject(path: string, project: string | undefined): string {
  if (!project || project === "default") return path;
  return `${path}${path.includes("?") ? "&" : "?"}project=${encodeURIComponent(project)}`;
}
