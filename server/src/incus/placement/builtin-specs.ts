// The placement builtins' argument specs and error texts, read from the knowledge data
// (knowledge/scriptlet-builtins.json: parameter order as Incus's UnpackArgs takes them, "??"
// parameters, the Go error formats per version), so that the simulator, the editor's
// signature help and the checker answer from one source.
import { builtin, builtinErrors, type Builtin } from "../knowledge/scriptlets";
import { goSprintf } from "../knowledge/go-format";
import type { ParamKind, ParamSpec } from "../scriptlet/unpack";

const specCache = new Map<string, ParamSpec[]>();

function placementBuiltin(name: string, version: string): Builtin {
  const b = builtin("placement", name, version);
  if (!b) throw new Error(`knowledge has no placement builtin ${name} for Incus ${version}`);
  return b;
}

/** UnpackArgs specs (`name`, `name?`, `name??`) for a placement builtin in `version`. */
export function unpackSpec(name: string, version: string): ParamSpec[] {
  const key = `${name}\0${version}`;
  let spec = specCache.get(key);
  if (!spec) {
    spec = placementBuiltin(name, version).params.map((p) => ({
      name: p.name + (p.optional ? (p.noneIsDefault ? "??" : "?") : ""),
      kind: (["string", "bool", "int"].includes(p.type.kind) ? p.type.kind : "any") as ParamKind,
    }));
    specCache.set(key, spec);
  }
  return spec;
}

/** The error text a builtin raises in `version`, from its Go format: the first format whose
 *  text starts with `prefix` (the format before its first verb), with `args` filled in. */
export function builtinError(name: string, version: string, prefix: string, ...args: unknown[]): string {
  const errors = builtinErrors(placementBuiltin(name, version), version);
  const e = errors.find((x) => x.format.startsWith(prefix));
  if (!e) throw new Error(`knowledge has no error "${prefix}..." of ${name} for Incus ${version}`);
  return goSprintf(e.format, ...args);
}
