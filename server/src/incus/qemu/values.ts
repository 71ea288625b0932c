// Values crossing between a QEMU scriptlet and Incus, as Incus converts them:
//  - to Starlark: Go values decoded from JSON (QMP replies, the configuration) go through
//    StarlarkMarshal, so every JSON number arrives as a float, objects as dicts with sorted keys
//    (internal/server/scriptlet/marshal/marshal.go@v6.0.4, shared/scriptlet/marshal.go@v7.3.0);
//  - from Starlark: StarlarkUnmarshal accepts None, bool, int, float, string, list and dict with
//    string keys, and fails with `Unsupported type: <Go type>` or `Only string keys are
//    supported, found <type>` otherwise (same files).
import { HostBytes, HostDict, HostFloat, HostObject, HostSet, HostTuple, StarlarkError, type HostValue } from "../../starlark/engine";
import { sortedDict } from "../scriptlet/host-values";
import { hostTypeName } from "../scriptlet/host-repr";
import { releaseInfo } from "../knowledge/versions";

export function jsonToStarlark(json: unknown): HostValue {
  if (json === null || json === undefined) return null;
  if (typeof json === "boolean" || typeof json === "string") return json;
  if (typeof json === "number") return new HostFloat(json);
  if (Array.isArray(json)) return json.map(jsonToStarlark);
  return sortedDict(Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, jsonToStarlark(v)]));
}

/** Go's %T of the Starlark value StarlarkUnmarshal refuses. */
function goTypeName(v: HostValue, version: string): string {
  if (v instanceof HostTuple) return "starlark.Tuple";
  if (v instanceof HostSet) return "*starlark.Set";
  if (v instanceof HostBytes) return "starlark.Bytes";
  if (v instanceof HostObject) return `*${releaseInfo(version).facts.marshalPackage}.starlarkObject`;
  return `starlark.${hostTypeName(v)}`;
}

export function starlarkToJson(v: HostValue, version: string): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(BigInt.asIntN(64, v));
  if (v instanceof HostFloat) return v.value;
  if (Array.isArray(v)) return v.map((x) => starlarkToJson(x, version));
  if (v instanceof HostDict) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v.entries) {
      if (typeof k !== "string") throw new StarlarkError(`Only string keys are supported, found ${hostTypeName(k)}`);
      out[k] = starlarkToJson(x, version);
    }
    return out;
  }
  throw new StarlarkError(`Unsupported type: ${goTypeName(v, version)}`);
}
