// What the text just before the cursor says: inside which string, after which dot, inside
// which call's argument list. Read from the text itself, so it works while the line being
// typed does not parse.

export interface StringContext {
  /** Text of the string so far (after the opening quote). */
  prefix: string;
  /** Offset of the opening quote. */
  quoteOffset: number;
  /** What precedes the string on the line (e.g. `    set_target(`). */
  before: string;
}

/** The unterminated string literal the cursor is in, on the current line, if any. */
export function stringAt(text: string, offset: number): StringContext | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  let quote: string | undefined;
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "#") {
      return undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      start = i;
    }
  }
  if (!quote) return undefined;
  return { prefix: line.slice(start + 1), quoteOffset: lineStart + start, before: line.slice(0, start) };
}

/** The expression text before a trailing `.` at `offset` (e.g. `request.config` for
 *  `request.config.|`), balancing brackets. */
export function receiverBeforeDot(text: string, offset: number): { receiver: string; partial: string } | undefined {
  let i = offset;
  while (i > 0 && /[A-Za-z0-9_]/.test(text[i - 1])) i--;
  const partial = text.slice(i, offset);
  if (i === 0 || text[i - 1] !== ".") return undefined;
  let j = i - 1;
  let depth = 0;
  while (j > 0) {
    const c = text[j - 1];
    if (c === ")" || c === "]") depth++;
    else if (c === "(" || c === "[") {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && !/[A-Za-z0-9_.]/.test(c)) break;
    else if (c === "\n" && depth === 0) break;
    j--;
  }
  const receiver = text.slice(j, i - 1).trim();
  return receiver ? { receiver, partial } : undefined;
}

export interface CallContext {
  /** The callee as written (`set_target`, `d.get`, `m.server_name.startswith`). */
  callee: string;
  /** Offset of the `(`. */
  parenOffset: number;
  /** Index of the argument the cursor is in. */
  argIndex: number;
  /** The keyword of the current argument, if it has one (`location=`). */
  keyword?: string;
}

/** The innermost unclosed call around `offset`. */
export function callAt(text: string, offset: number): CallContext | undefined {
  let depth = 0;
  let commas = 0;
  let quote: string | undefined;
  // Scan backwards; strings are skipped roughly (escaped quotes inside them are rare).
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (quote) {
      if (c === quote && text[i - 1] !== "\\") quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === ")" || c === "]" || c === "}") depth++;
    else if (c === "[" || c === "{") {
      if (depth === 0) return undefined;
      depth--;
    } else if (c === "(") {
      if (depth > 0) {
        depth--;
        continue;
      }
      let j = i;
      while (j > 0 && /[A-Za-z0-9_.]/.test(text[j - 1])) j--;
      const callee = text.slice(j, i);
      if (!callee) return undefined;
      const argText = text.slice(text.lastIndexOf(",", offset - 1) > i ? text.lastIndexOf(",", offset - 1) + 1 : i + 1, offset);
      const kw = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(argText);
      return { callee, parenOffset: i, argIndex: commas, keyword: kw?.[1] };
    } else if (c === "," && depth === 0) commas++;
    else if (c === "\n" && depth === 0 && i < offset - 1 && /^\s*(def|if|for|elif|else|return)\b/.test(text.slice(i + 1))) return undefined;
  }
  return undefined;
}
