// dir, getattr, hasattr (go.starlark.net library.go) over the HasAttrs values: strings,
// bytes, lists, dicts and sets (their built-in methods) and host objects (their fields).
// Unlike the x.f operator, getattr adds no spelling suggestion to its error.

import { SHostObject, SList, SValue, StarlarkError, typeName, type BuiltinImpl, type Value } from "../values";
import { anyValue, toStr, unpackPositional } from "../unpack";
import { describeType } from "./core-bridge";
import { ATTR_TYPES, boundMethod, methodNames } from "../registry";
import "../methods/index"; // registers the methods consulted here

/** HasAttrs.Attr: { v } when found, { err } when the type reports an error for a missing
 *  attribute (a host object's `missing` template), undefined when there is no such
 *  attribute (or x has no attributes at all). */
function attr(x: Value, name: string): { v: Value } | { err: string } | undefined {
  const t = typeName(x);
  if (ATTR_TYPES.has(t)) {
    const m = boundMethod(t, x, name);
    return m !== undefined ? { v: m } : undefined;
  }
  if (!(x instanceof SValue)) return undefined;
  const v = x.attr(name);
  if (v !== undefined) return { v };
  if (x instanceof SHostObject && x.missing !== undefined) return { err: x.missing.replace("%s", name) };
  return undefined;
}

/** HasAttrs.AttrNames, or [] for values without attributes. */
export function attrNamesOf(x: Value): string[] {
  const t = typeName(x);
  if (ATTR_TYPES.has(t)) return methodNames(t).slice();
  return (x instanceof SValue ? x.attrNames()?.slice() : undefined) ?? [];
}

export const dir: BuiltinImpl = (args, kwargs) => {
  if (kwargs && kwargs.length > 0) throw new StarlarkError("dir does not accept keyword arguments");
  if (args.length !== 1) throw new StarlarkError(`dir: got ${args.length} arguments, want 1`);
  // sort.Strings: byte order, which JS's default sort gives on byte strings.
  return new SList(attrNamesOf(args[0]).sort());
};

export const getattr: BuiltinImpl = (args, kwargs) => {
  const [object, name, dflt] = unpackPositional("getattr", args, kwargs, 2, [anyValue, toStr, anyValue]) as [
    Value,
    string,
    Value | undefined,
  ];
  const a = attr(object, name);
  if (a !== undefined) {
    if ("v" in a) return a.v;
    // An error could mean the field doesn't exist, or that it could not be computed.
    if (dflt !== undefined) return dflt;
    throw new StarlarkError(`getattr: ${a.err}`);
  }
  if (dflt !== undefined) return dflt;
  throw new StarlarkError(`getattr: ${describeType(object)} has no .${name} field or method`);
};

export const hasattr: BuiltinImpl = (args, kwargs) => {
  const [object, name] = unpackPositional("hasattr", args, kwargs, 2, [anyValue, toStr]) as [Value, string];
  const a = attr(object, name);
  if (a === undefined) return false;
  if ("v" in a) return true;
  // An error is not conclusive: check the attribute names.
  return attrNamesOf(object).includes(name);
};
