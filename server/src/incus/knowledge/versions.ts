// The Incus releases our knowledge describes: releases.json, generated from each release's
// sources by `npm run gen:incus` (one entry per release, oldest first, plus an unreleased
// snapshot of main). Every per-version fact is looked up here by release id ("6.0.4", "7.3.0",
// "main"); nothing else in server/src names a version.

import manifest from "./releases.json";
import { compactRange, expandRange, inRange } from "./version-range";

export type ScriptletKindName = "placement" | "authorization" | "qemu";

export interface KindRelease {
  predeclared: string[];
  /** The function Validate requires, with its parameter names; null: Validate only compiles. */
  entry: { name: string; params: string[] } | null;
  optional: Array<{ name: string; params: string[] }>;
  /** starlark.UnpackArgs specs per builtin ("project??" = optional); null: no UnpackArgs call. */
  unpack: Record<string, string[] | null>;
}

export interface ReleaseFacts {
  /** What get_cluster_member_resources/state do with a member that is not a candidate. */
  memberNameCheck: "error" | "string";
  /** Shape of authorization `details`; null: no authorization scriptlet in that release. */
  authorizationDetails: "flat" | "extended" | null;
  /** []byte fields reach scriptlets as bytes (else as lists of ints). */
  bytesAsBytes: boolean;
  /** How migration.stateful=true restricts a VM's disks (internal/server/device/disk.go). */
  statefulMigration: { sharedFilesystem: boolean; virtiofs: boolean; dependentExempt: boolean };
  /** Joining a member: whether restricted.cluster.groups names are validated, and whether the
   *  joining member re-creates the cluster's projects with their restrictions (seed 003). */
  join: { validatesClusterGroups: boolean; copiesProjectRestrictions: boolean };
  /** Go package of the marshalled object type: Go's %T prints *<pkg>.starlarkObject. */
  marshalPackage: "marshal" | "scriptlet";
  /** run_qmp numbers each raw request ("id") so the reply can be matched. */
  qmpRequestIds: boolean;
  /** Authorization routed per client class (authorization.client.*); false: the scriptlet is
   *  asked for every non-unix client. */
  authorizationClientRouting: boolean;
}

export interface ReleaseInfo {
  version: string;
  ref: string;
  commit: string;
  date: string;
  released: boolean;
  /** go.starlark.net module version the release vendors (its go.mod). */
  starlarkGo: string;
  dialect: { set: boolean };
  placementReasons: string[];
  kinds: Partial<Record<ScriptletKindName, KindRelease>>;
  facts: ReleaseFacts;
}

const RELEASES: readonly ReleaseInfo[] = (manifest as unknown as { releases: ReleaseInfo[] }).releases;

/** Every release id, oldest first ("6.0.0", ..., "7.3.0", "main"). */
export const INCUS_VERSIONS: readonly string[] = RELEASES.map((r) => r.version);
/** A release id of the manifest. */
export type IncusVersion = string;

/** The version assumed when the user has not said which Incus they run: the newest release. */
export const DEFAULT_VERSION: IncusVersion = [...RELEASES].reverse().find((r) => r.released)!.version;

export interface ResolvedVersion {
  version: IncusVersion;
  /** False when `input` does not name a release exactly (e.g. "7.3", "6.12" or "8.0"). */
  exact: boolean;
}

function parts(v: string): number[] | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(v);
  return m ? [Number(m[1]), m[2] === undefined ? -1 : Number(m[2]), m[3] === undefined ? -1 : Number(m[3])] : undefined;
}

/**
 * Map a version as users or servers write it ("6.0.4", "v7.1.0", "7.3", "main") to a release.
 * A release id is exact. "X.Y" or an unknown "X.Y.Z" of a known series is the newest release of
 * that series at or below it (else the series' oldest); 6.1–6.23 (feature releases between the
 * LTS and 7.0) map to the newest 6.0.x; anything newer than every release maps to main when the
 * manifest has it, else to the newest release. Returns undefined for strings that are not versions.
 */
export function resolveVersion(input: string): ResolvedVersion | undefined {
  const s = input.trim().replace(/^v/i, "");
  if (INCUS_VERSIONS.includes(s)) return { version: s, exact: true };
  if (/^(main|head|latest|git)$/i.test(s)) return { version: INCUS_VERSIONS.includes("main") ? "main" : DEFAULT_VERSION, exact: INCUS_VERSIONS.includes("main") };
  const p = parts(s);
  if (!p) return undefined;
  const released = RELEASES.filter((r) => r.released).map((r) => ({ v: r.version, p: parts(r.version)! }));
  const series = released.filter((r) => r.p[0] === p[0] && (p[1] < 0 || r.p[1] === p[1]));
  if (series.length) {
    const atOrBelow = p[2] < 0 ? series : series.filter((r) => r.p[2] <= p[2]);
    return { version: (atOrBelow.length ? atOrBelow[atOrBelow.length - 1] : series[0]).v, exact: false };
  }
  const older = released.filter((r) => r.p[0] < p[0] || (r.p[0] === p[0] && r.p[1] < p[1]));
  if (older.length === released.length) return { version: INCUS_VERSIONS.includes("main") ? "main" : DEFAULT_VERSION, exact: false };
  return { version: (older.length ? older[older.length - 1] : released[0]).v, exact: false };
}

/** toSnapshot's answers by input (the same few strings, asked per marshalled object: an
 *  evacuation's 1,000 placements asked thousands of times). */
const snapshotOf = new Map<string, IncusVersion>();

/** Like resolveVersion, but never undefined: unparseable input gives the default. */
export function toSnapshot(input: string | undefined): IncusVersion {
  if (!input) return DEFAULT_VERSION;
  let v = snapshotOf.get(input);
  if (v === undefined) {
    v = resolveVersion(input)?.version || DEFAULT_VERSION;
    if (snapshotOf.size >= 256) snapshotOf.clear();
    snapshotOf.set(input, v);
  }
  return v;
}
export const toRelease = toSnapshot;

/** The manifest entry of a version (resolved as toSnapshot does). */
export function releaseInfo(version?: string): ReleaseInfo {
  const v = toSnapshot(version);
  return RELEASES.find((r) => r.version === v)!;
}

/** Whether a version (resolved) lies in a range of the knowledge data ("6.0.5..", "*", ...). */
export function versionInRange(range: string, version?: string): boolean {
  return inRange(INCUS_VERSIONS, range, toSnapshot(version));
}

const rangeCache = new Map<string, IncusVersion[]>();

/** The release ids a range covers (memoised: the data uses a handful of distinct ranges). */
export function releasesIn(range: string): IncusVersion[] {
  let r = rangeCache.get(range);
  if (!r) rangeCache.set(range, (r = expandRange(INCUS_VERSIONS, range)));
  return r;
}

/** The shortest range text for a set of release ids (for messages: "6.0.5.."). */
export function rangeOf(versions: Iterable<string>): string {
  return compactRange(INCUS_VERSIONS, versions);
}

/** "6.0.0–6.0.4, 7.0.0 and later" style wording of a set of releases, for messages. */
export function describeReleases(versions: Iterable<string>): string {
  const r = rangeOf(versions);
  if (r === "*") return "every release";
  return r
    .split(", ")
    .map((span) => (span.endsWith("..") ? `${span.slice(0, -2)} and later` : span.startsWith("..") ? `up to ${span.slice(2)}` : span.replace("..", "–")))
    .join(", ");
}
