// Deterministic, reviewable JSON for generated data: an object or array whose one-line form fits
// in `width` characters is written on one line, everything else one member per line. Keeps the
// committed files small and their diffs readable when a release is added.

export function compactJson(value: unknown, width = 110): string {
  return write(value, "", width) + "\n";
}

function write(v: unknown, indent: string, width: number): string {
  const flat = JSON.stringify(v);
  if (v === null || typeof v !== "object" || flat.length + indent.length <= width) return flat;
  const inner = indent + " ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return "[\n" + v.map((x) => inner + write(x, inner, width)).join(",\n") + "\n" + indent + "]";
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return "{}";
  return "{\n" + entries.map(([k, x]) => inner + JSON.stringify(k) + ": " + write(x, inner, width)).join(",\n") + "\n" + indent + "}";
}
