// What a QEMU what-if runs against: the configuration sections and command line Incus would
// have generated, and the replies QMP would give. A fixture file (JSON or YAML) may give any
// part; the rest comes from the recorded default (default-fixture.json, documented there).
//   conf:      [{name, comment, entries: {key: value} | [[key, value], ...]}]
//   conf_file: path of a qemu.conf as Incus writes it (e.g. copied from /var/log/incus/VM/)
//   cmdline:   [arg, ...]
//   qmp:       {COMMAND: REPLY | [REPLY, ...] | {STAGE: REPLY}}   REPLY = {"return": ...} | {"error": {"class", "desc"}}
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import defaults from "./default-fixture.json";
import { parseQemuConf, QemuConfError, type QemuSection } from "./conf";

const entries = z.union([z.record(z.string(), z.string()), z.array(z.tuple([z.string(), z.string()]))]);
const section = z.object({ name: z.string(), comment: z.string().default(""), entries: entries.default([]) });
const reply = z.looseObject({});
const fixtureSchema = z.strictObject({
  $comment: z.string().optional(),
  conf: z.array(section).optional(),
  conf_file: z.string().optional(),
  cmdline: z.array(z.string()).optional(),
  qmp: z.record(z.string(), z.union([z.array(reply), reply])).optional(),
});

export type QmpReply = Record<string, unknown>;

export interface QemuFixture {
  conf: QemuSection[];
  cmdline: string[];
  qmp: Record<string, QmpReply | QmpReply[]>;
  /** Where each part came from (the default or the file), for the report. */
  sources: { conf: string; cmdline: string; qmp: string };
}

export class FixtureError extends Error {}

function toSections(list: z.infer<typeof section>[]): QemuSection[] {
  return list.map((s) => ({ name: s.name, comment: s.comment, entries: Array.isArray(s.entries) ? s.entries.map(([k, v]) => [k, v] as [string, string]) : Object.entries(s.entries) }));
}

/** The fixture for an instance: `NAME`/`UUID` in the default are the instance's. */
export function loadFixture(file: string | undefined, instance: { name: string; uuid?: string }): QemuFixture {
  const subst = (s: string) => s.replace(/\bNAME\b/g, instance.name).replace(/\bUUID\b/g, instance.uuid || "00000000-0000-0000-0000-000000000000");
  const base = fixtureSchema.parse(defaults);
  const fixture: QemuFixture = {
    conf: toSections(base.conf!).map((s) => ({ ...s, entries: s.entries.map(([k, v]) => [k, subst(v)] as [string, string]) })),
    cmdline: base.cmdline!.map(subst),
    qmp: base.qmp as QemuFixture["qmp"],
    sources: { conf: "recorded default", cmdline: "recorded default", qmp: "recorded default" },
  };
  if (!file) return fixture;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new FixtureError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new FixtureError(`${file}: ${(e as Error).message}`);
  }
  const parsed = fixtureSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FixtureError(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  const f = parsed.data;
  if (f.conf && f.conf_file) throw new FixtureError(`${file}: give conf or conf_file, not both`);
  if (f.conf) fixture.conf = toSections(f.conf);
  if (f.conf_file) {
    const confPath = path.resolve(path.dirname(file), f.conf_file);
    try {
      fixture.conf = parseQemuConf(readFileSync(confPath, "utf8"));
    } catch (e) {
      throw new FixtureError(`${confPath}: ${e instanceof QemuConfError ? e.message : (e as Error).message}`);
    }
  }
  if (f.conf || f.conf_file) fixture.sources.conf = file;
  if (f.cmdline) (fixture.cmdline = f.cmdline), (fixture.sources.cmdline = file);
  if (f.qmp) (fixture.qmp = { ...fixture.qmp, ...(f.qmp as QemuFixture["qmp"]) }), (fixture.sources.qmp = `${file} (then the default)`);
  return fixture;
}
