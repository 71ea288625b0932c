// Where the cursor is in a YAML text that may not parse yet (the line being typed): the path of
// keys and list indexes above it, read from indentation, and whether a key or a value is typed.

export interface CursorPath {
  /** Keys and list indexes from the root down to the map the cursor is in. */
  path: (string | number)[];
  mode: "key" | "value";
  /** For a value: its key. */
  key?: string;
  /** What is typed so far (the word before the cursor). */
  prefix: string;
  /** Offset where the typed word starts. */
  wordStart: number;
}

interface LineInfo {
  ind: number;
  item: boolean;
  keyInd: number;
  key?: string;
  /** The line is `key:` with nothing after (a map or list follows). */
  opens: boolean;
  blank: boolean;
}

function info(line: string): LineInfo {
  const ind = /^ */.exec(line)![0].length;
  const rest = line.slice(ind);
  if (rest === "" || rest.startsWith("#")) return { ind, item: false, keyInd: ind, opens: false, blank: true };
  const item = /^-( +|$)/.exec(rest);
  const keyInd = item ? ind + item[0].length : ind;
  const body = line.slice(keyInd);
  const m = /^("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(\s|$)/.exec(body);
  const key = m ? m[1].replace(/^["']|["']$/g, "") : undefined;
  const opens = !!m && /^\s*(#.*)?$/.test(body.slice(m[0].length));
  return { ind, item: !!item, keyInd, key, opens, blank: false };
}

export function cursorPath(text: string, offset: number): CursorPath {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lines = text.slice(0, lineStart).split("\n");
  lines.pop(); // the empty string after the last newline
  const before = text.slice(lineStart, offset);
  const cur = info(before);
  const wordStart = offset - /[^\s:,]*$/.exec(before)![0].length;
  const valueMatch = /^(\s*(?:-\s+)?)("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:\s+(.*)$/.exec(before);
  const mode: CursorPath["mode"] = valueMatch ? "value" : "key";
  const key = valueMatch ? valueMatch[2].replace(/^["']|["']$/g, "") : undefined;
  const path: (string | number)[] = [];
  let indent = before.trim() === "" ? before.length : cur.keyInd;
  // A "- " on the cursor's own line starts a list item: the cursor is in that item's map.
  const pendingItem = cur.item ? cur.ind : -1;
  if (pendingItem >= 0) {
    path.unshift(countItems(lines, lines.length, pendingItem));
    indent = pendingItem;
  }
  let seqParent = pendingItem >= 0;
  for (let l = lines.length - 1; l >= 0; l--) {
    const li = info(lines[l]);
    if (li.blank) continue;
    if (li.item && li.ind < indent) {
      if (li.key && li.opens && li.keyInd < indent) path.unshift(li.key);
      path.unshift(countItems(lines, l, li.ind));
      indent = li.ind;
      seqParent = true;
      continue;
    }
    if (!li.item && li.key && (li.ind < indent || (seqParent && li.ind <= indent && li.opens))) {
      path.unshift(li.key);
      indent = li.ind;
      seqParent = false;
      if (indent === 0) break;
    }
  }
  return { path, mode, key, prefix: text.slice(wordStart, offset), wordStart };
}

/** Index of the list item starting at line `l` (or about to start, when l is past the end). */
function countItems(lines: string[], l: number, ind: number): number {
  let idx = 0;
  for (let k = l - 1; k >= 0; k--) {
    const p = info(lines[k]);
    if (p.blank) continue;
    if (p.item && p.ind === ind) idx++;
    else if (p.ind < ind || (!p.item && p.ind === ind)) break;
  }
  return idx;
}
