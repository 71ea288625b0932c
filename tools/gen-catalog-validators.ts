// Allowed values as Incus actually enforces them, mined from the validators in the Incus source
// at a given git revision: `"key": validate.Optional(validate.IsOneOf("a", "b"))`, the project
// helpers isEitherAllowOrBlock[OrManaged], and `IsOneOf(list...)` spreads of package-level
// `var list = []string{...}`. The docs sometimes run ahead of the code (7.3.0's validator rejects
// cluster.evacuate=refresh-migrate although later metadata lists it), so these win over prose.

import { execFileSync } from "node:child_process";

export interface ValidatorFacts {
  values: string[];
  /** False when IsOneOf is only one branch of validate.Or(...): other values are accepted too. */
  exhaustive: boolean;
  /** IsListOf(IsOneOf(...)): a comma-separated list of those values. */
  list: boolean;
}

/** Which catalog entities a validator in `file` applies to (a predicate on entity ids). */
function entitiesForFile(file: string): ((id: string) => boolean) | undefined {
  if (file === "internal/instance/config.go") return (id) => id === "instance";
  if (file === "internal/server/cluster/config/config.go" || file === "internal/server/node/config.go") return (id) => id === "server";
  if (file === "cmd/incusd/api_project.go") return (id) => id === "project";
  if (file === "cmd/incusd/api_cluster.go") return (id) => id === "cluster-member";
  let m = /^internal\/server\/device\/(disk|nic|proxy|usb|pci|tpm|gpu|infiniband|unix_hotplug)\.go$/.exec(file);
  if (m) {
    const type = m[1].replace("_", "-");
    return (id) => id === `device:${type}` || id.startsWith(`device:${type}:`);
  }
  m = /^internal\/server\/device\/nic_(\w+)\.go$/.exec(file);
  if (m) return (id) => id === `device:nic:${m![1]}`;
  m = /^internal\/server\/network\/driver_(bridge|macvlan|ovn|physical|sriov)\.go$/.exec(file);
  if (m) return (id) => id === `network:${m![1]}`;
  m = /^internal\/server\/storage\/drivers\/driver_(\w+)_volumes\.go$/.exec(file);
  if (m) return (id) => id === `storage-volume:${m![1]}`;
  m = /^internal\/server\/storage\/drivers\/driver_(\w+)\.go$/.exec(file);
  if (m) return (id) => id === `storage-pool:${m![1]}`;
  return undefined;
}

const HELPERS: Record<string, string[]> = {
  isEitherAllowOrBlock: ["block", "allow"],
  isEitherAllowOrBlockOrManaged: ["block", "allow", "managed"],
};

export class ValidatorIndex {
  private rules: Array<{ applies: (id: string) => boolean; key: string; facts: ValidatorFacts }> = [];
  private lists = new Map<string, string[] | undefined>();

  constructor(
    private repo: string,
    private ref: string,
  ) {
    const out = this.git([
      "grep", "-n", "-E",
      `"[A-Za-z0-9_.*<>-]+"\\s*:\\s*.*(IsOneOf\\(|isEitherAllowOrBlock)`,
      ref, "--", "*.go", ":!*_test.go",
    ]);
    for (const line of out.split("\n")) {
      const m = /^[^:]+:([^:]+):\d+:\s*"([^"]+)"\s*:\s*(.*)$/.exec(line);
      if (!m) continue;
      const [, file, key, expr] = m;
      let applies = entitiesForFile(file);
      if (!applies) continue;
      if (file === "internal/server/device/nic.go") {
        // nic.go holds defaults; a NIC type's own file may replace one (`rules["mode"] = ...` in
        // nic_ipvlan.go), and then the default does not apply to that type.
        const own = this.git(["grep", "-l", "-E", `rules\\["${key.replace(/\./g, "\\.")}"\\]\\s*=`, ref, "--", "internal/server/device/nic_*.go"])
          .split("\n")
          .map((l) => /nic_(\w+)\.go$/.exec(l)?.[1])
          .filter((t): t is string => !!t)
          .map((t) => `device:nic:${t}`);
        const base = applies;
        applies = (id) => base(id) && !own.includes(id);
      }
      const facts = this.parse(expr);
      if (facts) this.rules.push({ applies, key, facts });
    }
  }

  private git(args: string[]): string {
    try {
      return execFileSync("git", ["-C", this.repo, ...args], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      // git grep exits 1 when nothing matches
      if ((e as { status?: number }).status === 1) return "";
      throw e;
    }
  }

  /** `var name = []string{"a", "b"}` anywhere in the tree at this ref. */
  private stringList(name: string): string[] | undefined {
    if (!this.lists.has(name)) {
      const out = this.git(["grep", "-h", "-E", `\\b${name}\\s*=\\s*\\[\\]string\\{`, this.ref, "--", "*.go"]);
      const m = /\{([^}]*)\}/.exec(out);
      this.lists.set(name, m ? [...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]) : undefined);
    }
    return this.lists.get(name);
  }

  private parse(expr: string): ValidatorFacts | undefined {
    for (const [helper, values] of Object.entries(HELPERS)) {
      if (new RegExp(`^${helper}\\b`).test(expr.trim())) return { values, exhaustive: true, list: false };
    }
    const at = expr.indexOf("IsOneOf(");
    if (at < 0) return undefined;
    const args = expr.slice(at + "IsOneOf(".length, expr.indexOf(")", at));
    let values: string[] | undefined;
    const spread = /^\s*(?:\w+\.)?(\w+)\.\.\.\s*$/.exec(args);
    if (spread) values = this.stringList(spread[1]);
    else if (/^\s*"/.test(args)) values = [...args.matchAll(/"([^"]*)"/g)].map((x) => x[1]);
    if (!values || values.length === 0) return undefined;
    const before = expr.slice(0, at);
    return { values, exhaustive: !/validate\.Or\(/.test(before), list: /IsListOf\(/.test(before) };
  }

  /** The validator facts for `key` of entity `id`, if Incus validates it with a fixed set. */
  lookup(id: string, key: string): ValidatorFacts | undefined {
    return this.rules.find((r) => r.key === key && r.applies(id))?.facts;
  }
}
