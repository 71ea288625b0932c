// Which kind of scriptlet a file is: from its name (`*.placement.star`,
// `*.authorization.star`, `*.qemu.star`), else from a marker comment in its first lines
// (`# incus-scriptlet: placement`), else from the entry function it defines.
import type { ScriptletKind } from "../knowledge/scriptlets";

const BY_SUFFIX: [RegExp, ScriptletKind][] = [
  [/\.placement\.star$/, "placement"],
  [/\.authorization\.star$/, "authorization"],
  [/\.qemu\.star$/, "qemu"],
];

const MARKER = /^\s*#\s*incus-scriptlet:\s*(placement|authorization|qemu)\b/;
const MARKER_LINES = 5;

const ENTRY: [RegExp, ScriptletKind][] = [
  [/^def\s+instance_placement\s*\(/m, "placement"],
  [/^def\s+authorize\s*\(/m, "authorization"],
  [/^def\s+qemu_hook\s*\(/m, "qemu"],
];

export function detectKind(fileName: string, text: string): ScriptletKind | undefined {
  for (const [re, kind] of BY_SUFFIX) if (re.test(fileName)) return kind;
  for (const line of text.split("\n", MARKER_LINES)) {
    const m = MARKER.exec(line);
    if (m) return m[1] as ScriptletKind;
  }
  for (const [re, kind] of ENTRY) if (re.test(text)) return kind;
  return undefined;
}
