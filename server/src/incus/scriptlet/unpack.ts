// go.starlark.net's UnpackArgs for host functions: Incus's builtins unpack their arguments
// with it, so the argument errors a scriptlet sees (`set_target: missing argument for
// member_name`, `get_instances: for parameter project: got int, want string`) are its messages.
import { StarlarkError, type HostValue } from "../../starlark/engine";
import { hostRepr, hostTypeName } from "./host-repr";
import { nearest } from "../../starlark/resolve/spell";

export type ParamKind = "string" | "bool" | "int" | "any";

export interface ParamSpec {
  /** As written in Go: `name`, `name?` (optional) or `name??` (optional, None = omitted). */
  name: string;
  kind: ParamKind;
}

function paramName(spec: string): { name: string; skipNone: boolean } {
  if (spec.endsWith("??")) return { name: spec.slice(0, -2), skipNone: true };
  if (spec.endsWith("?")) return { name: spec.slice(0, -1), skipNone: false };
  return { name: spec, skipNone: false };
}

function unpackOne(v: HostValue, kind: ParamKind): HostValue {
  switch (kind) {
    case "string":
      if (typeof v !== "string") throw new Error(`got ${hostTypeName(v)}, want string`);
      return v;
    case "bool":
      if (typeof v !== "boolean") throw new Error(`got ${hostTypeName(v)}, want bool`);
      return v;
    case "int":
      if (typeof v !== "number" && typeof v !== "bigint") throw new Error(`got ${hostTypeName(v)}, want int`);
      return v;
    case "any":
      return v;
  }
}

/** Returns the values by parameter name (absent = not given). Throws StarlarkError. */
export function unpackArgs(fn: string, args: HostValue[], kwargs: [string, HostValue][], params: ParamSpec[]): Map<string, HostValue> {
  const out = new Map<string, HostValue>();
  const defined = new Set<number>();
  if (args.length > params.length) {
    throw new StarlarkError(`${fn}: got ${args.length} arguments, want at most ${params.length}`);
  }
  args.forEach((arg, i) => {
    defined.add(i);
    const { name, skipNone } = paramName(params[i].name);
    if (skipNone && arg === null) return;
    try {
      out.set(name, unpackOne(arg, params[i].kind));
    } catch (e) {
      throw new StarlarkError(`${fn}: for parameter ${name}: ${(e as Error).message}`);
    }
  });
  kwloop: for (const [kw, arg] of kwargs) {
    for (let i = 0; i < params.length; i++) {
      const { name, skipNone } = paramName(params[i].name);
      if (name !== kw) continue;
      // The keyword is a starlark.String formatted with %s: quoted (go.starlark.net d9371fef63fe,
      // the version Incus 6.0.4 vendors: starlark/unpack.go).
      if (defined.has(i)) throw new StarlarkError(`${fn}: got multiple values for keyword argument ${hostRepr(kw)}`);
      defined.add(i);
      if (skipNone && arg === null) continue kwloop;
      try {
        out.set(name, unpackOne(arg, params[i].kind));
      } catch (e) {
        // Go formats the keyword (a starlark.String) with %s: quoted.
        throw new StarlarkError(`${fn}: for parameter ${hostRepr(kw)}: ${(e as Error).message}`);
      }
      continue kwloop;
    }
    // Quoted (%q), as Incus 6.0.4's go.starlark.net prints it (seen on the test cluster).
    let msg = `${fn}: unexpected keyword argument ${JSON.stringify(kw)}`;
    // go.starlark.net collects the candidate names with a stride of 2 over the parameter
    // count (a quirk of its loop), so only some names are ever suggested; keep the quirk.
    const names: string[] = [];
    for (let i = 0; i < params.length; i += 2) names.push(paramName(params[i / 2].name).name);
    const near = nearest(kw, names);
    if (near) msg += ` (did you mean ${near}?)`;
    throw new StarlarkError(msg);
  }
  for (let i = 0; i < params.length; i++) {
    if (params[i].name.endsWith("?")) break;
    if (i < args.length) continue;
    if (!defined.has(i)) throw new StarlarkError(`${fn}: missing argument for ${params[i].name}`);
  }
  return out;
}
