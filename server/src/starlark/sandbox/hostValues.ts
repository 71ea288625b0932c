// Starlark values as host (Node) code sees them: what host functions receive and return,
// and what Session.call takes and gives back. Strings are ordinary JS strings (the UTF-8
// byte strings of the sandbox are converted at the boundary); ints are numbers when safe,
// else bigints; the other Starlark types get small wrapper classes.

export type HostValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | HostValue[] // list
  | HostFloat
  | HostBytes
  | HostTuple
  | HostDict
  | HostSet
  | HostObject
  | HostOpaque
  | HostRef;

export class HostFloat {
  constructor(readonly value: number) {}
}

export class HostBytes {
  constructor(readonly value: Uint8Array) {}
}

export class HostTuple {
  constructor(readonly items: HostValue[]) {}
}

export class HostDict {
  constructor(readonly entries: [HostValue, HostValue][]) {}
  /** A dict with string keys in the order given. */
  static of(obj: Record<string, HostValue>): HostDict {
    return new HostDict(Object.entries(obj));
  }
  get(key: HostValue): HostValue | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
}

export class HostSet {
  constructor(readonly items: HostValue[]) {}
}

/** A host object (CONTRACT.md): attribute access only, `type()` is `typeName`, a missing
 *  attribute fails with `missing` ("%s" = the name, e.g. `Invalid field "%s"`), `dir()`
 *  lists field names, quoted when `dirQuoted` (as Incus does). */
export class HostObject {
  constructor(
    readonly typeName: string,
    readonly fields: [string, HostValue][],
    readonly options: { dirQuoted?: boolean; missing?: string; unhashable?: string } = {},
  ) {}
  get(name: string): HostValue | undefined {
    return this.fields.find(([k]) => k === name)?.[1];
  }
}

/** A sandbox value with no host form (a function, a range...): its type and repr only. */
export class HostOpaque {
  constructor(readonly typeName: string, readonly repr: string) {}
}

/** A value the host put into the sandbox once (`Session.intern`): passed in call arguments
 *  or host-function results, it arrives as a fresh copy of the interned value (copied on
 *  write: mutating one copy never shows in another), so each run gets its own value as if
 *  it had been marshalled, without the marshalling. Host-to-sandbox only: a value coming
 *  back from the sandbox is never a HostRef. */
export class HostRef {
  constructor(readonly handle: number) {}
}
