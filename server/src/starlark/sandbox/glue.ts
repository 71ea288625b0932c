// JavaScript evaluated once in each sandbox context after the runtime bundle: the bridge
// between the host and the runtime. It turns host functions into builtins (arguments and
// results cross as tagged JSON, CONTRACT.md), runs compiled programs and calls with every
// error caught and described (message, JS stack, whether it is a Starlark error), and
// captures print output. `__hostCall` is installed by the host before this script runs.
// Values the host interns (Session.intern) are kept here once and handed to each call as
// copies: a host object's copy shares the interned fields until a mutable one (a list, a
// dict, a nested object) is first reached, which copies them (copy on write), so a run may
// mutate what it got without the next run seeing it.

export const GLUE = String.raw`(function () {
"use strict";
const $rt = globalThis.$rt;
const U = $rt.universe;
const hostCall = globalThis.__hostCall;
const isSValue = (v) => v !== null && typeof v === "object";
const typeOf = (v) => $rt.typeName ? $rt.typeName(v) : $rt.call(U.type, [v], null);
const repr = (v) => $rt.call(U.repr, [v], null);

function items(v) {
  const out = [];
  const it = $rt.iterate(v);
  try { let x; while ((x = it.next()) !== undefined) out.push(x); } finally { it.done(); }
  return out;
}

function encode(v) {
  switch (typeof v) {
    case "number": case "string": case "boolean": return v;
    case "bigint": return { $int: v.toString() };
  }
  if (v === null) return null;
  const t = typeOf(v);
  switch (t) {
    case "float": { const n = v.v; return { $float: Number.isFinite(n) ? n : Number.isNaN(n) ? "NaN" : n > 0 ? "+Inf" : "-Inf" }; }
    case "bytes": return { $bytes: v.s };
    case "list": return v.elems.map(encode);
    case "tuple": return { $tuple: v.elems.map(encode) };
    case "dict": return { $dict: items(v).map((k) => [encode(k), encode($rt.getIndex(v, k))]) };
    case "set": return { $set: items(v).map(encode) };
  }
  if ($rt.SHostObject && v instanceof $rt.SHostObject) {
    const o = { $obj: v.typeName, fields: v.fields.map(([k, x]) => [k, encode(x)]), dirQuoted: !!v.dirQuoted };
    if (v.missing !== undefined) o.missing = v.missing;
    if (v.unhashable !== undefined) o.unhashable = v.unhashable;
    return o;
  }
  return { $opaque: t, repr: repr(v) };
}

function decodeFloat(x) {
  if (typeof x === "number") return x;
  if (x === "NaN") return NaN;
  return x.charAt(0) === "-" ? -Infinity : Infinity;
}

// ---- interned values (host references) ----
const SHostObject = $rt.SHostObject;
const interned = [];
/** For each interned host object, the prototype of its copies (see HostCopy). */
const copyProtos = [];
const freeHandles = [];

/** Whether a field value may change under a run (shared values must not). */
function isMutable(v) {
  return v !== null && typeof v === "object" && !(v instanceof $rt.SFloat) && !(v instanceof $rt.SBytes);
}

/** A deep copy of an interned value (host objects copied lazily, see HostCopy). */
function copyValue(v) {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof $rt.SList) {
    const src = v.elems;
    const elems = new Array(src.length);
    for (let i = 0; i < src.length; i++) elems[i] = copyValue(src[i]);
    return new $rt.SList(elems);
  }
  if (v instanceof SHostObject) return Object.create(copyProto(v));
  if (v instanceof $rt.SDict) {
    const d = new $rt.SDict();
    for (const [k, x] of v.items()) d.setKey(k, copyValue(x));
    return d;
  }
  if (v instanceof $rt.STuple) return v.elems.some(isMutable) ? $rt.tuple(v.elems.map(copyValue)) : v;
  if (v instanceof $rt.SSet) {
    const c = new $rt.SSet();
    for (const k of v.elems()) c.insert(k);
    return c;
  }
  return v; // float, bytes: immutable
}

/** A copy of an interned host object: its field list is the interned one until something
 *  reaches a mutable field (attribute access, or any reader of .fields: str, dir, freeze,
 *  the host encoding), which gives the copy its own fields with the mutable values copied.
 *  A copy is a bare object whose prototype (one per interned object, see copyProto) holds
 *  the interned object's properties: creating one is a single allocation. */
class HostCopy extends SHostObject {
  attr(name) {
    // $v: the immutable field values by name (shared), MUTABLE for the others.
    const v = this.$v[name];
    if (v !== MUTABLE) return v;
    const fs = this.fields; // the copy's own, once reached
    for (let i = 0; i < fs.length; i++) if (fs[i][0] === name) return fs[i][1];
    return undefined;
  }
}
const MUTABLE = {};
Object.defineProperty(HostCopy.prototype, "fields", {
  get() {
    if (!this.$own) {
      this.$own = true;
      this.$f = this.$f.map((f) => isMutable(f[1]) ? [f[0], copyValue(f[1])] : f);
    }
    return this.$f;
  },
  set(v) {
    this.$f = v;
    this.$own = false;
  },
});

// Interned objects are never handed out, so their copies' prototype can live on them.
function copyProto(src) {
  let p = src.$copyProto;
  if (p === undefined) {
    p = Object.create(HostCopy.prototype);
    for (const k of Object.keys(src)) p[k] = src[k];
    p.$f = src.fields;
    p.$own = false;
    const values = Object.create(null);
    for (const [k, x] of src.fields) if (!(k in values)) values[k] = isMutable(x) ? MUTABLE : x;
    p.$v = values;
    src.$copyProto = p;
  }
  return p;
}

function internedCopy(h) {
  const p = copyProtos[h];
  if (p !== undefined) return Object.create(p);
  const v = interned[h];
  if (v === undefined) throw new $rt.StarlarkError("internal error: stale host reference " + h);
  return copyValue(v);
}

function decode(t) {
  if (t === null || typeof t !== "object") return t === undefined ? null : t;
  if (Array.isArray(t)) return $rt.list(t.map(decode));
  if ("$refs" in t) {
    if (!t.runs) return $rt.list(t.$refs.map(internedCopy));
    const rs = t.$refs;
    let n = 0;
    for (let i = 1; i < rs.length; i += 2) n += rs[i];
    const elems = new Array(n);
    let k = 0;
    for (let i = 0; i < rs.length; i += 2) {
      for (let h = rs[i], end = h + rs[i + 1]; h < end; h++) {
        const p = copyProtos[h];
        elems[k++] = p !== undefined ? Object.create(p) : internedCopy(h);
      }
    }
    return $rt.list(elems);
  }
  if ("$ref" in t) return internedCopy(t.$ref);
  if ("$int" in t) return $rt.bigint(t.$int);
  if ("$float" in t) return $rt.float(decodeFloat(t.$float));
  if ("$bytes" in t) return $rt.bytes(t.$bytes);
  if ("$tuple" in t) return $rt.tuple(t.$tuple.map(decode));
  if ("$dict" in t) { const flat = []; for (const [k, v] of t.$dict) flat.push(decode(k), decode(v)); return $rt.dict(flat); }
  if ("$set" in t) return $rt.set(t.$set.map(decode));
  if ("$obj" in t) {
    const o = new $rt.SHostObject(t.$obj, t.fields.map(([k, v]) => [k, decode(v)]), !!t.dirQuoted, t.missing);
    if (typeof t.unhashable === "string") {
      // The host's own wording for hashing the object (Incus: "Unhashable type T").
      const msg = t.unhashable.replace("%s", t.$obj);
      o.unhashable = t.unhashable;
      o.hashKey = () => { throw new $rt.StarlarkError(msg); };
    }
    return o;
  }
  throw new $rt.StarlarkError("cannot decode host value");
}

function hostBuiltin(id, name) {
  return new $rt.SBuiltin(name, hostImpl(id));
}

function hostImpl(id) {
  return function (args, kwargs) {
    const req = JSON.stringify([id, args.map(encode), kwargs.map(([k, v]) => [k, encode(v)])]);
    const res = JSON.parse(hostCall(req));
    if ("error" in res) throw new $rt.StarlarkError(res.error);
    return decode(res.ok);
  };
}

/** A host function with a sandbox-side implementation: factory(host) returns it, and it
 *  calls host(args, kwargs) for what only the host function can answer. */
function fastBuiltin(id, name, factory) {
  return new $rt.SBuiltin(name, factory(hostImpl(id)));
}

// The runtime's call stack at the failure (it is not unwound by exceptions): Starlark
// functions as {f: 1}, builtins and methods by name, outermost first. The host merges the
// builtin frames into the backtrace it derives from the JS stack.
function activeCalls() {
  if (typeof $rt.callStack !== "function") return undefined;
  try {
    return $rt.callStack().map((c) => c instanceof $rt.SFunction ? { f: c.desc.pos } : { b: typeof c === "string" ? c : (c && c.name) || "?" });
  } catch (_) {
    return undefined;
  }
}

function describe(e) {
  if (e instanceof $rt.StarlarkError) return { starlark: true, message: e.message, stack: String(e.stack || ""), calls: activeCalls() };
  if (e instanceof Error) return { starlark: false, name: e.name, message: e.message, stack: String(e.stack || ""), calls: activeCalls() };
  return { starlark: false, name: "throw", message: String(e), stack: "" };
}

const programs = {};
const modules = {};
let output = [];

function makeEnv(predeclared) {
  return {
    predeclared,
    load(name) {
      const m = modules[name];
      if (m === undefined) throw new $rt.StarlarkError("cannot load " + name + ": no such module");
      if (m.error !== undefined) throw new $rt.StarlarkError("cannot load " + name + ": " + m.error);
      return m.globals;
    },
  };
}

// The runtime keeps its call stack outside try/finally (cheaper calls), so each entry from
// the host starts from a clean state, with the recursion option of the program it runs.
function enter(p) {
  if (typeof $rt.reset === "function") $rt.reset();
  if (typeof $rt.setOptions === "function") $rt.setOptions({ recursion: !!p.recursion });
}

globalThis.$glue = {
  encode, decode, hostBuiltin, fastBuiltin, programs, modules,
  /** Session.runJs functions, compiled once. */
  jsFns: [],
  /** Values as the host interns them (tagged JSON list): their handles, as JSON. */
  intern(json) {
    const ws = JSON.parse(json);
    const hs = [];
    for (const w of ws) {
      const v = decode(w);
      const h = freeHandles.length ? freeHandles.pop() : interned.length;
      interned[h] = v;
      copyProtos[h] = v instanceof SHostObject ? copyProto(v) : undefined;
      hs.push(h);
    }
    return JSON.stringify(hs);
  },
  release(hs) {
    for (const h of hs) {
      if (interned[h] !== undefined) {
        interned[h] = undefined;
        copyProtos[h] = undefined;
        freeHandles.push(h);
      }
    }
    return "null";
  },
  internedCount() { return String(interned.length - freeHandles.length); },
  /** Make an in-sandbox builtin from JS source (for test harnesses). */
  jsBuiltin(name, fn) { return new $rt.SBuiltin(name, fn); },
  /** Instantiate a compiled program (factory already evaluated) with predeclared values. */
  instantiate(progId, factory, predeclared, recursion) {
    programs[progId] = factory($rt, makeEnv(predeclared));
    programs[progId].recursion = recursion;
  },
  /** Run the top level then freeze the globals (Program.Init + Freeze). */
  init(progId) {
    const p = programs[progId];
    try {
      enter(p);
      p.toplevel();
      return JSON.stringify({ ok: null });
    } catch (e) {
      return JSON.stringify({ error: describe(e) });
    } finally {
      for (const v of p.globals) if (v !== undefined) $rt.freeze(v);
    }
  },
  /** Publish a program's globals as a loadable module. */
  publish(progId, name, error) {
    if (error !== undefined) { modules[name] = { error }; return; }
    const p = programs[progId];
    const globals = {};
    p.globalNames.forEach((n, i) => { if (p.globals[i] !== undefined) globals[n] = p.globals[i]; });
    modules[name] = { globals };
  },
  globals(progId) {
    const p = programs[progId];
    const out = [];
    p.globalNames.forEach((n, i) => {
      const v = p.globals[i];
      if (v === undefined) return;
      const g = { name: n, type: typeOf(v) };
      if (v instanceof $rt.SFunction) {
        g.params = v.desc.params;
        g.numParams = v.desc.numParams;
        g.hasVarargs = v.desc.hasVarargs;
        g.hasKwargs = v.desc.hasKwargs;
      }
      out.push(g);
    });
    return JSON.stringify(out);
  },
  call(progId, name, argsJson) {
    const p = programs[progId];
    const i = p.globalNames.indexOf(name);
    const fn = i < 0 ? undefined : p.globals[i];
    if (fn === undefined) return JSON.stringify({ error: { starlark: true, message: "no global named " + name, stack: "" } });
    try {
      enter(p);
      const req = JSON.parse(argsJson);
      const result = $rt.call(fn, req.args.map(decode), req.kwargs.length ? req.kwargs.map(([k, v]) => [k, decode(v)]) : null);
      return JSON.stringify({ ok: encode(result) });
    } catch (e) {
      return JSON.stringify({ error: describe(e) });
    }
  },
  print(line) { output.push(line); },
  takeOutput() { const o = output; output = []; return JSON.stringify(o); },
};
const setPrint = $rt.setPrint || $rt.setPrintHandler;
if (typeof setPrint === "function") setPrint((line) => output.push(line));
})();
`;
