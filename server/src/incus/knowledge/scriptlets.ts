// Typed access to the scriptlet facts: kinds and entry points (scriptlet-kinds.json), the
// builtins' descriptions (scriptlet-builtins.json), and per release (releases.json, generated
// from the sources) which builtins each kind predeclares, which functions Validate checks, the
// dialect and the marshal facts.

import builtinData from "./scriptlet-builtins.json";
import kindData from "./scriptlet-kinds.json";
import { apiTypes } from "./api-types";
import { goSprintf } from "./go-format";
import { TypeRef } from "./type-ref";
import type { Dialect } from "../../starlark/resolve/dialect";
import { IncusVersion, INCUS_VERSIONS, releaseInfo, releasesIn, toSnapshot, versionInRange } from "./versions";

export const SCRIPTLET_KINDS = ["placement", "authorization", "qemu"] as const;
export type ScriptletKind = (typeof SCRIPTLET_KINDS)[number];

export interface Param {
  name: string;
  type: TypeRef;
  optional: boolean;
  /** UnpackArgs "??": passing None is the same as leaving the argument out. */
  noneIsDefault?: boolean;
  /** Go zero value used when the argument is left out. */
  default?: string | number | boolean;
  defaultMeaning?: string;
  /** Only accepted positionally (run_command's command name). */
  positionalOnly?: boolean;
}

export interface BuiltinError {
  /** Go fmt format, render with goSprintf. */
  format: string;
  when: string;
  /** Releases that raise it (expanded from the data's range). */
  versions: IncusVersion[];
}

export interface Builtin {
  name: string;
  kinds: ScriptletKind[];
  /** Versions in which the builtin is predeclared. */
  versions: IncusVersion[];
  params: Param[];
  varargs?: { name: string; type: TypeRef };
  varkwargs?: { name: string; type: TypeRef };
  keywordOnly?: boolean;
  ignoresKwargs?: boolean;
  returns: TypeRef;
  returnsDoc?: string;
  doc: string;
  /** QEMU: stages at which the call is allowed (absent = all). */
  stages?: string[];
  /** QMP command the QEMU helper runs. */
  qmpCommand?: string;
  errors: BuiltinError[];
  quirks?: Array<{ versions: IncusVersion[]; when: string; returns: TypeRef; value: unknown; doc: string }>;
  notes?: string[];
}

export interface FunctionSpec {
  name: string;
  params: Array<{ name: string; type: TypeRef }>;
  returns: TypeRef;
  doc: string;
}

export interface KindInfo {
  kind: ScriptletKind;
  label: string;
  configKey: { entity: string; key: string };
  programName: string;
  docs: string;
  /** The function Incus calls; validation requires exactly these parameter names (any order). */
  entry: FunctionSpec;
  /** Functions validated only when present (authorization's access listers). */
  optionalFunctions: FunctionSpec[];
  logPrefix: string;
  userErrorPrefix: string;
  userErrorPrefixes: Array<{ format: string; when: string }>;
  /** Starlark type name the entry's return value must have. */
  returnCheck: "NoneType" | "bool";
  stages?: string[];
  stageDocs?: Record<string, string>;
  timeoutSeconds?: Record<string, number>;
  notes?: string[];
}

type RawRanged<T> = Omit<T, "versions"> & { versions: string };
type RawBuiltin = Partial<Omit<Builtin, "errors" | "quirks" | "versions">> & {
  name: string;
  $ref?: string;
  errors?: Array<RawRanged<BuiltinError>>;
  quirks?: Array<RawRanged<NonNullable<Builtin["quirks"]>[number]>>;
};
const raw = builtinData as unknown as { builtins: RawBuiltin[]; templates: Record<string, Partial<RawBuiltin>> };
const kinds = kindData as unknown as {
  kinds: Record<ScriptletKind, Omit<KindInfo, "kind">>;
  placementReasons: Array<{ value: string; doc: string }>;
  runtime: RuntimeMessages;
  validation: ValidationMessages;
  argumentErrors: ArgumentErrorMessages;
  marshal: { missingAttribute: string; unhashable: string };
};

/** Releases predeclaring `name` for one of `kinds` (from the generated manifest). */
function availability(name: string, of: ScriptletKind[]): IncusVersion[] {
  return INCUS_VERSIONS.filter((v) => of.some((k) => releaseInfo(v).kinds[k]?.predeclared.includes(name)));
}

/** Expand `$ref` templates (the QOM helpers share one shape), version ranges, and defaults. */
function expand(b: RawBuiltin): Builtin {
  const base = b.$ref ? raw.templates[b.$ref] : {};
  const merged = { ...base, ...b } as RawBuiltin;
  delete merged.$ref;
  if (merged.qmpCommand && merged.doc) merged.doc = merged.doc.replace("{qmpCommand}", merged.qmpCommand);
  const kindsOf = merged.kinds ?? [];
  return {
    ...(merged as Omit<Builtin, "errors" | "quirks" | "versions">),
    kinds: kindsOf,
    versions: availability(merged.name, kindsOf),
    params: (merged.params ?? []).map((p) => ({ ...p, optional: p.optional ?? false })),
    errors: (merged.errors ?? []).map((e) => ({ ...e, versions: releasesIn(e.versions) })),
    quirks: merged.quirks?.map((q) => ({ ...q, versions: releasesIn(q.versions) })),
  };
}

const ALL_BUILTINS: readonly Builtin[] = raw.builtins.map(expand);

/** Every described builtin, whatever the release (for consistency checks against the manifest). */
export function allBuiltins(): readonly Builtin[] {
  return ALL_BUILTINS;
}

/** Builtins predeclared for `kind` in `version` (default: the default version), in Incus's order. */
export function builtins(kind: ScriptletKind, version?: string): Builtin[] {
  const names = releaseInfo(version).kinds[kind]?.predeclared ?? [];
  return names.map((n) => ALL_BUILTINS.find((b) => b.name === n && b.kinds.includes(kind))).filter((b): b is Builtin => !!b);
}

/** Whether `version` has the scriptlet kind at all (6.0.0/6.0.1 have only placement). */
export function kindAvailable(kind: ScriptletKind, version?: string): boolean {
  return releaseInfo(version).kinds[kind] !== undefined;
}

/** One builtin of `kind` in `version`, or undefined when that version does not predeclare it. */
export function builtin(kind: ScriptletKind, name: string, version?: string): Builtin | undefined {
  return builtins(kind, version).find((b) => b.name === name);
}

/** Every builtin name ever predeclared for `kind`, with the versions that have it
 *  (for messages like "set_nvram_var needs a newer Incus"). */
export function builtinAvailability(kind: ScriptletKind): Map<string, IncusVersion[]> {
  const m = new Map<string, IncusVersion[]>();
  for (const b of ALL_BUILTINS) if (b.kinds.includes(kind)) m.set(b.name, [...b.versions]);
  return m;
}

/** Names the compiler accepts as predeclared for `kind` in `version`. */
export function predeclaredNames(kind: ScriptletKind, version?: string): string[] {
  return builtins(kind, version).map((b) => b.name);
}

/** Predeclared functions of `kind` in `version` whose result is always a safe integer, for
 *  the compiler, which then compares and adds their results without type tests. Incus's
 *  int-returning builtins return counts (get_instances_count: a Go len()), which the
 *  simulator makes as JS numbers. */
export function smallIntResultNames(kind: ScriptletKind, version?: string): string[] {
  return builtins(kind, version).filter((b) => b.returns?.kind === "int").map((b) => b.name);
}

/** Errors a builtin can raise in `version`. */
export function builtinErrors(b: Builtin, version?: string): BuiltinError[] {
  const v = toSnapshot(version);
  return b.errors.filter((e) => e.versions.includes(v));
}

/** Whether a quirk or error range of the data covers `version`. */
export function appliesTo(range: string, version?: string): boolean {
  return versionInRange(range, version);
}

function resolveFn(f: FunctionSpec, v: IncusVersion): FunctionSpec {
  const types = apiTypes(v);
  const fix = (t: TypeRef): TypeRef => (t.kind === "object" ? { kind: "object", type: types.resolveTypeName(t.type) ?? t.type } : t);
  return { ...f, params: f.params.map((p) => ({ ...p, type: fix(p.type) })), returns: fix(f.returns) };
}

/** The described function, with the parameter names the release's Validate declares (6.0.3's
 *  QEMU Validate expects only `stage`); parameters we do not describe get type any. */
function declared(f: FunctionSpec, names: string[] | undefined): FunctionSpec {
  if (!names) return f;
  return { ...f, params: names.map((n) => f.params.find((p) => p.name === n) ?? { name: n, type: { kind: "any" } }) };
}

/** Facts about a scriptlet kind in `version`; type names are resolved for that version
 *  (authorization `details` is RequestDetails up to 6.0.5 and an anonymous wrapper later).
 *  `validatesEntry` is false for releases whose Validate only compiles (6.0.0–6.0.2). */
export function scriptletKind(kind: ScriptletKind, version?: string): KindInfo & { validatesEntry: boolean } {
  const v = toSnapshot(version);
  const k = kinds.kinds[kind];
  const rel = releaseInfo(v).kinds[kind];
  const entry = declared(k.entry, rel?.entry?.params);
  const optional = k.optionalFunctions
    .filter((f) => !rel?.entry || rel.optional.some((o) => o.name === f.name))
    .map((f) => declared(f, rel?.optional.find((o) => o.name === f.name)?.params));
  return { ...k, kind, entry: resolveFn(entry, v), optionalFunctions: optional.map((f) => resolveFn(f, v)), validatesEntry: !!rel?.entry };
}

/** Which kind a config key holds a scriptlet of, if any. */
export function kindForConfigKey(key: string): ScriptletKind | undefined {
  return SCRIPTLET_KINDS.find((k) => kinds.kinds[k].configKey.key === key);
}

/** Values of `request.reason` in `version`. */
export function placementReasons(version?: string): Array<{ value: string; doc: string }> {
  return releaseInfo(version).placementReasons.map((value) => ({ value, doc: kinds.placementReasons.find((r) => r.value === value)?.doc ?? "" }));
}

export interface RuntimeMessages {
  initFailed: string;
  missingEntry: string;
  marshalFailed: Record<string, string>;
  runFailed: string;
  unexpectedReturn: string;
  notLoaded: string;
  cancelled: string;
  log: { format: string; doc: string };
}

export interface ValidationMessages {
  steps: string[];
  messages: { missingOne: string; missingMany: string; mistyped: string; argMismatch: string };
  optionality: { required: string; optional: string };
  joiners: { second: string; third: string; withinGroup: string };
  order: Array<"missing" | "mistyped" | "argMismatch">;
  notes: string[];
  configErrorWrapper: { server: string; moreErrors: string };
}

export interface ArgumentErrorMessages {
  tooManyPositional: string;
  wrongType: string;
  wrongTypeDetail: string;
  duplicateKeyword: string;
  unexpectedKeyword: string;
  didYouMean: string;
  missing: string;
  noArgsWanted: string;
}

/** Argument-checking errors of builtins (Starlark-Go's UnpackArgs formats). */
export const argumentErrors: ArgumentErrorMessages = kinds.argumentErrors;

/** Wrappers Incus's runners put around scriptlet errors (same in all versions). */
export const runtimeMessages: RuntimeMessages = kinds.runtime;
/** Messages of Incus's scriptlet Validate (same in all versions). */
export const validationMessages: ValidationMessages = kinds.validation;

/** Starlark dialect differences, read from each release's sources: sets are refused up to
 *  6.0.4 and enabled from 6.0.5 (backport) and in 7.x. */
export function dialect(version?: string): { sets: boolean } {
  return { sets: releaseInfo(version).dialect.set };
}

/** The go.starlark.net version a release vendors (its go.mod), e.g. "v0.0.0-20250318223901-d9371fef63fe". */
export function starlarkGoVersion(version?: string): string {
  return releaseInfo(version).starlarkGo;
}

/** Marshal behaviour facts (missing attribute message, bytes handling) for `version`. */
export function marshalFacts(version?: string): { missingAttribute: string; unhashable: string; bytesAsBytes: boolean } {
  const m = kinds.marshal;
  return { missingAttribute: m.missingAttribute, unhashable: m.unhashable, bytesAsBytes: releaseInfo(version).facts.bytesAsBytes };
}

/** get_cluster_member_resources/state given a member that is not a candidate: "error" fails
 *  the run with `Invalid member name: X`; "string" (up to 6.0.4) returns that text instead. */
export function memberNameCheck(version?: string): "error" | "string" {
  return releaseInfo(version).facts.memberNameCheck;
}

export const SCRIPTLET_VERSIONS: readonly IncusVersion[] = INCUS_VERSIONS;

export interface ValidationProblems {
  /** Required functions not defined. */
  missing?: string[];
  /** Names bound to something other than a function, with that value's Starlark type. */
  mistyped?: Array<{ name: string; optional: boolean; foundType: string }>;
  /** Functions whose parameter names differ from the expected set. */
  mismatched?: Array<{ name: string; optional: boolean; defined: string[]; expected: string[] }>;
}

/**
 * The error text Incus's Validate builds from its findings (undefined when there are none).
 * Like Incus, parameter lists are shown sorted when their lengths match (Incus sorts them in
 * place to compare) and as declared otherwise. Several mistyped/mismatched functions appear in
 * the order given here; Incus uses Go map order, which is not stable.
 */
export function renderValidationError(p: ValidationProblems): string | undefined {
  const { messages: m, joiners, optionality } = validationMessages;
  const sentences: string[] = [];
  const missing = p.missing ?? [];
  if (missing.length === 1) sentences.push(goSprintf(m.missingOne, missing[0]));
  else if (missing.length > 1) sentences.push(goSprintf(m.missingMany, missing));
  const opt = (o: boolean) => (o ? optionality.optional : optionality.required);
  if (p.mistyped?.length) {
    sentences.push(p.mistyped.map((f) => goSprintf(m.mistyped, f.name, opt(f.optional), f.foundType)).join(joiners.withinGroup));
  }
  if (p.mismatched?.length) {
    const shown = (f: { defined: string[]; expected: string[] }) =>
      f.defined.length === f.expected.length ? [[...f.defined].sort(), [...f.expected].sort()] : [f.defined, f.expected];
    sentences.push(
      p.mismatched.map((f) => goSprintf(m.argMismatch, opt(f.optional), f.name, ...shown(f))).join(joiners.withinGroup),
    );
  }
  if (sentences.length === 0) return undefined;
  return sentences.map((s, i) => (i === 0 ? "" : i === 1 ? joiners.second : joiners.third) + s).join("");
}

/** The Starlark dialect a release compiles scriptlets with: go.starlark.net's legacy file
 *  options (no while, no top-level if/for, no global reassignment, no recursion) plus sets
 *  where the release's sources enable them, and no loader (load() fails at run time). */
export function scriptletDialect(version?: string): Dialect {
  return {
    set: releaseInfo(version).dialect.set,
    while: false,
    topLevelControl: false,
    globalReassign: false,
    recursion: false,
    loadBindsGlobally: false,
    load: false,
  };
}
