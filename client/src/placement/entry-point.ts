// Where the CodeLenses go: each top-level `def instance_placement(` of a scriptlet.
export const PLACEMENT_ENTRY = "instance_placement";

/** Zero-based line numbers of top-level definitions of `name`. */
export function findEntryPoints(text: string, name = PLACEMENT_ENTRY): number[] {
  const re = new RegExp(`^def[ \\t]+${name}[ \\t]*\\(`);
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (re.test(line)) lines.push(i);
  });
  return lines;
}
