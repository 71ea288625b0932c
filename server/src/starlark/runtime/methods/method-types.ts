// The shape of a built-in method implementation, as the METHODS tables hold them: the
// runtime binds one to its receiver when `x.name` is evaluated (Builtin.BindReceiver) and
// calls it with the receiver and the call's arguments.

import type { Value } from "../values";
import type { Kwargs } from "../unpack";

export type MethodImpl = (recv: Value, args: Value[], kwargs: Kwargs) => Value;

/** Methods of one type, by name. */
export type MethodTable = Readonly<Record<string, MethodImpl>>;
