// Where a placement scriptlet's entry point is: each top-level `def instance_placement`, found
// in the parsed document (not by a pattern over its text), for CodeLenses and run results.
import type { CodeLens } from "vscode-languageserver";
import type { Analysis } from "../language/scriptlet/analysis";

export const PLACEMENT_ENTRY = "instance_placement";

/** Zero-based lines of the top-level definitions of the entry point. */
export function entryLines(a: Analysis): number[] {
  if (a.ctx.kind !== "placement") return [];
  return topLevelDefLines(a, PLACEMENT_ENTRY);
}

/** Zero-based lines of the top-level defs named `name` (without listing every symbol of
 *  the document: a 5 MB scriptlet has 78,000 of them, and lenses are asked for after each
 *  change). */
export function topLevelDefLines(a: Analysis, name: string): number[] {
  const lines: number[] = [];
  for (const s of a.file.stmts) if (s.kind === "DefStmt" && s.name.name === name) lines.push(a.lines.fromEngine(s.start).line);
  return lines;
}

/** "Run placement on CLUSTER" and "Run as…" above each entry point. */
export function placementCodeLenses(a: Analysis, uri: string, clusterLabel: string): CodeLens[] {
  return entryLines(a).flatMap((line) => {
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    return [
      { range, command: { title: `$(play) Run placement on ${clusterLabel}`, command: "incus.runPlacement", arguments: [{ uri }] } },
      { range, command: { title: "Run as…", command: "incus.runPlacementAs", arguments: [{ uri }] } },
    ];
  });
}
