// Big generated tables (Unicode classes, printable runes) as lazily decoded strings.
//
// QuickJS compiles the whole runtime bundle whenever a sandbox starts; an array literal of
// 20,000 numbers costs it a token, a bytecode and a store each, while one string literal
// costs a scan. The tables are only consulted for non-ASCII runes, so most runs never
// decode them at all.

/** A table given as lower-case hex numbers (a leading "-" for negatives) separated by
 *  commas, decoded on the first call. */
export function lazyTable(hex: string): () => readonly number[] {
  let table: number[] | undefined;
  return () => {
    if (table === undefined) {
      const parts = hex.split(",");
      table = new Array<number>(parts.length);
      for (let i = 0; i < parts.length; i++) table[i] = parseInt(parts[i], 16);
    }
    return table;
  };
}
