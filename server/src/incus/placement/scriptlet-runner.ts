// A placement scriptlet compiled once and run per placement, in a sandbox session that is
// reused across simulations (creating one costs ~100 ms).
import { HostObject, limitsFromOptions, semanticsFor, Session, type CompiledProgram, type HostFunction, type HostValue, type Limits } from "../../starlark/engine";
import { starlarkGoVersion } from "../knowledge/scriptlets";
import { hostRepr } from "../scriptlet/host-repr";
import { toHostValue } from "../scriptlet/host-values";
import { compileErrorText, compileScriptlet } from "../scriptlet/validate";
import { placementBuiltins, type PlacementRun } from "./builtins";
import type { Placement } from "./result";
import { forgetTables, GET_INSTANCES_COUNT_FAST, MemberRefs, SharedRefs, syncTables, TABLES_EXTENSION } from "./sandbox-tables";
import { forgetMemo, MEMOISED, memoRecorder, syncMemo, type MemoisedBuiltin } from "./builtin-memo";
import { unpackSpec } from "./builtin-specs";
import { applyTargetEvents, forgetTargetCandidates, syncTargetCandidates } from "./sandbox-target";

/** Builtins the placement extension answers in the sandbox, or wraps (see sandbox-target.ts). */
const IN_SANDBOX = ["set_target", "log_info", "log_warn", "log_error"];

/** Where a program's host functions send their calls: the builtins of the run under way. */
interface BuiltinRoute {
  current?: Record<string, HostFunction>;
}

/** Programs initialised in a session, by version and source, to resume in a later simulation
 *  instead of instantiating and initialising them again (~10 ms per simulation: an
 *  evacuation's or a language server's runs of the same scriptlet). The top level runs once
 *  per session, as it does once per simulation: it can only compute with universe builtins
 *  and its globals are frozen (see PlacementScriptlet.current). Only programs whose init
 *  succeeded are kept; a session that failed is not reused at all. */
const sessionPrograms = new WeakMap<Session, Map<string, { program: string; route: BuiltinRoute }>>();

/** Compiled scriptlets by version and source (a few: the ones being run over and over). */
const compiledCache = new Map<string, ReturnType<typeof compileScriptlet>>();
const COMPILED_MAX = 8;

function compiledScriptlet(src: string, version: string): ReturnType<typeof compileScriptlet> {
  const key = `${version}\u0000${src}`;
  let c = compiledCache.get(key);
  if (c === undefined) {
    c = compileScriptlet("placement", src, version);
    if (compiledCache.size >= COMPILED_MAX) compiledCache.delete(compiledCache.keys().next().value!);
  } else compiledCache.delete(key); // (moved to the end: the most recent)
  compiledCache.set(key, c);
  return c;
}

/** How many more simulations may reuse a sandbox session (see PlacementScriptlet.dispose). */
const SESSION_REUSES = 16;
let spareSession: Session | undefined;
const sessionReuses = new WeakMap<Session, number>();

/** A compiled placement scriptlet ready to run many times (as Incus keeps it compiled). */
export class PlacementScriptlet {
  /** The run the builtins serve: the program is initialised once and its builtins dispatch
   *  to the current run. Incus initialises it per run, but the top level can only compute
   *  with universe builtins (a builtin call there fails validation) and its globals are frozen,
   *  so one initialisation gives the same results — and saves ~5 ms per placement, which an
   *  evacuation of 1,000 instances repeats 1,000 times. */
  private route: BuiltinRoute = {};
  private initialised: RunOutcome | undefined;
  /** Candidate members as interned references (see sandbox-tables.ts). */
  private readonly members: MemberRefs;

  private constructor(
    readonly version: string,
    private readonly src: string,
    private readonly program: CompiledProgram | undefined,
    readonly compileError: string | undefined,
    private readonly session: Session,
  ) {
    this.members = new MemberRefs(session);
    this.shared = new SharedRefs(session);
  }

  /** Instances and member states the builtins returned, kept in the sandbox across runs. */
  private readonly shared: SharedRefs;

  /** Set when a run failed: the session is not handed to another simulation. */
  private failed = false;
  /** Set when a run hit one of the tool's limits (time, memory, stack): the session may be
   *  dead or left mid-way, so even this scriptlet's next runs need a fresh one (see
   *  PlacementSimulator). A Starlark error leaves it usable: each entry resets the runtime's
   *  call state, the program's globals are frozen and the candidates are copies. */
  private limitHit = false;

  /** Whether further runs in this session give what a fresh session would. */
  get usable(): boolean {
    return !this.limitHit;
  }

  static async load(src: string, version: string): Promise<PlacementScriptlet> {
    const compiled = compiledScriptlet(src, version);
    const session = spareSession ?? (await Session.create());
    spareSession = undefined;
    const err = compiled.program ? undefined : compileErrorText("instance_placement", compiled.diagnostics[0]);
    return new PlacementScriptlet(version, src, compiled.program, err, session);
  }

  private init(program: CompiledProgram, run: PlacementRun, limits: Partial<Limits>): RunOutcome {
    if (this.initialised) return this.initialised;
    this.session.setSemantics(semanticsFor(starlarkGoVersion(this.version))); // the go.starlark.net this release vendors
    let programs = sessionPrograms.get(this.session);
    if (!programs) sessionPrograms.set(this.session, (programs = new Map()));
    const key = `${this.version}\u0000${this.src}`;
    const earlier = programs.get(key);
    if (earlier !== undefined) {
      this.session.resume(earlier.program);
      earlier.route.current = this.route.current;
      this.route = earlier.route;
      this.session.setLimits(limits);
      return (this.initialised = {});
    }
    const route: BuiltinRoute = (this.route = { current: this.route.current });
    const dispatch: Record<string, HostFunction> = {};
    for (const name of Object.keys(placementBuiltins(run))) {
      dispatch[name] = (args, kwargs) => route.current![name](args, kwargs);
    }
    this.session.loadExtension(TABLES_EXTENSION);
    const fast: Record<string, { extension: string; builtin: string }> = { get_instances_count: GET_INSTANCES_COUNT_FAST };
    for (const name of [...MEMOISED, ...IN_SANDBOX]) fast[name] = { extension: TABLES_EXTENSION, builtin: name };
    const init = this.session.init(program, dispatch, limits, { fast });
    if (init.error) {
      this.failed = true;
      forgetTables(this.session);
      forgetMemo(this.session);
      this.initialised = init.error.limit
        ? { stoppedBy: init.error.message, backtrace: frames(init.error.backtrace) }
        : { error: `Failed initializing: ${init.error.message}`, backtrace: frames(init.error.backtrace) };
    } else if (!this.session.globals().some((g) => g.name === "instance_placement")) this.initialised = { error: "Scriptlet missing instance_placement function" };
    else {
      this.initialised = {};
      const program = this.session.initialisedProgram;
      if (program !== undefined) programs.set(key, { program, route });
    }
    return this.initialised;
  }

  /** One InstancePlacementRun: (Init with the builtins,) call instance_placement(request=,
   *  candidate_members=), check the return value. Returns Incus's error text or undefined. */
  run(run: PlacementRun, timeoutMs: number, memoryMb?: number): RunOutcome {
    if (!this.program) return { error: this.compileError };
    // What the previous run's builtins marshalled goes into the sandbox now that a second run
    // shows it is worth it (a single placement never pays for interning).
    this.shared.flush();
    run.shared ??= this.shared;
    this.route.current = placementBuiltins(run);
    // get_instances_count answers from the sandbox's count tables: bring them in step; and
    // the answers the sandbox keeps of get_instances / get_cluster_member_state.
    syncTables(this.session, run.cluster);
    run.memo ??= memoRecorder(this.session);
    syncMemo(this.session, TABLES_EXTENSION, run, this.memoSpecs(run.version));
    const limits: Partial<Limits> = { ...limitsFromOptions({ memoryMb }), timeoutMs };
    const init = this.init(this.program, run, limits);
    if (init.error !== undefined || init.stoppedBy !== undefined) return init;
    syncTargetCandidates(this.session, TABLES_EXTENSION, run);
    const logStart = run.logs.length;
    // Evacuation gives the scriptlet 5 s, then cancels it (Incus's outcome, its words).
    this.session.setLimits({ ...limits, cancel: run.request.reason === "evacuation" ? { afterMs: 5000, reason: "Request finished" } : undefined });
    const request = this.requestValue(run);
    // Fresh values per run, as Incus builds them: copies of the members interned once.
    const candidates: HostValue = this.members.list(run.candidates, run.version, run.candidatesEdit);
    const res = this.session.call("instance_placement", [], [["request", request], ["candidate_members", candidates]]);
    let events = res.extensions?.[TABLES_EXTENSION];
    if (res.error && events === undefined && !res.error.fatal) {
      // Stopped where the sandbox could not hand its records back (a time limit): ask.
      try {
        events = this.session.extensionCall(TABLES_EXTENSION, "takeTargetEvents");
      } catch {
        events = undefined;
      }
    }
    applyTargetEvents(run, logStart, events);
    if (res.error) {
      forgetTargetCandidates(this.session);
      this.failed = true;
      forgetTables(this.session);
      forgetMemo(this.session);
      if (res.error.limit || res.error.fatal) this.limitHit = true;
      if (this.limitHit) this.shared.drop();
      if (res.error.limit) return { stoppedBy: res.error.message, backtrace: frames(res.error.backtrace) };
      return { error: `Failed to run: ${res.error.message}`, backtrace: frames(res.error.backtrace) };
    }
    if (res.value !== null) return { error: `Failed with unexpected return value: ${hostRepr(res.value)}` };
    return {};
  }

  private specs?: { version: string; specs: Record<MemoisedBuiltin, string[]> };

  /** The memoised builtins' UnpackArgs parameters in `version`. */
  private memoSpecs(version: string): Record<MemoisedBuiltin, string[]> {
    if (this.specs?.version !== version) {
      const specs = {} as Record<MemoisedBuiltin, string[]>;
      for (const name of MEMOISED) specs[name] = unpackSpec(name, version).map((p) => p.name);
      this.specs = { version, specs };
    }
    return this.specs.specs;
  }

  /** The request as Incus hands it, its `source` (the same for nearly every request: the
   *  empty InstanceSource of an evacuation or a replay, half the request's size) sent as an
   *  interned reference rather than marshalled again — and not converted either, once the
   *  sandbox holds it. */
  private requestValue(run: PlacementRun): HostValue {
    let key: string | undefined;
    try {
      key = `${run.version}\u0000InstanceSource\u0000${JSON.stringify(run.request.source ?? null)}`;
    } catch {
      key = undefined;
    }
    const whole = () => toHostValue(run.request, "InstancePlacement", run.version);
    const sourceOf = (v: HostValue) => (v instanceof HostObject ? v.fields.find(([name]) => name === "source")?.[1] : undefined);
    let made: HostValue | undefined;
    const ref = key === undefined ? undefined : this.members.byContent(key, () => sourceOf((made = whole())) ?? null);
    if (!ref) return made ?? whole();
    return toHostValue(run.request, "InstancePlacement", run.version, { source: ref });
  }

  dispose(): void {
    if (!this.failed) this.members.dispose();
    // A session whose runs all went well is kept for the next simulation (creating one costs
    // ~100 ms, more than a placement over 1,000 members); a few reuses, then a fresh one, so
    // the programs instantiated in it do not pile up.
    const reuses = sessionReuses.get(this.session) ?? 0;
    if (!this.failed && !spareSession && reuses < SESSION_REUSES) {
      sessionReuses.set(this.session, reuses + 1);
      spareSession = this.session;
      return;
    }
    this.session.dispose();
  }
}

/** A run's end: Incus's error text, or the tool's own limit (not an Incus outcome), or neither. */
export interface RunOutcome {
  error?: string;
  stoppedBy?: string;
  backtrace?: Placement["backtrace"];
}

function frames(bt: { function: string; line: number; col: number }[] | undefined): Placement["backtrace"] {
  return bt?.map((f) => ({ function: f.function, line: f.line, col: f.col }));
}

