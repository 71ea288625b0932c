// `incus-scriptlet run X.authorization.star --identity ID --object OBJ --entitlement E
//   [--cluster S | --remote NAME | --socket PATH] [--project P] [--all-projects]
//   [--claim K=V]... [--incus-version V] [--json]`
// One permission check as Incus would make it. Exit 0 whatever the decision, 1 when the
// scriptlet fails (Incus refuses with its 403 text), 2 on bad input.
import { readFileSync } from "node:fs";
import type { AuthorizationRunResult } from "../incus/authorization/service";
import { IdentityError, parseClaims } from "../incus/authorization/identity";
import { runScriptletKind, RunInputError } from "../incus/run";
import { loadClusterSource, UserError, CLUSTER_FLAGS } from "./cluster-source";
import { flag, FlagError, parseArgs, type ParsedArgs } from "../util/argv";

const USAGE = `usage: incus-scriptlet run FILE.authorization.star --identity tls:NAME|oidc:USER
         --object OBJECT --entitlement ENTITLEMENT [--project P] [--all-projects]
         [--claim KEY=VALUE]... [--cluster SNAPSHOT | --remote NAME | --socket PATH]
         [--incus-version V] [--json]

Asks the authorization scriptlet FILE whether the identity has ENTITLEMENT (e.g. can_view) on
OBJECT (e.g. project:default, instance:default/c1, server:incus), as Incus would for a request
with ?project=P (default "default") or ?all-projects=true. tls:NAME is a certificate of the
cluster's trust store (name or fingerprint prefix); oidc:USER an OIDC user with its claims.
Exit status: 0 allowed or denied, 1 the scriptlet failed, 2 bad input.
`;

export const AUTHORIZATION_SPECS = [
  { names: ["--identity"], kind: "string" as const, key: "identity" },
  { names: ["--object"], kind: "string" as const, key: "object" },
  { names: ["--entitlement"], kind: "string" as const, key: "entitlement" },
  { names: ["--project"], kind: "string" as const, key: "project" },
  { names: ["--all-projects"], kind: "boolean" as const, key: "allProjects" },
  { names: ["--claim"], kind: "string" as const, key: "claim" },
  ...CLUSTER_FLAGS,
  { names: ["--json"], kind: "boolean" as const, key: "json" },
  { names: ["--format"], kind: "string" as const, key: "format" },
  { names: ["-h", "--help"], kind: "boolean" as const, key: "help" },
];

/** Reads the scriptlet and the cluster the way every authorization command does. */
export async function loadAuthorizationInputs(args: ParsedArgs, command: string) {
  const [file, ...extra] = args.positional;
  if (!file || extra.length) throw new UserError(`${command} takes one scriptlet FILE`);
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const identity = flag(args, "identity");
  if (!identity) throw new UserError("--identity is required (tls:NAME, oidc:USER or unix)");
  const claims = parseClaims(args.flags.get("claim") ?? []);
  const { snapshot, label, warnings } = await loadClusterSource({ cluster: flag(args, "cluster"), remote: flag(args, "remote"), socket: flag(args, "socket") });
  for (const w of warnings) process.stderr.write(`${w}\n`);
  return { source, identity, claims, snapshot, label, version: flag(args, "version") };
}

export async function runAuthorizationCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, AUTHORIZATION_SPECS);
    if (flag(args, "help")) {
      process.stdout.write(USAGE);
      return 0;
    }
    const object = flag(args, "object");
    const entitlement = flag(args, "entitlement");
    if (!object || !entitlement) throw new UserError("--object and --entitlement are required");
    const inputs = await loadAuthorizationInputs(args, "run");
    const { result } = (await runScriptletKind({
      kind: "authorization", ...inputs, object, entitlement, project: flag(args, "project"), allProjects: flag(args, "allProjects") === "true",
    })) as { result: AuthorizationRunResult };
    const json = flag(args, "json") === "true" || flag(args, "format") === "json";
    process.stdout.write(json ? JSON.stringify(toJson(result), null, 2) + "\n" : formatText(result, inputs.label, object, entitlement));
    return result.error ? 1 : 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof FlagError || e instanceof RunInputError || e instanceof IdentityError) {
      process.stderr.write(`incus-scriptlet run: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** The documented --json shape: {"allowed", "logs", "error"} (+ "notes" when there are some). */
export function toJson(r: AuthorizationRunResult): unknown {
  return {
    allowed: r.allowed,
    logs: r.logs.map((l) => ({ level: l.level, message: l.message })),
    error: r.error,
    ...(r.notes.length ? { notes: r.notes } : {}),
  };
}

function formatText(r: AuthorizationRunResult, label: string, object: string, entitlement: string): string {
  const lines = [
    `Cluster: ${label} (Incus ${r.version})`,
    `Identity: ${r.identity.label} → ${r.identity.protocol} user ${r.identity.username}${r.identity.restricted ? ` (restricted to ${r.identity.projects.join(", ") || "no project"})` : ""}`,
    `details: ${r.details}`,
    "",
  ];
  for (const l of r.logs) lines.push(`  log ${l.level.padEnd(5)}  ${l.message}`);
  const verdict = r.error ? "ERROR" : r.allowed ? "ALLOWED" : "DENIED";
  lines.push(`${verdict}: ${entitlement} on ${object}`);
  if (r.error) lines.push(`  Incus answers 403: ${r.error}`, "  (in a list, the item would be left out silently)");
  else if (!r.allowed) lines.push(`  Incus answers 403: Permission denied`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join("\n") + "\n";
}
