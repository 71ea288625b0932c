// The QEMU what-if: run `qemu_hook(instance, stage)` at each start stage as Incus's VM start
// does (internal/server/instance/drivers/driver_qemu.go runStartupScriptlet: config before the
// config file is written, then early, pre-start and post-start around the QMP setup; one
// configuration and command line carried through the stages), and show what changed.
import { Session, type HostFunction } from "../../starlark/engine";
import { hostRepr } from "../scriptlet/host-repr";
import { toHostValue } from "../scriptlet/host-values";
import { compileErrorText, compileScriptlet, validateScriptlet } from "../scriptlet/validate";
import { qemuBuiltins, CALL_POS, decodeSection, type QemuStageState, type QmpCall } from "./builtins";
import { stringifyQemuConf, type QemuSection } from "./conf";
import { diffLines, type DiffLine } from "./diff";
import type { QemuFixture, QmpReply } from "./fixture";

export const QEMU_STAGES = ["config", "early", "pre-start", "post-start"] as const;
export type QemuStage = (typeof QEMU_STAGES)[number];

export interface QemuStageResult {
  stage: QemuStage;
  logs: { level: string; message: string }[];
  qmp: QmpCall[];
  /** Incus's error for this stage (the VM fails to start), or null. */
  error: string | null;
}

export interface QemuRunResult {
  instance: string;
  version: string;
  stages: QemuStageResult[];
  /** The first stage error (what `incus start` reports), or null. */
  error: string | null;
  conf: { before: QemuSection[]; after: QemuSection[]; diff: DiffLine[] };
  cmdline: { before: string[]; after: string[]; diff: DiffLine[] };
  notes: string[];
}

export interface QemuRunInput {
  source: string;
  /** The instance as the API returns it (GET /1.0/instances/NAME). */
  instance: Record<string, unknown> & { name: string };
  version: string;
  fixture: QemuFixture;
  /** One stage, or all four in order (default). */
  stages?: readonly QemuStage[];
  timeoutMs?: number;
}

function sectionsToJson(conf: readonly QemuSection[]): Record<string, unknown>[] {
  return conf.map((s) => ({ name: s.name, comment: s.comment, entries: Object.fromEntries(s.entries) }));
}

function sectionsFromJson(list: Record<string, unknown>[]): QemuSection[] {
  // Entries come back from a Go map: Incus writes them in no particular order; sorted here.
  return list.map((s) => {
    const d = decodeSection(s)!;
    return { ...d, entries: [...d.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
  });
}

const confLines = (conf: readonly QemuSection[]) => stringifyQemuConf(conf).split("\n");

export async function runQemu(input: QemuRunInput): Promise<QemuRunResult> {
  const { version, fixture } = input;
  const stages = input.stages ?? QEMU_STAGES;
  const notes: string[] = [
    `configuration: ${fixture.sources.conf}; command line: ${fixture.sources.cmdline}; QMP replies: ${fixture.sources.qmp}`,
  ];
  const before = { conf: fixture.conf, cmdline: [...fixture.cmdline] };
  const result = (stageResults: QemuStageResult[], conf: QemuSection[], cmdline: string[], error: string | null): QemuRunResult => ({
    instance: input.instance.name, version, stages: stageResults, error,
    conf: { before: sectionsFromJson(sectionsToJson(before.conf)), after: conf, diff: diffLines(confLines(sectionsFromJson(sectionsToJson(before.conf))), confLines(conf)) },
    cmdline: { before: before.cmdline, after: cmdline, diff: diffLines(before.cmdline, cmdline) },
    notes,
  });

  const compiled = compileScriptlet("qemu", input.source, version);
  if (!compiled.program) {
    // At start Incus compiles the scriptlet as "qemu/NAME" (scriptlet/load QEMUSet).
    const err = `Failed loading QEMU scriptlet: ${compileErrorText(`qemu/${input.instance.name}`, compiled.diagnostics[0])}`;
    return result([], sectionsFromJson(sectionsToJson(before.conf)), before.cmdline, err);
  }
  const validation = await validateScriptlet("qemu", input.source, version);
  if (validation.error) notes.push(`Incus refuses to set raw.qemu.scriptlet to this file: ${validation.error}`);

  let conf = before.conf;
  let cmdline = [...before.cmdline];
  let id = 0;
  const replyCursor = new Map<string, number>();
  let current: QemuStageState | undefined;
  const session = await Session.create();
  const stageResults: QemuStageResult[] = [];
  try {
    const dispatch: Record<string, HostFunction> = {};
    const template = qemuBuiltins({ stage: "config", version, cmdline: [], confSections: [], logs: [], qmpCalls: [], qmp: () => ({ reply: {}, answeredBy: "default" }), nextId: () => 0 });
    for (const name of Object.keys(template)) dispatch[name] = (args, kwargs) => qemuBuiltins(current!)[name](args, kwargs);
    const init = session.init(compiled.program, dispatch, { timeoutMs: input.timeoutMs ?? 5000 });
    const instanceValue = () => toHostValue(input.instance, "Instance", version);
    for (const stage of stages) {
      const st: QemuStageState = {
        stage, version, cmdline, confSections: sectionsToJson(conf), logs: [], qmpCalls: [],
        qmp: (execute) => answer(fixture, execute, stage, replyCursor),
        nextId: () => ++id,
      };
      current = st;
      const res: QemuStageResult = { stage, logs: st.logs, qmp: st.qmpCalls, error: null };
      stageResults.push(res);
      const fail = (msg: string) => {
        res.error = `Failed running QEMU scriptlet at ${stage} stage: ${msg}`;
      };
      if (init.error) fail(`Failed initializing: ${init.error.message}`);
      else if (!session.globals().some((g) => g.name === "qemu_hook")) fail("Scriptlet missing qemu_hook function");
      else {
        const r = session.call("qemu_hook", [], [["instance", instanceValue()], ["stage", stage]]);
        if (r.error) {
          const frame = r.error.backtrace[r.error.backtrace.length - 1];
          fail(`Failed to run: ${r.error.message.split(CALL_POS).join(frame ? `${frame.line}:${frame.col}` : "0:0")}`);
        } else if (r.value !== null) fail(`Failed with unexpected return value: ${hostRepr(r.value)}`);
      }
      cmdline = st.cmdline;
      if (res.error) break; // the VM does not start: later stages never run
      conf = sectionsFromJson(st.confSections);
    }
  } finally {
    session.dispose();
  }
  const error = stageResults.find((s) => s.error)?.error ?? null;
  if (stages.length === 1 && stages[0] !== "config") notes.push(`only the ${stages[0]} stage was run; configuration and command-line changes are only possible at the config stage`);
  return result(stageResults, sectionsFromJson(sectionsToJson(conf)), cmdline, error);
}

/** The fixture's reply for a command at a stage: a list is consumed in order (the last one
 *  repeats), {STAGE: reply} picks by stage, else the reply itself; unknown commands succeed
 *  with an empty return. */
function answer(fixture: QemuFixture, execute: string, stage: string, cursor: Map<string, number>): { reply: QmpReply; answeredBy: "fixture" | "default" } {
  const entry = fixture.qmp[execute];
  if (entry === undefined) return { reply: { return: {} }, answeredBy: "default" };
  if (Array.isArray(entry)) {
    const i = cursor.get(execute) ?? 0;
    cursor.set(execute, i + 1);
    return { reply: entry[Math.min(i, entry.length - 1)], answeredBy: "fixture" };
  }
  const byStage = entry as Record<string, unknown>;
  if (!("return" in byStage) && !("error" in byStage)) {
    const r = byStage[stage] as QmpReply | undefined;
    return r ? { reply: r, answeredBy: "fixture" } : { reply: { return: {} }, answeredBy: "default" };
  }
  return { reply: entry, answeredBy: "fixture" };
}
