// Methods of Starlark bytes (go.starlark.net library.go bytesMethods): only elems().

import { SBytes } from "../values";
import { checkPositional } from "../unpack";
import type { MethodTable } from "./method-types";
import { BytesElems } from "./string-views";

export const BYTES_METHODS: MethodTable = {
  /** bytes_elems: an iterable of the byte values. */
  elems(recv, args, kwargs) {
    checkPositional("elems", args, kwargs, 0, 0);
    return new BytesElems((recv as SBytes).s);
  },
};
