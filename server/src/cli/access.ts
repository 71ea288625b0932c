// `incus-scriptlet access X.authorization.star --identity ID [--cluster S] [--format json]`:
// every object of the cluster × every entitlement that applies → allowed / denied / error.
import type { AccessMatrix } from "../incus/authorization/service";
import { runScriptletKind, RunInputError } from "../incus/run";
import { IdentityError } from "../incus/authorization/identity";
import { AUTHORIZATION_SPECS, loadAuthorizationInputs } from "./run-authorization";
import { UserError } from "./cluster-source";
import { flag, FlagError, parseArgs } from "../util/argv";

const USAGE = `usage: incus-scriptlet access FILE.authorization.star --identity tls:NAME|oidc:USER
         [--claim KEY=VALUE]... [--cluster SNAPSHOT | --remote NAME | --socket PATH]
         [--incus-version V] [--format text|json]

Asks the authorization scriptlet every question Incus could ask about the cluster's objects
(server, certificates, storage pools, projects, profiles, instances) for one identity.
Exit status: 0 (also when some cells fail: they are marked), 2 bad input.
`;

export async function accessCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, AUTHORIZATION_SPECS);
    if (flag(args, "help")) {
      process.stdout.write(USAGE);
      return 0;
    }
    const format = flag(args, "json") === "true" ? "json" : flag(args, "format") ?? "text";
    if (format !== "text" && format !== "json") throw new UserError(`--format "${format}": want text or json`);
    const inputs = await loadAuthorizationInputs(args, "access");
    const matrix = ((await runScriptletKind({ kind: "access", ...inputs })) as { result: AccessMatrix }).result;
    process.stdout.write(format === "json" ? JSON.stringify(matrix, null, 2) + "\n" : formatMatrix(matrix, inputs.label));
    return 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof FlagError || e instanceof RunInputError || e instanceof IdentityError) {
      process.stderr.write(`incus-scriptlet access: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

const MARK = { allowed: "✓", denied: "·", error: "!" } as const;

export function formatMatrix(m: AccessMatrix, label: string): string {
  const id = m.identity;
  const lines = [
    `Cluster: ${label} (Incus ${m.version})`,
    `Identity: ${id.label} → ${id.protocol} user ${id.username}${id.restricted ? ` (restricted to ${id.projects.join(", ") || "no project"})` : ""}`,
    `${m.counts.allowed} allowed, ${m.counts.denied} denied, ${m.counts.error} errors   (✓ allowed  · denied  ! scriptlet error  ✓* allowed outside the certificate's projects)`,
    "",
  ];
  if (m.validationError) lines.push(`Incus refuses to set authorization.scriptlet to this file: ${m.validationError}`, "");
  const width = Math.max(...m.rows.map((r) => r.object.length), 6);
  for (const r of m.rows) {
    const cells = r.cells.map((c) => `${c.entitlement} ${MARK[c.decision]}${c.outsideRestriction ? "*" : ""}`);
    lines.push(`${r.object.padEnd(width)}  ${cells.join("  ")}`);
    if (r.access) lines.push(`${"".padEnd(width)}  access: ${r.access.error ?? (r.access.identifiers.join(", ") || "(nobody)")}`);
  }
  const errors = new Map<string, string[]>();
  for (const r of m.rows) for (const c of r.cells) if (c.error) errors.set(c.error, [...(errors.get(c.error) ?? []), `${c.entitlement} on ${r.object}`]);
  if (errors.size) {
    lines.push("", "Errors (Incus answers 403 with this text; in lists the item is left out):");
    for (const [err, where] of errors) lines.push(`  ${err}`, `    ${where.length} cell(s), e.g. ${where.slice(0, 3).join("; ")}`);
  }
  for (const n of m.notes) lines.push(`note: ${n}`);
  return lines.join("\n") + "\n";
}
