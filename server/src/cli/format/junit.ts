// `run --format junit`: a simulation as a JUnit XML report, so CI systems show each placement
// as a test: one <testcase> per placement, a <failure> when Incus would refuse it, the
// scriptlet's log lines as <system-out>. Validated in tests against the Jenkins xUnit JUnit XSD.
import type { Placement, SimulationResult } from "../../incus/placement/result";
import { TOOL_NAME } from "./tool-info";

export function toJUnit(result: SimulationResult, suiteName: string): string {
  const failures = result.placements.filter((p) => p.error).length;
  // A run the tool stopped at its own limit has no Incus outcome: a JUnit error, not a failure.
  const errors = result.placements.filter((p) => p.stoppedBy).length;
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${attr(TOOL_NAME)}" tests="${result.placements.length}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="${attr(suiteName)}" tests="${result.placements.length}" failures="${failures}" errors="${errors}" skipped="0">`,
  ];
  for (const p of result.placements) out.push(...testcase(p));
  out.push(`  </testsuite>`, `</testsuites>`, "");
  return out.join("\n");
}

function testcase(p: Placement): string[] {
  const name = `${p.instance || "(no instance)"} (${p.reason})`;
  const lines = [`    <testcase name="${attr(name)}" classname="${attr(`project ${p.project || "default"}`)}" time="0">`];
  if (p.error) {
    const message = p.incusMessage ?? p.error;
    const where = (p.backtrace ?? []).map((f) => `at ${f.function} line ${f.line}:${f.col}`).join("\n");
    lines.push(`      <failure type="incus-refused" message="${attr(message)}">${text([message, where].filter(Boolean).join("\n"))}</failure>`);
  }
  if (p.stoppedBy) lines.push(`      <error type="tool-limit" message="${attr(p.stoppedBy)}">${text(p.stoppedBy)}</error>`);
  const out = [
    p.target ? `target: ${p.target} (${p.chosenBy})` : "",
    p.candidates.length ? `candidates: ${p.candidates.join(", ")}` : "",
    ...p.excluded.map((e) => `left out: ${e.member} — ${e.why}`),
    ...p.logs.map((l) => `log ${l.level}: ${l.message}`),
  ].filter(Boolean);
  if (out.length) lines.push(`      <system-out>${text(out.join("\n"))}</system-out>`);
  lines.push(`    </testcase>`);
  return lines;
}

/** Characters XML 1.0 cannot carry at all (controls other than tab, LF, CR; lone surrogates; U+FFFE/F). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(s: string): string {
  return s.replace(NOT_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
