// Direct entry points for the commonest string method calls, by name and number of
// positional arguments (no keyword arguments): compiled code calls them when the receiver
// is a string, instead of callMethod with an argument array. Each handles the usual
// argument types itself and hands anything else to the method's implementation, so
// results and errors are exactly the method's.

import { K_LIST, K_TUPLE, SList, type Value } from "../values";
import { NO_KWARGS } from "../call";
import { STRING_METHODS } from "./string";
import { lower, upper } from "./string-case";
import { replace } from "./string-ops";
import { isASCII } from "./utf8";

const M = STRING_METHODS;

export const STRING_FAST: Record<string, (...args: Value[]) => Value> = {
  upper0(s) {
    return isASCII(s as string) ? (s as string).toUpperCase() : upper(s as string);
  },
  lower0(s) {
    return isASCII(s as string) ? (s as string).toLowerCase() : lower(s as string);
  },
  startswith1(s, x) {
    return typeof x === "string" ? (s as string).startsWith(x) : M.startswith(s, [x], NO_KWARGS);
  },
  endswith1(s, x) {
    return typeof x === "string" ? (s as string).endsWith(x) : M.endswith(s, [x], NO_KWARGS);
  },
  replace2(s, a, b) {
    if (typeof a === "string" && typeof b === "string") {
      if (a !== "" && (s as string).indexOf(a) < 0) return s;
      return replace(s as string, a, b, -1);
    }
    return M.replace(s, [a, b], NO_KWARGS);
  },
  split1(s, sep) {
    if (typeof sep === "string" && sep !== "") return new SList((s as string).split(sep));
    return M.split(s, [sep], NO_KWARGS);
  },
  join1(s, x) {
    if (typeof x === "object" && x !== null && (x.kind === K_LIST || x.kind === K_TUPLE)) {
      const elems = (x as SList).elems;
      let ok = true;
      for (let i = 0; i < elems.length; i++) {
        if (typeof elems[i] !== "string") {
          ok = false;
          break;
        }
      }
      if (ok) return (elems as string[]).join(s as string);
    }
    return M.join(s, [x], NO_KWARGS);
  },
  strip0(s) {
    return M.strip(s, [], NO_KWARGS);
  },
  find1(s, x) {
    return typeof x === "string" ? (s as string).indexOf(x) : M.find(s, [x], NO_KWARGS);
  },
};
