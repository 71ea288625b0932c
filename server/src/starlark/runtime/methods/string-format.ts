// str.format: a port of go.starlark.net's string_format (library.go). Starlark supports only
// "{}", "{0}", "{name}" fields with an optional "!s" / "!r" conversion; any format spec, x.y
// or a[i] field is an error with Go's wording.

import { StarlarkError, type Value } from "../values";
import { repr } from "../builtins/core-bridge";
import type { Kwargs } from "../unpack";

export function format(fmt: string, args: readonly Value[], kwargs: Kwargs): string {
  let auto = false; // kinds of positional indexing used
  let manual = false;
  let buf = "";
  let index = 0;
  let pos = 0; // start of the unprocessed rest of fmt (Go re-slices fmt instead)
  for (;;) {
    const i = fmt.indexOf("{", pos);
    const litEnd = i >= 0 ? i : fmt.length;

    // Replace "}}" with "}" in the non-field portion, rejecting a lone '}'.
    for (;;) {
      const j = fmt.indexOf("}", pos);
      if (j < 0 || j >= litEnd) {
        buf += pos === 0 && litEnd === fmt.length ? fmt : fmt.slice(pos, litEnd);
        break;
      }
      if (j + 1 === litEnd || fmt[j + 1] !== "}") throw new StarlarkError("format: single '}' in format");
      buf += fmt.slice(pos, j + 1);
      pos = j + 2;
    }

    if (i < 0) break; // end of format string

    if (i + 1 < fmt.length && fmt[i + 1] === "{") {
      // "{{" means a literal '{'
      buf += "{";
      pos = i + 2;
      continue;
    }

    const close = fmt.indexOf("}", i + 1);
    if (close < 0) throw new StarlarkError("format: unmatched '{' in format");
    let field = fmt.slice(i + 1, close);
    pos = close + 1;

    let name: string;
    let conv = "s";
    let spec = "";
    const bang = field.indexOf("!");
    if (bang < 0) {
      // "name" or "name:spec"
      const colon = field.indexOf(":");
      if (colon < 0) name = field;
      else {
        name = field.slice(0, colon);
        spec = field.slice(colon + 1);
      }
    } else {
      // "name!conv" or "name!conv:spec"
      name = field.slice(0, bang);
      field = field.slice(bang + 1);
      const colon = field.indexOf(":");
      if (colon < 0) conv = field;
      else {
        conv = field.slice(0, colon);
        spec = field.slice(colon + 1);
      }
    }

    let arg: Value | undefined;
    if (name === "") {
      // "{}": automatic indexing
      if (manual) {
        throw new StarlarkError(
          "format: cannot switch from manual field specification to automatic field numbering",
        );
      }
      auto = true;
      if (index >= args.length) throw new StarlarkError("format: tuple index out of range");
      arg = args[index++];
    } else {
      const num = decimal(name);
      if (num >= 0) {
        // positional argument
        if (auto) {
          throw new StarlarkError(
            "format: cannot switch from automatic field numbering to manual field specification",
          );
        }
        manual = true;
        if (num >= args.length) throw new StarlarkError("format: tuple index out of range");
        arg = args[num];
      } else {
        // keyword argument
        if (kwargs) {
          for (const kv of kwargs) {
            if (kv[0] === name) {
              arg = kv[1];
              break;
            }
          }
        }
        if (arg === undefined) {
          // Starlark does not support Python's x.y or a[i] syntaxes, or nested {...}.
          if (name.includes(".")) {
            throw new StarlarkError(
              `format: attribute syntax x.y is not supported in replacement fields: ${name}`,
            );
          }
          if (name.includes("[")) {
            throw new StarlarkError(
              `format: element syntax a[i] is not supported in replacement fields: ${name}`,
            );
          }
          if (name.includes("{")) throw new StarlarkError("format: nested replacement fields not supported");
          throw new StarlarkError(`format: keyword ${name} not found`);
        }
      }
    }

    if (spec !== "") {
      // Starlark does not support Python's format_spec features.
      throw new StarlarkError(`format spec features not supported in replacement fields: ${spec}`);
    }

    if (conv === "s") buf += typeof arg === "string" ? arg : repr(arg);
    else if (conv === "r") buf += repr(arg);
    else throw new StarlarkError(`format: unknown conversion ${goQuote(conv)}`);
  }
  return buf;
}

/** library.go decimal: the value of an all-decimal-digit name, or -1 (also on overflow of
 *  Go's int, in which case the name is looked up as a keyword). */
function decimal(s: string): number {
  let x = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
    if (x > 9223372036854775807) return -1; // Go's int overflow check
  }
  return x;
}

/** Go's %q of a byte string (strconv.Quote), enough for the short strings of error
 *  messages: printable ASCII verbatim, C escapes, \xNN for other bytes < 0x80 and for
 *  invalid UTF-8; other UTF-8 text verbatim. */
export function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += "\\" + s[i];
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else if (c === 7) out += "\\a";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 11) out += "\\v";
    else if (c < 0x80) out += "\\x" + c.toString(16).padStart(2, "0");
    else {
      // A valid multi-byte sequence stays as is; an invalid byte is escaped.
      const n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      let ok = n > 1 && i + n <= s.length;
      for (let k = 1; ok && k < n; k++) ok = (s.charCodeAt(i + k) & 0xc0) === 0x80;
      if (ok) {
        out += s.substr(i, n);
        i += n - 1;
      } else out += "\\x" + c.toString(16).padStart(2, "0");
    }
  }
  return out + '"';
}
