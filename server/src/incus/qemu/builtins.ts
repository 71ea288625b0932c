// The predeclared functions of a QEMU scriptlet as Incus's QEMURun defines them
// (internal/server/scriptlet/qemu.go at v6.0.4 and v7.3.0), over a simulated VM: the
// configuration and command line are the run's state, QMP is answered from the fixture.
import { StarlarkError, type HostFunction, type HostValue } from "../../starlark/engine";
import { hostStr, hostTypeName } from "../scriptlet/host-repr";
import { unpackArgs } from "../scriptlet/unpack";
import { releaseInfo } from "../knowledge/versions";
import { predeclaredNames } from "../knowledge/scriptlets";
import type { QmpReply } from "./fixture";
import { jsonToStarlark, starlarkToJson } from "./values";

export type QemuLogLevel = "info" | "warn" | "error";

export interface QmpCall {
  /** The builtin the scriptlet called. */
  builtin: string;
  /** The QMP request as Incus would send it. */
  request: Record<string, unknown>;
  reply: QmpReply;
  /** "fixture" or "default" (a reply nobody recorded: {"return": {}}). */
  answeredBy: "fixture" | "default";
}

/** One stage's view of the VM, shared with the runner. */
export interface QemuStageState {
  stage: string;
  version: string;
  cmdline: string[];
  /** The sections as the scriptlet sees them: JSON maps (Incus's cfgSections). */
  confSections: Record<string, unknown>[];
  logs: { level: QemuLogLevel; message: string }[];
  qmpCalls: QmpCall[];
  /** Answers a QMP command (execute name, arguments). */
  qmp: (execute: string) => { reply: QmpReply; answeredBy: "fixture" | "default" };
  /** The QMP id counter of 7.x (run_qmp adds "id" to the request). */
  nextId: () => number;
}

/** Placeholder the runner replaces with the caller's line:col (Incus prints the call position). */
export const CALL_POS = "\u0000POS\u0000";

/** The QOM/QMP helpers: builtin name → QMP command. */
const QOM: Record<string, string> = {
  blockdev_add: "blockdev-add", blockdev_del: "blockdev-del", chardev_add: "chardev-add", chardev_change: "chardev-change",
  chardev_remove: "chardev-remove", device_add: "device_add", device_del: "device_del", netdev_add: "netdev_add",
  netdev_del: "netdev_del", object_add: "object-add", object_del: "object-del", qom_get: "qom-get", qom_list: "qom-list", qom_set: "qom-set",
};

export function qemuBuiltins(st: QemuStageState): Record<string, HostFunction> {
  const assertStarted = (name: string) => {
    if (st.stage === "config") throw new StarlarkError(`${name} cannot be called at config stage`);
  };
  const assertConfig = (name: string) => {
    if (st.stage !== "config") throw new StarlarkError(`${name} can only be called at config stage`);
  };
  const log = (level: QemuLogLevel): HostFunction => (args) => {
    st.logs.push({ level, message: `QEMU scriptlet (${st.stage}): ${args.map(hostStr).join("")}` });
    return null;
  };
  /** m.Run(cmd, args, &{Return any}): a reply with "error" fails with its description. */
  const runCommand = (builtin: string, execute: string, kwargs: [string, HostValue][]): HostValue => {
    const args: Record<string, unknown> = {};
    for (const [k, v] of kwargs) args[k] = starlarkToJson(v, st.version);
    const request: Record<string, unknown> = { execute, ...(Object.keys(args).length ? { arguments: args } : {}) };
    const { reply, answeredBy } = st.qmp(execute);
    st.qmpCalls.push({ builtin, request, reply, answeredBy });
    failOnError(reply);
    return jsonToStarlark(reply.return ?? null);
  };
  const qom = (builtin: string, execute: string): HostFunction => (args, kwargs) => {
    assertStarted(builtin);
    if (args.length !== 0) throw new StarlarkError(`${builtin} (${CALL_POS}): Expected only keyword arguments, got ${args.length} positional argument(s)`);
    return runCommand(builtin, execute, kwargs);
  };

  const fns: Record<string, HostFunction> = {
    log_info: log("info"),
    log_warn: log("warn"),
    log_error: log("error"),

    run_qmp: (args, kwargs) => {
      assertStarted("run_qmp");
      const command = unpackArgs("run_qmp", args, kwargs, [{ name: "command", kind: "any" }]).get("command")!;
      if (hostTypeName(command) !== "dict") throw new StarlarkError(`run_qmp: for parameter command: got ${hostTypeName(command)}, want dict`);
      const request = starlarkToJson(command, st.version) as Record<string, unknown>;
      // From 6.0.5 Incus numbers each raw request so the reply can be matched (qemu.go; knowledge: qmpRequestIds).
      if (releaseInfo(st.version).facts.qmpRequestIds) request.id = st.nextId();
      const { reply, answeredBy } = st.qmp(String(request.execute ?? ""));
      st.qmpCalls.push({ builtin: "run_qmp", request, reply, answeredBy });
      failOnError(reply);
      return jsonToStarlark(request.id !== undefined ? { ...reply, id: request.id } : reply);
    },

    run_command: (args, kwargs) => {
      assertStarted("run_command");
      if (args.length !== 1) throw new StarlarkError(`run_command (${CALL_POS}): Expected exactly one positional argument, got ${args.length}`);
      const name = starlarkToJson(args[0], st.version);
      if (typeof name !== "string") throw new StarlarkError(`run_command (${CALL_POS}): The positional argument must be a string representing a QMP function`);
      return runCommand("run_command", name, kwargs);
    },

    get_qemu_cmdline: (args, kwargs) => {
      unpackArgs("get_qemu_cmdline", args, kwargs, []);
      return [...st.cmdline];
    },

    set_qemu_cmdline: (args, kwargs) => {
      assertConfig("set_qemu_cmdline");
      const list = unpackArgs("set_qemu_cmdline", args, kwargs, [{ name: "args", kind: "any" }]).get("args")!;
      if (!Array.isArray(list)) throw new StarlarkError(`set_qemu_cmdline: for parameter args: got ${hostTypeName(list)}, want list`);
      const next = starlarkToJson(list, st.version) as unknown[];
      if (!next.every((a): a is string => typeof a === "string")) throw new StarlarkError("set_qemu_cmdline requires a list of strings");
      const has = (l: readonly string[], a: string) => l.includes(a);
      if (has(st.cmdline, "-bios") !== has(next, "-bios") || has(st.cmdline, "-kernel") !== has(next, "-kernel")) {
        throw new StarlarkError("Addition or deletion of -bios or -kernel is unsupported");
      }
      st.cmdline = next;
      return null;
    },

    get_qemu_conf: (args, kwargs) => {
      unpackArgs("get_qemu_conf", args, kwargs, []);
      return jsonToStarlarkStrings(st.confSections);
    },

    set_qemu_conf: (args, kwargs) => {
      assertConfig("set_qemu_conf");
      const list = unpackArgs("set_qemu_conf", args, kwargs, [{ name: "conf", kind: "any" }]).get("conf")!;
      if (!Array.isArray(list)) throw new StarlarkError(`set_qemu_conf: for parameter conf: got ${hostTypeName(list)}, want list`);
      const next = starlarkToJson(list, st.version) as unknown[];
      const invalid = () => new StarlarkError("set_qemu_conf requires a valid configuration");
      if (!next.every((s) => s !== null && typeof s === "object" && !Array.isArray(s))) throw invalid();
      if (!next.every((s) => decodeSection(s as Record<string, unknown>))) throw invalid();
      st.confSections = next as Record<string, unknown>[];
      return null;
    },
  };
  for (const [builtin, execute] of Object.entries(QOM)) fns[builtin] = qom(builtin, execute);

  // Only what this version predeclares (the NVRAM helpers of later versions are not simulated:
  // they fail with a clear message rather than pretend).
  const names = new Set(predeclaredNames("qemu", st.version));
  const out: Record<string, HostFunction> = {};
  for (const n of names) {
    out[n] = fns[n] ?? (() => {
      throw new StarlarkError(`${n}: UEFI NVRAM is not simulated by incus-scriptlet`);
    });
  }
  return out;
}

function failOnError(reply: QmpReply): void {
  const err = reply.error as { desc?: string } | undefined;
  // go-qemu's qmp.Error prints its description.
  if (err) throw new StarlarkError(String(err.desc ?? "QMP error"));
}

/** get_qemu_conf: the sections went through JSON, so entries are strings and numbers floats. */
function jsonToStarlarkStrings(sections: Record<string, unknown>[]): HostValue {
  return sections.map((s) => jsonToStarlark(s));
}

/** json.Unmarshal of one section into {name, comment string; entries map[string]string}
 *  (field names matched case-insensitively, as Go does). Undefined when it would fail. */
export function decodeSection(s: Record<string, unknown>): { name: string; comment: string; entries: [string, string][] } | undefined {
  const out = { name: "", comment: "", entries: [] as [string, string][] };
  for (const [k, v] of Object.entries(s)) {
    const key = k.toLowerCase();
    if (key === "name" || key === "comment") {
      if (v === null) continue;
      if (typeof v !== "string") return undefined;
      out[key] = v;
    } else if (key === "entries") {
      if (v === null) continue;
      if (typeof v !== "object" || Array.isArray(v)) return undefined;
      for (const [ek, ev] of Object.entries(v as Record<string, unknown>)) {
        if (ev === null) continue;
        if (typeof ev !== "string") return undefined;
        out.entries.push([ek, ev]);
      }
    }
  }
  return out;
}
