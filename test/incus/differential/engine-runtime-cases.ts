// Differential cases for the engine runtime (issue N): values leaving the sandbox, Starlark
// semantics where the tool differed from go.starlark.net, and run-time limits Incus does
// not have. Each was run on a real Incus 6.0.4 cluster first; `expect` is what it did.
// Included in CASES by test/incus/differential/cases.ts. Data only, as cases.ts asks.
import type { DiffCase } from "./cases";

/** `def instance_placement(request, candidate_members):` with the given body lines. */
const fn = (...body: string[]): string =>
  ["def instance_placement(request, candidate_members):", ...body.map((l) => "    " + l)].join("\n") + "\n";

const AREA_VALUES = "values leaving the sandbox";
const AREA_SEMANTICS = "Starlark semantics";
const AREA_LIMITS = "run-time limits";

export const ENGINE_RUNTIME_CASES: DiffCase[] = [
  {
    id: "rt-negzero-log", area: AREA_VALUES, title: "-0.0 keeps its sign in log lines and containers",
    scriptlet: fn('log_info("direct=", -0.0)', 'log_info("list=", [-0.0, 0.0], " ", {"k": -0.0}, " ", (-0.0,))'),
    command: ["create", "--empty", "d-rt1"], expect: "ok",
  },
  {
    id: "rt-negzero-return", area: AREA_VALUES, title: "-0.0 returned: the unexpected-return-value error keeps the sign",
    scriptlet: fn("return -0.0"),
    command: ["create", "--empty", "d-rt2"], expect: "error",
  },
  {
    id: "rt-bytes", area: AREA_VALUES, title: "strings that are not valid UTF-8: str() at top level, repr inside a list",
    scriptlet: fn('s = "h\u00e9llo"', 'log_info("str=", s[1])', 'log_info("elems=", list(s.elems()))', 'log_info("bytes=", b"\\xc3", " ", [s[2]])'),
    command: ["create", "--empty", "d-rt3"], expect: "ok",
  },
  {
    id: "rt-cycle", area: AREA_VALUES, title: "a list and a dict that contain themselves",
    scriptlet: fn("l = [1]", "l.append(l)", 'log_info("cyc=", l)', "d = {}", 'd["a"] = d', 'log_info("dcyc=", d, " ", [d, l])'),
    command: ["create", "--empty", "d-rt4"], expect: "ok",
  },
  {
    id: "rt-deep", area: AREA_VALUES, title: "a value nested 3,000 deep, logged whole and printed with str()",
    scriptlet: fn("x = []", "for i in range(3000):", "    x = [x]", 'log_info("deep=", x)', 'log_info("len=", len(str(x)))'),
    command: ["create", "--empty", "d-rt5"], expect: "ok",
  },
  {
    id: "rt-views", area: AREA_SEMANTICS, title: "string views compare by value",
    scriptlet: fn(
      'log_info("ab".codepoints() == "ab".codepoints(), " ", "ab".elems() == "ab".elems(), " ", "ab".elem_ords() == "ab".elem_ords())',
      'log_info("ab".elems() == "ab".elem_ords(), " ", "ab".codepoints() != "ac".codepoints(), " ", b"x".elems() == b"x".elems())',
    ),
    command: ["create", "--empty", "d-rt6"], expect: "ok",
  },
  {
    id: "rt-sorted-key-append", area: AREA_SEMANTICS, title: "sorted's key function cannot append to the list being sorted",
    scriptlet: fn("x = [3, 1, 2]", "def f(v):", "    x.append(v)", "    return v", "log_info(sorted(x, key=f))"),
    command: ["create", "--empty", "d-rt7"], expect: "error",
  },
  {
    id: "rt-range-big", area: AREA_SEMANTICS, title: "range bounds are Go ints: exact beyond 2^53, a length that overflows has no len",
    scriptlet: fn(
      "r = range(-(1 << 62), 1 << 62)",
      'log_info(r, " ", bool(r), " ", 5 in r, " ", r == r)',
      'log_info(range(0, 1 << 62), " ", len(range(0, 1 << 62)), " ", range(0, 1 << 62)[-1], " ", range(1 << 60, 1 << 62, 1 << 60)[1:])',
      'log_info(list(range(1 << 62, (1 << 62) + 3)), " ", len(range(0, 1 << 62, 3)), " ", list(range(0, 1 << 62, 1 << 60)))',
      "log_info(len(r))",
    ),
    command: ["create", "--empty", "d-rt13"], expect: "error",
  },
  {
    id: "rt-kwarg-quoted", area: AREA_SEMANTICS, title: "a keyword argument of the wrong type is named quoted",
    scriptlet: fn('log_info(get_instances_count(pending="x"))'),
    command: ["create", "--empty", "d-rt8"], expect: "error",
  },
  {
    id: "rt-depth-520", area: AREA_LIMITS, title: "a 520-deep call chain runs (Incus has no call depth limit)",
    scriptlet:
      Array.from({ length: 520 }, (_, i) => `def f${i}(n):\n    return f${i + 1}(n + 1)\n`).join("") +
      "def f520(n):\n    return n\n" +
      fn('log_info("depth=", f0(0))'),
    command: ["create", "--empty", "d-rt9"], expect: "ok",
  },
  {
    id: "rt-range-8m", area: AREA_LIMITS, title: "list(range(8000000)) fits (Incus has no memory cap of its own)",
    scriptlet: fn("l = list(range(8000000))", 'log_info("len=", len(l), " last=", l[-1])'),
    command: ["create", "--empty", "d-rt10"], expect: "ok",
  },
  {
    id: "rt-loop-15m", area: AREA_LIMITS, title: "a 15-million-iteration loop finishes (no time budget for create)",
    scriptlet: fn("n = 0", "for i in range(15000000):", "    n += i & 1", 'log_info("n=", n)'),
    command: ["create", "--empty", "d-rt11"], expect: "ok",
  },
  {
    id: "rt-evac-cancel", area: AREA_LIMITS, title: "evacuation cancels a scriptlet after 5 s: Request finished",
    setup: [["create", "--empty", "d-rt12", "--target", "node2"]],
    scriptlet: fn("n = 0", "for i in range(100000000):", "    n += 1", 'log_info("done ", n)'),
    command: ["cluster", "evacuate", "node2", "--force"], expect: "error",
  },
];
