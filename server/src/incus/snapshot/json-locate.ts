// Finds where values sit in a JSON text, for error positions in large JSON snapshots without
// building a YAML node tree (which for a 100 MB capture costs minutes and gigabytes). One pass
// over the text serves every requested path: the paths are put in a trie and the scanner only
// descends, in bookkeeping, into the branches someone asked about.

export interface JsonRequest {
  path: readonly PropertyKey[];
  /** Locate the key of the last segment rather than its value. */
  atKey?: boolean;
}

/** [start, end) offsets per request: the deepest existing node along its path (root at worst). */
export function locateJsonPaths(text: string, requests: readonly JsonRequest[]): [number, number][] {
  interface Trie {
    children: Map<string, Trie>;
    /** Requests passing through (or ending at) this node, with this node's depth. */
    ids: number[];
    depth: number;
  }
  const root: Trie = { children: new Map(), ids: [], depth: 0 };
  requests.forEach((req, id) => {
    let node = root;
    node.ids.push(id);
    for (const seg of req.path) {
      let next = node.children.get(String(seg));
      if (!next) node.children.set(String(seg), (next = { children: new Map(), ids: [], depth: node.depth + 1 }));
      node = next;
      node.ids.push(id);
    }
  });
  const best: { depth: number; range: [number, number] }[] = requests.map(() => ({ depth: -1, range: [0, 0] }));
  const record = (node: Trie, range: [number, number], isKey: boolean): void => {
    for (const id of node.ids) {
      const req = requests[id];
      const wantsKey = req.atKey === true && node.depth === req.path.length;
      if (wantsKey !== isKey) continue;
      if (node.depth > best[id].depth) best[id] = { depth: node.depth, range };
    }
  };

  let pos = 0;
  const ws = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else break;
    }
  };
  const skipString = (): void => {
    pos++; // opening quote
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 92) pos += 2; // backslash escape
      else if (c === 34) {
        pos++;
        return;
      } else pos++;
    }
  };
  const value = (node: Trie | undefined): void => {
    ws();
    const start = pos;
    const c = text[pos];
    if (c === "{") {
      pos++;
      ws();
      while (pos < text.length && text[pos] !== "}") {
        const keyStart = pos;
        skipString();
        const keyEnd = pos;
        const child = node ? node.children.get(JSON.parse(text.slice(keyStart, keyEnd)) as string) : undefined;
        if (child) record(child, [keyStart, keyEnd], true);
        ws();
        pos++; // colon
        value(child);
        ws();
        if (text[pos] === ",") {
          pos++;
          ws();
        }
      }
      pos++;
    } else if (c === "[") {
      pos++;
      ws();
      let i = 0;
      while (pos < text.length && text[pos] !== "]") {
        value(node?.children.get(String(i++)));
        ws();
        if (text[pos] === ",") pos++;
        ws();
      }
      pos++;
    } else if (c === '"') {
      skipString();
    } else {
      while (pos < text.length && !/[\s,\]}]/.test(text[pos])) pos++;
    }
    if (node) record(node, [start, pos], false);
  };
  value(root);
  return best.map((b) => b.range);
}

/** 1-based line/column of offsets, from one scan for line starts. */
export function lineColumns(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  };
}
