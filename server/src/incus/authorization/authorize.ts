// Runs an authorization scriptlet as Incus's AuthorizationRun / getAccess do
// (internal/server/scriptlet/auth/auth.go, v6.0.4 and v7.3.0): predeclared log_info/log_warn/
// log_error, Init, `authorize(details=, object=, entitlement=)` by keyword, a bool or a failure;
// the optional access functions return a list of strings. Error texts are Incus's own.
import { Session, type CompiledProgram, type HostFunction, type HostValue } from "../../starlark/engine";
import { hostRepr, hostStr } from "../scriptlet/host-repr";
import { compileErrorText, compileScriptlet, validateScriptlet } from "../scriptlet/validate";

export type LogLevel = "info" | "warn" | "error";
export interface LogLine {
  level: LogLevel;
  message: string;
}

/** What a single permission check answers (CheckPermission in driver_scriptlet.go). */
export interface Decision {
  allowed: boolean;
  logs: LogLine[];
  /** The 403 text when the scriptlet failed (`Authorization scriptlet execution failed with error: ...`), else null. */
  error: string | null;
}

export const EXECUTION_FAILED = "Authorization scriptlet execution failed with error: ";
export const PERMISSION_DENIED = "Permission denied";
const LOG_PREFIX = "Authorization scriptlet";

function logBuiltins(sink: { logs: LogLine[]; prefix: string }): Record<string, HostFunction> {
  const make = (level: LogLevel): HostFunction => (args) => {
    sink.logs.push({ level, message: `${sink.prefix}: ${args.map(hostStr).join("")}` });
    return null;
  };
  return { log_info: make("info"), log_warn: make("warn"), log_error: make("error") };
}

/** A compiled scriptlet, initialised once and called many times (the access matrix asks
 *  hundreds of questions). Incus initialises it per call; its globals are frozen and its top
 *  level cannot reach a builtin (validation runs it with none), so one Init answers alike. */
export class AuthorizationScriptlet {
  private session?: Session;
  private readonly sink = { logs: [] as LogLine[], prefix: LOG_PREFIX };
  private initError?: string;
  private globals = new Set<string>();

  private constructor(
    readonly version: string,
    private readonly program: CompiledProgram | undefined,
    /** Why Incus would refuse to set the key (compile or validation error), if it would. */
    readonly validationError: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  static async load(src: string, version: string, opts: { timeoutMs?: number } = {}): Promise<AuthorizationScriptlet> {
    const compiled = compileScriptlet("authorization", src, version);
    if (!compiled.program) {
      return new AuthorizationScriptlet(version, undefined, compileErrorText("authorization", compiled.diagnostics[0]), opts.timeoutMs ?? 5000);
    }
    const validation = await validateScriptlet("authorization", src, version);
    const s = new AuthorizationScriptlet(version, compiled.program, validation.error, opts.timeoutMs ?? 5000);
    await s.start();
    return s;
  }

  private async start(): Promise<void> {
    this.session?.dispose();
    this.session = await Session.create();
    const init = this.session.init(this.program!, logBuiltins(this.sink), { timeoutMs: this.timeoutMs });
    this.initError = init.error ? `Failed initializing: ${init.error.message}` : undefined;
    this.globals = new Set(init.error ? [] : this.session.globals().map((g) => g.name));
  }

  /** One CheckPermission: the decision, the log lines, the 403 text on failure. */
  async check(details: HostValue, object: string, entitlement: string): Promise<Decision> {
    const logs: LogLine[] = [];
    const fail = (message: string): Decision => ({ allowed: false, logs, error: EXECUTION_FAILED + message });
    if (!this.program) return fail(this.validationError ?? "does not compile");
    if (this.initError) return fail(this.initError);
    if (!this.globals.has("authorize")) return fail("Scriptlet missing authorize function");
    this.sink.logs = logs;
    this.sink.prefix = LOG_PREFIX;
    const res = this.session!.call("authorize", [], [["details", details], ["object", object], ["entitlement", entitlement]]);
    if (res.error) {
      if (res.error.fatal) await this.start();
      return fail(`Failed to run: ${res.error.message}`);
    }
    if (typeof res.value !== "boolean") return fail(`Failed with unexpected return value: ${hostRepr(res.value)}`);
    return { allowed: res.value, logs, error: null };
  }

  /** get_instance_access / get_project_access (absent function → empty list, as Incus). */
  async access(fn: "get_instance_access" | "get_project_access", args: [string, string][]): Promise<{ identifiers: string[]; logs: LogLine[]; error: string | null }> {
    const logs: LogLine[] = [];
    if (!this.program) return { identifiers: [], logs, error: this.validationError ?? "does not compile" };
    if (this.initError) return { identifiers: [], logs, error: this.initError };
    if (!this.globals.has(fn)) return { identifiers: [], logs, error: null };
    this.sink.logs = logs;
    this.sink.prefix = `${LOG_PREFIX} (${fn})`;
    const res = this.session!.call(fn, [], args);
    if (res.error) {
      if (res.error.fatal) await this.start();
      return { identifiers: [], logs, error: `Failed to run: ${res.error.message}` };
    }
    const v = res.value;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
      return { identifiers: [], logs, error: `Failed with unexpected return value: ${hostRepr(v)}` };
    }
    return { identifiers: v as string[], logs, error: null };
  }

  /** Whether the scriptlet defines a global function of this name (the access helpers are optional). */
  defines(name: string): boolean {
    return this.globals.has(name);
  }

  dispose(): void {
    this.session?.dispose();
    this.session = undefined;
  }
}
