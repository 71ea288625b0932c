// Starlark semantics that changed between go.starlark.net versions, as data: each Incus
// release vendors one version (the knowledge manifest maps releases to versions) and the
// runtime behaves as that version does. The host selects them per session
// (Session.setSemantics / Limits-like options); the default is the version Incus 6.0.4
// vendors.

/** The behaviours that differ between the versions we know. Between Debian's 42030a7 and
 *  the newest Incus vendors (8ba36cc, Incus 7.2) the history also has: set.update and a
 *  variadic set.union (2fb1215, d908c3e; sets are off in Incus's dialect), a recursion
 *  limit of 100,000 frames when recursion is allowed ("Starlark stack overflow",
 *  a340632; recursion is off in Incus, and the sandbox's native stack ends far sooner),
 *  break/continue inside a nested function reported by the resolver (336a4b3, the
 *  resolver's concern), and changes with no visible effect on these programs (proto,
 *  json, time modules, Module type, iterator APIs, refactorings). */
export interface SemanticsOptions {
  /** set.add / set.discard fail on a set being iterated (go.starlark.net 4aef06a, Never
   *  allow set.add() / set.discard() if set is frozen or being iterated); before it only
   *  a frozen set failed. */
  setMutationChecksIteration: boolean;
}

/** go.starlark.net versions (Go pseudo-version commit prefixes, oldest first) and their
 *  semantics. A version not listed behaves as the newest listed one before it. */
export const STARLARK_GO_VERSIONS: readonly { commit: string; date: string; semantics: SemanticsOptions }[] = [
  // Debian bookworm-backports' golang-starlark-dev (0.0~git20240725.42030a7), Incus 6.0.2.
  { commit: "42030a7cedce", date: "20240725214946", semantics: { setMutationChecksIteration: false } },
  // Incus 6.0.4.
  { commit: "d9371fef63fe", date: "20250318223901", semantics: { setMutationChecksIteration: true } },
];

/** The version Debian ships (the conformance suite's reference). */
export const DEBIAN_STARLARK_GO = "v0.0.0-20240725214946-42030a7cedce";
/** The version Incus 6.0.4 vendors (the default). */
export const INCUS_604_STARLARK_GO = "v0.0.0-20250318223901-d9371fef63fe";

/** The semantics of a go.starlark.net module version ("v0.0.0-<date>-<commit>", as in
 *  Incus's go.mod). Unknown formats get the default. */
export function semanticsFor(version: string): SemanticsOptions {
  const m = /^v0\.0\.0-(\d{14})-([0-9a-f]{12})$/.exec(version);
  if (!m) return { ...DEFAULT_SEMANTICS };
  let pick = STARLARK_GO_VERSIONS[0].semantics;
  for (const v of STARLARK_GO_VERSIONS) if (v.date <= m[1]) pick = v.semantics;
  return { ...pick };
}

export const DEFAULT_SEMANTICS: Readonly<SemanticsOptions> = Object.freeze(
  { ...STARLARK_GO_VERSIONS.find((v) => INCUS_604_STARLARK_GO.endsWith(v.commit))!.semantics },
);

/** The semantics in force in this sandbox. */
export const semantics: SemanticsOptions = { ...DEFAULT_SEMANTICS };

export function setSemantics(o: Partial<SemanticsOptions>): void {
  Object.assign(semantics, o);
}
