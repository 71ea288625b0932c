// eval.go's indices/asIndex: the optional [start:end] bounds that str.find, str.count,
// str.startswith, list.index ... accept, clamped to [0, len].

import { StarlarkError, type Value } from "../values";
import { asInt32 } from "../unpack";

/** indices(start_, end_, len): absent/None bounds default to 0 and len; negative ones
 *  count from the end; the results are clamped to [0, len] (start may exceed end).
 *  Errors read "invalid start index: ..." / "invalid end index: ...". */
export function indices(start_: Value | undefined, end_: Value | undefined, len: number): [number, number] {
  let start = 0;
  if (start_ !== undefined && start_ !== null) {
    start = asIndex(start_, len, "start");
    if (start < 0) start = 0;
    else if (start > len) start = len;
  }
  let end = len;
  if (end_ !== undefined && end_ !== null) {
    end = asIndex(end_, len, "end");
    if (end < 0) end = 0;
    else if (end > len) end = len;
  }
  return [start, end];
}

function asIndex(v: Value, len: number, which: string): number {
  let i: number;
  try {
    i = asInt32(v);
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`invalid ${which} index: ${e.message}`);
    throw e;
  }
  return i < 0 ? i + len : i;
}
