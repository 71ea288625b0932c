// print and fail (go.starlark.net library.go). print writes through the core's print hook
// (go.starlark.net's Thread.Print, set with $rt.setPrint); fail raises its message.

import { SBytes, StarlarkError, type BuiltinImpl, type Value } from "../values";
import { toStr, unpackArgs } from "../unpack";
import { repr } from "./core-bridge";
import { print as printLine } from "../state";

const SEP_PARAM = [["sep?", toStr]] as const;

function separator(name: string, kwargs: Parameters<BuiltinImpl>[1]): string {
  if (!kwargs || kwargs.length === 0) return " ";
  return (unpackArgs(name, [], kwargs, SEP_PARAM)[0] as string | undefined) ?? " ";
}

export const print: BuiltinImpl = (args, kwargs) => {
  const sep = separator("print", kwargs);
  let buf = "";
  for (let i = 0; i < args.length; i++) {
    if (i > 0) buf += sep;
    const v: Value = args[i];
    // Strings and bytes print raw; everything else as repr.
    if (typeof v === "string") buf += v;
    else if (v instanceof SBytes) buf += v.s;
    else buf += repr(v);
  }
  printLine(buf); // Thread.Print, installed with $rt.setPrint
  return null;
};

export const fail: BuiltinImpl = (args, kwargs) => {
  const sep = separator("fail", kwargs);
  let buf = "fail: ";
  for (let i = 0; i < args.length; i++) {
    if (i > 0) buf += sep;
    const v = args[i];
    buf += typeof v === "string" ? v : repr(v);
  }
  throw new StarlarkError(buf);
};
