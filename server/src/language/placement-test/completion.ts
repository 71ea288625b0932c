// Completion in a `*.placement.test.yaml` buffer: the format's keys at each level, member names
// where a member goes (offline, evacuated, unavailable_pools, location, target, target_in),
// project names after `project:`, and incus commands after `run:`. Context comes from the line
// and the keys above it (by indentation): a half-typed file is rarely valid YAML.
import type { CompletionItem } from "../scriptlet/completion";
import type { ClusterNames } from "../scriptlet/context";

const TOP_KEYS: [string, string][] = [
  ["scriptlet", "The placement scriptlet, relative to this file"],
  ["cluster", "A cluster snapshot file, or sample"],
  ["incus_version", "Incus version to simulate (default: the snapshot's)"],
  ["cases", "The scenarios"],
];
const CASE_KEYS: [string, string][] = [
  ["name", "What the case checks"],
  ["given", "Changes to the cluster for this case"],
  ["run", "The incus command (what follows `incus`)"],
  ["expect", "What must hold (every key optional)"],
];
const GIVEN_KEYS: [string, string][] = [
  ["offline", "Members made offline"],
  ["evacuated", "Members made evacuated"],
  ["unavailable_pools", "member → pools unavailable on it"],
  ["instances", "Instances added"],
];
const EXPECT_KEYS: [string, string][] = [
  ["target", "The member every placement lands on"],
  ["target_in", "Members the placements may land on"],
  ["error", "null for success, or Incus's exact error text"],
  ["error_contains", "A substring of Incus's error text"],
  ["logs_contain", "Substrings found in the scriptlet's log messages"],
  ["placements", "Number of placements (evacuate: one per instance)"],
];
const INSTANCE_KEYS: [string, string][] = [
  ["name", "Instance name"],
  ["location", "Member it is on"],
  ["project", "Project"],
  ["type", "container or virtual-machine"],
  ["profiles", "Profiles"],
  ["config", "Instance config"],
];

const MEMBER_KEYS = new Set(["offline", "evacuated", "location", "target", "target_in", "unavailable_pools"]);

interface LineInfo {
  indent: number;
  key?: string;
  isItem: boolean;
}

function lineInfo(line: string): LineInfo {
  const m = /^(\s*)(- +)?([A-Za-z_$][\w.$-]*)\s*:/.exec(line);
  const lead = /^(\s*)(- +)?/.exec(line)!;
  return { indent: lead[1].length + (lead[2]?.length ?? 0), key: m?.[3], isItem: !!lead[2] };
}

/** The chain of keys enclosing `lineNo` (outermost first), from the indentation above it. */
function enclosingKeys(lines: string[], lineNo: number, indent: number): string[] {
  const chain: string[] = [];
  let limit = indent;
  for (let i = lineNo - 1; i >= 0 && limit > 0; i--) {
    if (!lines[i].trim() || lines[i].trim().startsWith("#")) continue;
    const info = lineInfo(lines[i]);
    const own = /^(\s*)/.exec(lines[i])![1].length;
    if (own < limit && info.key) {
      chain.unshift(info.key);
      limit = own;
    } else if (own < limit) limit = own;
  }
  return chain;
}

const keyItems = (keys: [string, string][]): CompletionItem[] => keys.map(([k, d]) => ({ label: k, kind: "field", detail: d, insertText: `${k}: ` }));

function memberItems(names: ClusterNames | undefined): CompletionItem[] {
  return (names?.members ?? []).map((m) => ({ label: m, kind: "value", detail: `member of ${names!.source}` }));
}

function commandItems(names: ClusterNames | undefined): CompletionItem[] {
  const members = names?.members ?? [];
  const items: CompletionItem[] = [
    { label: "create --empty NAME", kind: "value", detail: "a new instance", insertText: "create --empty c1" },
    { label: "create --empty NAME -c KEY=VALUE", kind: "value", detail: "a new instance with config", insertText: "create --empty c1 -c user.tier=gold" },
  ];
  for (const m of members) items.push({ label: `cluster evacuate ${m}`, kind: "value", detail: "evacuate a member" });
  for (const m of members) items.push({ label: `create --empty c1 --target ${m}`, kind: "value", detail: "create on a member" });
  for (const g of names?.groups ?? []) items.push({ label: `create --empty c1 --target @${g}`, kind: "value", detail: "create in a cluster group" });
  return items;
}

export function placementTestCompletion(text: string, offset: number, names?: ClusterNames): CompletionItem[] {
  const before = text.slice(0, offset);
  const lines = text.split("\n");
  const lineNo = before.split("\n").length - 1;
  const line = lines[lineNo] ?? "";
  const col = offset - (before.lastIndexOf("\n") + 1);
  const head = line.slice(0, col);
  const info = lineInfo(line);
  // After `key:` on this line: a value for that key.
  const valueOf = /^\s*(?:- +)?([A-Za-z_$][\w.$-]*)\s*:\s*(.*)$/.exec(head);
  const chain = enclosingKeys(lines, lineNo, /^(\s*)/.exec(line)![1].length + (info.isItem ? 0 : 0));
  const parent = chain[chain.length - 1];
  if (valueOf) {
    const key = valueOf[1];
    if (key === "run") return commandItems(names);
    if (key === "project") return (names?.projects ?? []).map((p) => ({ label: p, kind: "value", detail: `project of ${names!.source}` }));
    if (key === "cluster") return [{ label: "sample", kind: "value", detail: "the bundled sample cluster" }];
    if (key === "type") return ["container", "virtual-machine"].map((t) => ({ label: t, kind: "value" }));
    if (key === "error") return [{ label: "null", kind: "constant", detail: "the command succeeds" }];
    if (MEMBER_KEYS.has(key)) return memberItems(names);
    // Inside a flow mapping such as {offline: [node1, |]} the innermost key before `[`.
    const flowKey = /([A-Za-z_]+)\s*:\s*\[[^\]]*$/.exec(head)?.[1];
    if (flowKey && MEMBER_KEYS.has(flowKey)) return memberItems(names);
    return [];
  }
  // A list item under a member list (`offline:` then `- node1`).
  if (info.isItem && parent && MEMBER_KEYS.has(parent) && !/:/.test(head)) return memberItems(names);
  // Keys: by the enclosing key.
  if (parent === undefined) return keyItems(TOP_KEYS);
  if (parent === "cases") return keyItems(CASE_KEYS);
  if (parent === "given") return keyItems(GIVEN_KEYS);
  if (parent === "expect") return keyItems(EXPECT_KEYS);
  if (parent === "instances") return keyItems(INSTANCE_KEYS);
  if (parent === "unavailable_pools") return memberItems(names);
  return [];
}
