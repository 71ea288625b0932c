// Version ranges over the ordered list of releases in the manifest (releases.json), as written in
// the knowledge data: "*" (every release), "6.0.5.." (that release and every later one),
// "..6.0.4" (up to and including), "6.0.2..6.0.4", a single "6.0.2", or several joined by ", ".
// The order is the manifest's (6.0.x LTS releases, then 7.x, then an unreleased main), so a
// backport to the LTS branch and the same change in 7.0 are one span: "6.0.5..".

/** Whether `version` (a release id of `all`) is in `range`. Unknown ids in the range throw. */
export function inRange(all: readonly string[], range: string, version: string): boolean {
  const at = all.indexOf(version);
  if (at < 0) return false;
  return spans(all, range).some(([lo, hi]) => lo <= at && at <= hi);
}

/** The releases of `all` a range covers, in order. */
export function expandRange(all: readonly string[], range: string): string[] {
  return all.filter((v) => inRange(all, range, v));
}

/** The shortest range text covering exactly `subset` of `all`. */
export function compactRange(all: readonly string[], subset: Iterable<string>): string {
  const inSet = new Set(subset);
  if (all.every((v) => inSet.has(v))) return "*";
  const parts: string[] = [];
  for (let i = 0; i < all.length; i++) {
    if (!inSet.has(all[i])) continue;
    let j = i;
    while (j + 1 < all.length && inSet.has(all[j + 1])) j++;
    if (i === 0) parts.push(`..${all[j]}`);
    else if (j === all.length - 1) parts.push(`${all[i]}..`);
    else parts.push(i === j ? all[i] : `${all[i]}..${all[j]}`);
    i = j;
  }
  return parts.join(", ");
}

function spans(all: readonly string[], range: string): Array<[number, number]> {
  const idx = (v: string) => {
    const i = all.indexOf(v);
    if (i < 0) throw new Error(`version range "${range}": unknown release ${v} (known: ${all.join(", ")})`);
    return i;
  };
  const out: Array<[number, number]> = [];
  for (const part of range.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (part === "*") out.push([0, all.length - 1]);
    else if (part.includes("..")) {
      const [lo, hi] = part.split("..");
      out.push([lo ? idx(lo) : 0, hi ? idx(hi) : all.length - 1]);
    } else {
      const i = idx(part);
      out.push([i, i]);
    }
  }
  return out;
}
