// JS source literals for Starlark constants. Strings in the syntax tree are already byte
// strings (char codes 0..255); they are written with escapes so the generated JS is pure
// ASCII, which keeps QuickJS's columns equal to character offsets.

export function jsString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else if (c === 0x0a) out += "\\n";
    else if (c < 0x100) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += "\\u" + c.toString(16).padStart(4, "0");
  }
  return out + '"';
}

/** A JS identifier-safe rendering of a Starlark name (for readable generated code only). */
export function jsSafeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_");
}
