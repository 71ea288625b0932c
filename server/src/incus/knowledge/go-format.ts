// Render the Go fmt format strings stored in the knowledge data (e.g. `Invalid member name: %s`,
// `the function %q is required ...`) the way Incus's fmt.Sprintf/Errorf calls render them, so the
// simulator and the linter can produce Incus's exact messages.
// Covers the verbs the data uses: %s %v %w %d %q and %%.

/** Go's %q for a string (strconv.Quote); close to JSON but with Go's escapes for control bytes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\x07") out += "\\a";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\v") out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

function verb(v: string, arg: unknown): string {
  switch (v) {
    case "q":
      // %q of a []string prints ["a" "b"]
      return Array.isArray(arg) ? `[${arg.map((a) => goQuote(String(a))).join(" ")}]` : goQuote(String(arg));
    case "d":
      return typeof arg === "bigint" ? arg.toString() : String(Math.trunc(Number(arg)));
    default:
      // %s %v %w: a []string prints [a b]
      return Array.isArray(arg) ? `[${arg.join(" ")}]` : arg instanceof Error ? arg.message : String(arg);
  }
}

/** Sprintf for the verbs above. Missing arguments render as Go does: %!v(MISSING). */
export function goSprintf(format: string, ...args: unknown[]): string {
  let i = 0;
  return format.replace(/%([%sqvwd])/g, (_, v: string) => {
    if (v === "%") return "%";
    if (i >= args.length) return `%!${v}(MISSING)`;
    return verb(v, args[i++]);
  });
}
