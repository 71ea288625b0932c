// Positions in a JSON snapshot, found with the maintained `jsonc-parser` scanner instead of a
// node tree: a 50 MB capture is parsed with JSON.parse (fast, native), and only when something
// is wrong is the text scanned once more, here, for the few paths that have a problem, and for
// the first syntax error. The requested paths sit in a trie so one pass serves them all and
// nothing is kept for the branches nobody asked about.
import { printParseErrorCode, visit, type ParseErrorCode } from "jsonc-parser";

export interface JsonRequest {
  path: readonly PropertyKey[];
  /** Locate the key of the last segment rather than its value. */
  atKey?: boolean;
}

interface Trie {
  children: Map<string, Trie>;
  /** Requests passing through (or ending at) this node. */
  ids: number[];
  depth: number;
}

interface Frame {
  node: Trie | undefined;
  start: number;
  array: boolean;
  index: number;
  key: string;
}

/** [start, end) offsets per request: the deepest existing node along its path (root at worst). */
export function locateJsonPaths(text: string, requests: readonly JsonRequest[]): [number, number][] {
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
  const record = (node: Trie | undefined, range: [number, number], isKey: boolean): void => {
    if (!node) return;
    for (const id of node.ids) {
      const req = requests[id];
      const wantsKey = req.atKey === true && node.depth === req.path.length;
      if (wantsKey !== isKey) continue;
      if (node.depth > best[id].depth) best[id] = { depth: node.depth, range };
    }
  };

  const stack: Frame[] = [];
  /** The trie node of the value starting now (its parent's child under its key or index). */
  const nodeOfNextValue = (): Trie | undefined => {
    const parent = stack[stack.length - 1];
    if (!parent) return root;
    const key = parent.array ? String(parent.index++) : parent.key;
    return parent.node?.children.get(key);
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => void stack.push({ node: nodeOfNextValue(), start: offset, array: false, index: 0, key: "" }),
      onArrayBegin: (offset) => void stack.push({ node: nodeOfNextValue(), start: offset, array: true, index: 0, key: "" }),
      onObjectProperty: (property, offset, length) => {
        const top = stack[stack.length - 1];
        top.key = property;
        record(top.node?.children.get(property), [offset, offset + length], true);
      },
      onObjectEnd: (offset, length) => {
        const frame = stack.pop();
        if (frame) record(frame.node, [frame.start, offset + length], false);
      },
      onArrayEnd: (offset, length) => {
        const frame = stack.pop();
        if (frame) record(frame.node, [frame.start, offset + length], false);
      },
      onLiteralValue: (_value, offset, length) => record(nodeOfNextValue(), [offset, offset + length], false),
    },
    { disallowComments: true },
  );
  return best.map((b) => b.range);
}

/** The first syntax error of a JSON text, with its offset, in plain words. */
export function firstJsonSyntaxError(text: string): { offset: number; length: number; message: string } | undefined {
  let first: { offset: number; length: number; message: string } | undefined;
  visit(
    text,
    {
      onError: (code: ParseErrorCode, offset: number, length: number) => {
        first ??= { offset, length, message: describeParseError(code) };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return first;
}

const WORDS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':'",
  CommaExpected: "expected ',' (or the end of the list or object)",
  CloseBraceExpected: "expected '}' (the object is not closed)",
  CloseBracketExpected: "expected ']' (the list is not closed)",
  EndOfFileExpected: "unexpected text after the end of the document",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "malformed \\u escape",
  InvalidEscapeCharacter: "invalid escape in a string",
  InvalidCharacter: "a control character inside a string (write it escaped)",
};

function describeParseError(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  return WORDS[name] ?? name;
}

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
