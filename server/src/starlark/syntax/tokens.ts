// Lexical tokens of Starlark, named and printed as go.starlark.net/syntax names and prints
// them (scan.go: Token, tokenNames, GoString), because parser error messages embed them.

export type Token =
  | "ILLEGAL" | "EOF" | "NEWLINE" | "INDENT" | "OUTDENT"
  // tokens with values
  | "IDENT" | "INT" | "FLOAT" | "STRING" | "BYTES"
  // punctuation
  | "PLUS" | "MINUS" | "STAR" | "SLASH" | "SLASHSLASH" | "PERCENT" | "AMP" | "PIPE"
  | "CIRCUMFLEX" | "LTLT" | "GTGT" | "TILDE" | "DOT" | "COMMA" | "EQ" | "SEMI" | "COLON"
  | "LPAREN" | "RPAREN" | "LBRACK" | "RBRACK" | "LBRACE" | "RBRACE"
  | "LT" | "GT" | "GE" | "LE" | "EQL" | "NEQ"
  | "PLUS_EQ" | "MINUS_EQ" | "STAR_EQ" | "SLASH_EQ" | "SLASHSLASH_EQ" | "PERCENT_EQ"
  | "AMP_EQ" | "PIPE_EQ" | "CIRCUMFLEX_EQ" | "LTLT_EQ" | "GTGT_EQ" | "STARSTAR"
  // keywords
  | "AND" | "BREAK" | "CONTINUE" | "DEF" | "ELIF" | "ELSE" | "FOR" | "IF" | "IN" | "LAMBDA"
  | "LOAD" | "NOT" | "NOT_IN" | "OR" | "PASS" | "RETURN" | "WHILE";

/** Token.String() in go.starlark.net. BYTES has no entry there, so it prints as "";
 *  we keep that quirk so that messages match byte for byte. */
export const tokenNames: Record<Token, string> = {
  ILLEGAL: "illegal token", EOF: "end of file", NEWLINE: "newline", INDENT: "indent",
  OUTDENT: "outdent", IDENT: "identifier", INT: "int literal", FLOAT: "float literal",
  STRING: "string literal", BYTES: "",
  PLUS: "+", MINUS: "-", STAR: "*", SLASH: "/", SLASHSLASH: "//", PERCENT: "%", AMP: "&",
  PIPE: "|", CIRCUMFLEX: "^", LTLT: "<<", GTGT: ">>", TILDE: "~", DOT: ".", COMMA: ",",
  EQ: "=", SEMI: ";", COLON: ":", LPAREN: "(", RPAREN: ")", LBRACK: "[", RBRACK: "]",
  LBRACE: "{", RBRACE: "}", LT: "<", GT: ">", GE: ">=", LE: "<=", EQL: "==", NEQ: "!=",
  PLUS_EQ: "+=", MINUS_EQ: "-=", STAR_EQ: "*=", SLASH_EQ: "/=", SLASHSLASH_EQ: "//=",
  PERCENT_EQ: "%=", AMP_EQ: "&=", PIPE_EQ: "|=", CIRCUMFLEX_EQ: "^=", LTLT_EQ: "<<=",
  GTGT_EQ: ">>=", STARSTAR: "**",
  AND: "and", BREAK: "break", CONTINUE: "continue", DEF: "def", ELIF: "elif", ELSE: "else",
  FOR: "for", IF: "if", IN: "in", LAMBDA: "lambda", LOAD: "load", NOT: "not",
  NOT_IN: "not in", OR: "or", PASS: "pass", RETURN: "return", WHILE: "while",
};

const punctuation = new Set<Token>([
  "PLUS", "MINUS", "STAR", "SLASH", "SLASHSLASH", "PERCENT", "AMP", "PIPE", "CIRCUMFLEX",
  "LTLT", "GTGT", "TILDE", "DOT", "COMMA", "EQ", "SEMI", "COLON", "LPAREN", "RPAREN",
  "LBRACK", "RBRACK", "LBRACE", "RBRACE", "LT", "GT", "GE", "LE", "EQL", "NEQ", "PLUS_EQ",
  "MINUS_EQ", "STAR_EQ", "SLASH_EQ", "SLASHSLASH_EQ", "PERCENT_EQ", "AMP_EQ", "PIPE_EQ",
  "CIRCUMFLEX_EQ", "LTLT_EQ", "GTGT_EQ", "STARSTAR",
]);

/** Token.GoString(): what `%#v` prints in error messages (punctuation is quoted). */
export function tokenGoString(tok: Token): string {
  return punctuation.has(tok) ? `'${tokenNames[tok]}'` : tokenNames[tok];
}

/** Words that are keyword tokens. "ILLEGAL" marks Python keywords reserved by Starlark. */
export const keywordTokens: ReadonlyMap<string, Token> = new Map<string, Token>([
  ["and", "AND"], ["break", "BREAK"], ["continue", "CONTINUE"], ["def", "DEF"],
  ["elif", "ELIF"], ["else", "ELSE"], ["for", "FOR"], ["if", "IF"], ["in", "IN"],
  ["lambda", "LAMBDA"], ["load", "LOAD"], ["not", "NOT"], ["or", "OR"], ["pass", "PASS"],
  ["return", "RETURN"], ["while", "WHILE"],
  // reserved words (go.starlark.net leaves "assert" out on purpose)
  ["as", "ILLEGAL"], ["async", "ILLEGAL"], ["await", "ILLEGAL"], ["class", "ILLEGAL"],
  ["del", "ILLEGAL"], ["except", "ILLEGAL"], ["finally", "ILLEGAL"], ["from", "ILLEGAL"],
  ["global", "ILLEGAL"], ["import", "ILLEGAL"], ["is", "ILLEGAL"], ["nonlocal", "ILLEGAL"],
  ["raise", "ILLEGAL"], ["try", "ILLEGAL"], ["with", "ILLEGAL"], ["yield", "ILLEGAL"],
]);

/** Every keyword spelled as in source; useful to editors (completion, highlighting). */
export const keywords: readonly string[] = [...keywordTokens]
  .filter(([, tok]) => tok !== "ILLEGAL")
  .map(([word]) => word);
