// A line diff (longest common subsequence) for showing what a scriptlet changed; inputs are
// a QEMU configuration file or a command line, small enough for the quadratic table.
export interface DiffLine {
  op: " " | "+" | "-";
  text: string;
}

export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) out.push({ op: " ", text: before[i++] }), j++;
    // Removals first, as diff tools show a replaced line.
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) out.push({ op: "-", text: before[i++] });
    else out.push({ op: "+", text: after[j++] });
  }
  return out;
}

export function changed(diff: readonly DiffLine[]): boolean {
  return diff.some((d) => d.op !== " ");
}
