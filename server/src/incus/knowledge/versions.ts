// The Incus versions our knowledge describes. Each is a snapshot of the Incus source:
//   "6.0"  = v6.0.4 (LTS), "7.3" = v7.3.0, "main" = unreleased main after 7.3 (commit be7afc5).
// Any other version string is mapped to the nearest snapshot, and says so (exact: false).

export const INCUS_VERSIONS = ["6.0", "7.3", "main"] as const;
export type IncusVersion = (typeof INCUS_VERSIONS)[number];

/** The version assumed when the user has not said which Incus they run. */
export const DEFAULT_VERSION: IncusVersion = "7.3";

export interface ResolvedVersion {
  version: IncusVersion;
  /** False when `input` is not one of the snapshots themselves (e.g. "6.12" or "7.1"). */
  exact: boolean;
}

/**
 * Map a version as users or servers write it ("6.0.4", "7.3", "v7.1.0", "main") to a snapshot.
 * 6.x -> 6.0 (6.1-6.23 were feature releases between the snapshots: not exact), 7.0-7.3 -> 7.3,
 * later 7.x and beyond -> main. Returns undefined for strings that are not versions.
 */
export function resolveVersion(input: string): ResolvedVersion | undefined {
  const s = input.trim().replace(/^v/i, "");
  if ((INCUS_VERSIONS as readonly string[]).includes(s)) return { version: s as IncusVersion, exact: true };
  if (/^(main|head|latest|git)$/i.test(s)) return { version: "main", exact: true };
  const m = /^(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(s);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = m[2] === undefined || m[2] === "x" ? undefined : Number(m[2]);
  if (major < 6) return { version: "6.0", exact: false };
  if (major === 6) return { version: "6.0", exact: minor === 0 };
  if (major === 7 && (minor === undefined || minor <= 3)) return { version: "7.3", exact: minor === 3 };
  return { version: "main", exact: false };
}

/** Like resolveVersion, but never undefined: unparseable input gives the default. */
export function toSnapshot(input: string | undefined): IncusVersion {
  return (input && resolveVersion(input)?.version) || DEFAULT_VERSION;
}
