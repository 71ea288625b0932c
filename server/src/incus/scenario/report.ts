// How test results are printed: one line per case for a terminal, JUnit XML for CI.
import { formatDifference } from "./expect";
import type { CaseResult, FileResult, TestSummary } from "./run-tests";
import type { TestFileProblem } from "./test-file";

const problemLine = (p: TestFileProblem) => `${p.file}:${p.line}:${p.col}: ${p.message}`;

/** `✓ name` / `✗ name: what differed, wanted vs got`; problems each at their position. */
export function caseLine(c: CaseResult): string {
  if (c.status === "passed") return `✓ ${c.name}`;
  if (c.status === "failed") return `✗ ${c.name}: ${c.differences.map(formatDifference).join("; ")}`;
  return `✗ ${c.name}: ${c.problems.map(problemLine).join("; ")}`;
}

export function formatText(files: FileResult[], summary: TestSummary, multipleFiles: boolean): string {
  const lines: string[] = [];
  for (const f of files) {
    if (multipleFiles) lines.push(f.file);
    for (const p of f.problems) lines.push(`${problemLine(p)}`);
    for (const c of f.cases) lines.push((multipleFiles ? "  " : "") + caseLine(c));
  }
  lines.push(`${summary.passed} passed, ${summary.failed} failed${summary.malformed ? ` (${summary.malformed} malformed)` : ""}`);
  return lines.join("\n") + "\n";
}

function xml(s: string): string {
  // XML 1.0 cannot carry most control characters even escaped: drop them.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JUnit XML as CI servers read it: one testsuite per file, one testcase per case. */
export function formatJunit(files: FileResult[], summary: TestSummary): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = summary.passed + summary.failed;
  out.push(`<testsuites name="incus-scriptlet test" tests="${total}" failures="${summary.failed}" errors="${summary.malformed}">`);
  for (const f of files) {
    const failures = f.cases.filter((c) => c.status === "failed").length;
    const errors = f.cases.filter((c) => c.status === "error").length + (f.problems.length ? 1 : 0);
    const time = f.cases.reduce((t, c) => t + c.durationMs, 0) / 1000;
    out.push(`  <testsuite name="${xml(f.file)}" tests="${f.cases.length + (f.problems.length ? 1 : 0)}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`);
    if (f.problems.length) {
      out.push(`    <testcase name="${xml("(file)")}" classname="${xml(f.file)}">`);
      out.push(`      <error message="${xml(f.problems[0].message)}">${xml(f.problems.map(problemLine).join("\n"))}</error>`);
      out.push("    </testcase>");
    }
    for (const c of f.cases) {
      out.push(`    <testcase name="${xml(c.name)}" classname="${xml(f.file)}" file="${xml(f.file)}" line="${c.range.line}" time="${(c.durationMs / 1000).toFixed(3)}">`);
      if (c.status === "failed") {
        const text = c.differences.map(formatDifference).join("\n");
        out.push(`      <failure message="${xml(text.split("\n")[0])}">${xml(text)}</failure>`);
      } else if (c.status === "error") {
        out.push(`      <error message="${xml(c.problems[0]?.message ?? "error")}">${xml(c.problems.map(problemLine).join("\n"))}</error>`);
      }
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}
