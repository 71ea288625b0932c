// str()/repr() of host values, as go.starlark.net prints the values they stand for. Host
// functions need it where Incus formats Starlark values itself (log_* builtins). The leaf
// formatting (string quoting, floats) is the runtime's own, so both sides print alike.
import { repr as runtimeRepr } from "../../starlark/runtime/repr";
import { SBytes, SFloat } from "../../starlark/runtime/values";
import { toByteString, fromByteString } from "../../starlark/runtime/text";
import {
  HostBytes, HostDict, HostFloat, HostObject, HostOpaque, HostSet, HostTuple, type HostValue,
} from "../../starlark/engine";

export function hostTypeName(v: HostValue): string {
  if (v === null) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number" || typeof v === "bigint") return "int";
  if (typeof v === "string") return "string";
  if (Array.isArray(v)) return "list";
  if (v instanceof HostFloat) return "float";
  if (v instanceof HostBytes) return "bytes";
  if (v instanceof HostTuple) return "tuple";
  if (v instanceof HostDict) return "dict";
  if (v instanceof HostSet) return "set";
  if (v instanceof HostObject) return v.typeName;
  return (v as HostOpaque).typeName;
}

export function hostStr(v: HostValue): string {
  return typeof v === "string" ? v : hostRepr(v);
}

export function hostRepr(v: HostValue): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "string") return fromByteString(runtimeRepr(toByteString(v)));
  if (Array.isArray(v)) return `[${v.map(hostRepr).join(", ")}]`;
  if (v instanceof HostFloat) return runtimeRepr(new SFloat(v.value));
  if (v instanceof HostBytes) return runtimeRepr(bytesValue(v));
  if (v instanceof HostTuple) return v.items.length === 1 ? `(${hostRepr(v.items[0])},)` : `(${v.items.map(hostRepr).join(", ")})`;
  if (v instanceof HostDict) return `{${v.entries.map(([k, x]) => `${hostRepr(k)}: ${hostRepr(x)}`).join(", ")}}`;
  if (v instanceof HostSet) return `set([${v.items.map(hostRepr).join(", ")}])`;
  // Incus's objects print as the dict of their fields.
  if (v instanceof HostObject) return `{${v.fields.map(([k, x]) => `${hostRepr(k)}: ${hostRepr(x)}`).join(", ")}}`;
  return (v as HostOpaque).repr;
}

function bytesValue(b: HostBytes): SBytes {
  return new SBytes(Buffer.from(b.value).toString("latin1"));
}
