// `check --format sarif`: the findings as a SARIF 2.1.0 log, the format code-scanning services
// (GitHub, GitLab, Azure DevOps) ingest. One run, one rule per diagnostic code, one result per
// finding with a 1-based region. Columns count UTF-16 code units (`columnKind`), like the LSP
// ranges the diagnostics carry, so a finding after a non-ASCII character lands on the same spot.
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { TOOL_NAME, TOOL_URI, toolVersion } from "./tool-info";

/** What a finding needs to be reported: the shape of check's diagnostics. */
export interface SarifFinding {
  file: string;
  severity: "error" | "warning" | "information" | "hint";
  message: string;
  code?: string;
  /** 0-based, LSP style. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const LEVEL = { error: "error", warning: "warning", information: "note", hint: "note" } as const;

/** Findings without a code of their own share this rule. */
const GENERIC_RULE = "incus-scriptlet";

export function toSarif(findings: readonly SarifFinding[], cwd = process.cwd()): Record<string, unknown> {
  const ruleIndex = new Map<string, number>();
  const rules: Record<string, unknown>[] = [];
  for (const f of findings) {
    const id = f.code || GENERIC_RULE;
    if (ruleIndex.has(id)) continue;
    ruleIndex.set(id, rules.length);
    rules.push({
      id,
      name: ruleName(id),
      shortDescription: { text: `incus-scriptlet check: ${id}` },
      defaultConfiguration: { level: LEVEL[f.severity] },
      helpUri: `${TOOL_URI}#cli`,
    });
  }
  const results = findings.map((f) => {
    const id = f.code || GENERIC_RULE;
    const { start, end } = f.range;
    // 0-based exclusive LSP ends become 1-based exclusive SARIF ends; an empty range still
    // marks one character (SARIF wants endColumn > startColumn on one line).
    const endLine = Math.max(end.line, start.line);
    const endColumn = (endLine === start.line ? Math.max(end.character, start.character + 1) : end.character) + 1;
    return {
      ruleId: id,
      ruleIndex: ruleIndex.get(id),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(f.file, cwd),
            region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: endLine + 1, endColumn },
          },
        },
      ],
    };
  });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: toolVersion(), semanticVersion: toolVersion(), informationUri: TOOL_URI, rules } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd + path.sep).href } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

/** Files under the working directory are relative to SRCROOT (what code scanning expects); others absolute. */
function artifactLocation(file: string, cwd: string): Record<string, string> {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (!rel.startsWith("..") && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "SRCROOT" };
  return { uri: pathToFileURL(abs).href };
}

/** `unknown-reason` → `UnknownReason`: SARIF rule names are identifier-like. */
function ruleName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}
