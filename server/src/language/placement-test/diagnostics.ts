// Diagnostics of a `*.placement.test.yaml` buffer: the runner's own parse problems (same words,
// same positions as `incus-scriptlet test`), commands the simulator would refuse, and names
// (members, groups, projects) the cluster does not have.
import { CommandError, parsePlacementCommand } from "../../incus/placement/command";
import { IncusRefusal } from "../../incus/placement/incus-flags";
import { shellWords, ShellWordsError } from "../../incus/scenario/shell-words";
import { parseTestFileText, type ParsedTestFile } from "../../incus/scenario/test-file";
import type { SourceRange } from "../../incus/snapshot/locate";
import type { Diagnostic } from "../scriptlet/diagnostic";
import type { ClusterNames } from "../scriptlet/context";

export function toRange(r: SourceRange): Diagnostic["range"] {
  return { start: { line: r.line - 1, character: r.col - 1 }, end: { line: r.endLine - 1, character: r.endCol - 1 } };
}

function diag(range: SourceRange, message: string, code: string, severity: Diagnostic["severity"] = "error"): Diagnostic {
  return { range: toRange(range), severity, message, code };
}

/** `names` is the cluster the file runs on (its `cluster:`), when known. */
export function placementTestDiagnostics(fileName: string, text: string, names?: ClusterNames): Diagnostic[] {
  const parsed = parseTestFileText(text, fileName);
  const out: Diagnostic[] = parsed.problems.map((p) => diag(p, p.message, "placement-test"));
  for (const c of parsed.cases) {
    out.push(...c.problems.map((p) => diag(p, p.message, "placement-test")));
    if (!c.test) continue;
    out.push(...commandDiagnostics(parsed, c.index, c.test.run, names));
    if (names) out.push(...nameDiagnostics(parsed, c.index, names));
  }
  return out;
}

function commandDiagnostics(parsed: ParsedTestFile, index: number, run: string, names?: ClusterNames): Diagnostic[] {
  const at = parsed.locate(["cases", index, "run"]);
  try {
    const op = parsePlacementCommand(shellWords(run.replace(/^\s*incus\s+/, "")));
    if (!names) return [];
    const out: Diagnostic[] = [];
    if (op.kind === "evacuate" || op.kind === "restore") {
      if (!names.members.includes(op.member)) out.push(diag(at, `unknown cluster member "${op.member}" in ${names.source}`, "placement-test-name"));
      return out;
    }
    const target = op.target;
    if (target && !target.startsWith("@") && !names.members.includes(target)) out.push(diag(at, `unknown cluster member "${target}" in ${names.source}`, "placement-test-name"));
    if (target?.startsWith("@") && !names.groups.includes(target.slice(1))) {
      out.push(diag(at, `unknown cluster group "${target.slice(1)}" in ${names.source}`, "placement-test-name"));
    }
    if (!names.projects.includes(op.project)) out.push(diag(at, `unknown project "${op.project}" in ${names.source}`, "placement-test-name"));
    return out;
  } catch (e) {
    // (An IncusRefusal is a CommandError too: the client's own refusal is tested first.)
    if (e instanceof IncusRefusal) return [diag(at, `command refused by the incus client: ${e.message}`, "placement-test-command", "warning")];
    if (e instanceof CommandError || e instanceof ShellWordsError) return [diag(at, `command refused: ${e.message}`, "placement-test-command")];
    throw e;
  }
}

function nameDiagnostics(parsed: ParsedTestFile, index: number, names: ClusterNames): Diagnostic[] {
  const c = parsed.cases[index].test!;
  const out: Diagnostic[] = [];
  const base = ["cases", index];
  const member = (name: string, path: PropertyKey[], atKey = false, severity: Diagnostic["severity"] = "error") => {
    if (!names.members.includes(name)) out.push(diag(parsed.locate([...base, ...path], atKey), `unknown cluster member "${name}" in ${names.source}`, "placement-test-name", severity));
  };
  c.given.offline.forEach((m, i) => member(m, ["given", "offline", i]));
  c.given.evacuated.forEach((m, i) => member(m, ["given", "evacuated", i]));
  for (const m of Object.keys(c.given.unavailable_pools)) member(m, ["given", "unavailable_pools", m], true);
  c.given.instances.forEach((inst, i) => {
    member(inst.location, ["given", "instances", i, "location"]);
    if (!names.projects.includes(inst.project)) {
      out.push(diag(parsed.locate([...base, "given", "instances", i, "project"]), `unknown project "${inst.project}" in ${names.source}`, "placement-test-name"));
    }
  });
  // An expectation naming a member that does not exist can never hold: a warning, the case still runs.
  if (c.expect.target) member(c.expect.target, ["expect", "target"], false, "warning");
  c.expect.target_in?.forEach((m, i) => member(m, ["expect", "target_in", i], false, "warning"));
  return out;
}
