// The Starlark syntax tree. It mirrors go.starlark.net/syntax node for node so that
// positions and messages can be compared one to one with the reference implementation;
// nodes are plain objects tagged by `kind` so that they can be walked, cached and
// serialised without classes.

/** A position in the source. `line` and `col` are 1-based and counted as go.starlark.net
 *  counts them (col in runes, i.e. code points); `offset` is the UTF-16 index into the text
 *  (what editors and LSP need). */
export interface Position {
  line: number;
  col: number;
  offset: number;
}

export interface Span {
  start: Position;
  end: Position;
}

export type BinaryOp =
  | "+" | "-" | "*" | "/" | "//" | "%" | "&" | "|" | "^" | "<<" | ">>"
  | "==" | "!=" | "<" | ">" | "<=" | ">=" | "in" | "not in" | "and" | "or";

export type UnaryOp = "-" | "+" | "~" | "not";

/** `=` or an augmented assignment operator. */
export type AssignOp = "=" | "+=" | "-=" | "*=" | "/=" | "//=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>=";

// ---- Expressions -------------------------------------------------------------------

export interface Ident extends Span {
  kind: "Ident";
  name: string;
  /** Set by the resolver. */
  binding?: Binding;
}

export interface Literal extends Span {
  kind: "Literal";
  token: "STRING" | "BYTES" | "INT" | "FLOAT";
  /** Uninterpreted source text of the token. */
  raw: string;
  /** STRING/BYTES: the decoded value as a *byte string* (every char code 0..255 is one
   *  UTF-8 byte, see runtime conventions); INT: bigint; FLOAT: number. */
  value: string | bigint | number;
}

export interface ParenExpr extends Span {
  kind: "ParenExpr";
  lparen: Position;
  x: Expr;
  rparen: Position;
}

export interface CallExpr extends Span {
  kind: "CallExpr";
  fn: Expr;
  lparen: Position;
  /** arg = expr | ident=expr (a BinaryExpr with op "=") | *expr | **expr (UnaryExpr) */
  args: Expr[];
  rparen: Position;
}

export interface DotExpr extends Span {
  kind: "DotExpr";
  x: Expr;
  dot: Position;
  name: Ident;
}

export interface IndexExpr extends Span {
  kind: "IndexExpr";
  x: Expr;
  lbrack: Position;
  y: Expr;
  rbrack: Position;
}

export interface SliceExpr extends Span {
  kind: "SliceExpr";
  x: Expr;
  lbrack: Position;
  lo?: Expr;
  hi?: Expr;
  step?: Expr;
  rbrack: Position;
}

export interface ForClause extends Span {
  kind: "ForClause";
  forPos: Position;
  vars: Expr;
  inPos: Position;
  x: Expr;
}

export interface IfClause extends Span {
  kind: "IfClause";
  ifPos: Position;
  cond: Expr;
}

export interface Comprehension extends Span {
  kind: "Comprehension";
  /** {k: v for ...} or {x for ...} rather than [x for ...] */
  curly: boolean;
  lbrack: Position;
  body: Expr;
  clauses: (ForClause | IfClause)[];
  rbrack: Position;
}

export interface CondExpr extends Span {
  kind: "CondExpr";
  ifPos: Position;
  cond: Expr;
  trueX: Expr;
  elsePos: Position;
  falseX: Expr;
}

export interface DictEntry extends Span {
  kind: "DictEntry";
  key: Expr;
  colon: Position;
  value: Expr;
}

export interface DictExpr extends Span {
  kind: "DictExpr";
  lbrace: Position;
  list: DictEntry[];
  rbrace: Position;
}

export interface LambdaExpr extends Span {
  kind: "LambdaExpr";
  lambda: Position;
  params: Expr[];
  body: Expr;
  /** Set by the resolver. */
  function?: FunctionInfo;
}

export interface ListExpr extends Span {
  kind: "ListExpr";
  lbrack: Position;
  list: Expr[];
  rbrack: Position;
}

export interface TupleExpr extends Span {
  kind: "TupleExpr";
  /** Zero when the tuple has no parentheses. */
  lparen?: Position;
  list: Expr[];
  rparen?: Position;
}

export interface UnaryExpr extends Span {
  kind: "UnaryExpr";
  opPos: Position;
  /** `*` and `**` appear here too, for *args / **kwargs in calls and parameters. */
  op: UnaryOp | "*" | "**";
  /** May be absent only for a bare `*` parameter. */
  x?: Expr;
}

export interface BinaryExpr extends Span {
  kind: "BinaryExpr";
  opPos: Position;
  /** `=` appears for keyword arguments and parameter defaults (as in go.starlark.net). */
  op: BinaryOp | "=";
  x: Expr;
  y: Expr;
}

/** A node the parser produced where it could not parse anything (error recovery only). */
export interface BadExpr extends Span {
  kind: "BadExpr";
}

export type Expr =
  | Ident | Literal | ParenExpr | CallExpr | DotExpr | IndexExpr | SliceExpr | Comprehension
  | CondExpr | DictExpr | DictEntry | LambdaExpr | ListExpr | TupleExpr | UnaryExpr | BinaryExpr
  | BadExpr;

// ---- Statements --------------------------------------------------------------------

export interface AssignStmt extends Span {
  kind: "AssignStmt";
  opPos: Position;
  op: AssignOp;
  lhs: Expr;
  rhs: Expr;
}

export interface DefStmt extends Span {
  kind: "DefStmt";
  defPos: Position;
  name: Ident;
  lparen: Position;
  params: Expr[];
  rparen: Position;
  body: Stmt[];
  /** Set by the resolver. */
  function?: FunctionInfo;
}

export interface ExprStmt extends Span {
  kind: "ExprStmt";
  x: Expr;
}

export interface IfStmt extends Span {
  kind: "IfStmt";
  ifPos: Position;
  cond: Expr;
  trueBody: Stmt[];
  elsePos?: Position;
  falseBody: Stmt[];
}

export interface LoadStmt extends Span {
  kind: "LoadStmt";
  loadPos: Position;
  module: Literal;
  from: Ident[];
  to: Ident[];
  rparen: Position;
}

export interface BranchStmt extends Span {
  kind: "BranchStmt";
  token: "break" | "continue" | "pass";
  tokenPos: Position;
}

export interface ReturnStmt extends Span {
  kind: "ReturnStmt";
  returnPos: Position;
  result?: Expr;
}

export interface ForStmt extends Span {
  kind: "ForStmt";
  forPos: Position;
  vars: Expr;
  x: Expr;
  body: Stmt[];
}

export interface WhileStmt extends Span {
  kind: "WhileStmt";
  whilePos: Position;
  cond: Expr;
  body: Stmt[];
}

export type Stmt =
  | AssignStmt | DefStmt | ExprStmt | IfStmt | LoadStmt | BranchStmt | ReturnStmt | ForStmt
  | WhileStmt;

export interface Comment {
  start: Position;
  text: string;
}

export interface File {
  kind: "File";
  path: string;
  stmts: Stmt[];
  comments: Comment[];
  /** Set by the resolver. */
  module?: ModuleInfo;
}

export type Node = Expr | Stmt | ForClause | IfClause | File;

/** A problem found while scanning, parsing or resolving. `msg` is worded exactly as
 *  go.starlark.net words it; `pos` is where go.starlark.net reports it, and `end`
 *  extends it to a useful range for editors. */
export interface SyntaxDiagnostic {
  pos: Position;
  end: Position;
  msg: string;
  /** Where the offending text begins, when that is before `pos`: go.starlark.net reports
   *  some parse errors just past the token at fault (e.g. `got int literal, want newline`),
   *  so editors may underline from here to `end` instead. Optional, syntax errors only. */
  from?: Position;
  /** A stable code for editors: "syntax", "resolve", "dialect", ... */
  code: string;
}

// ---- Resolver annotations (filled in by resolve/, re-exported by resolve/binding.ts) ----

export type Scope =
  | "undefined"   // name not found (an error was reported)
  | "local"       // local to a function, not captured
  | "cell"        // local to a function, captured by a nested function
  | "free"        // a cell of an enclosing function, seen from a nested one
  | "global"      // defined at top level of the module
  | "predeclared" // provided by the host (the Incus builtins)
  | "universal";  // a universe builtin (len, dict, True, ...)

export interface Binding {
  scope: Scope;
  /** Index among the locals/cells of its function, or among the module's globals, or into
   *  the enclosing function's free variable list (scope "free"). */
  index: number;
  /** The identifier that first bound this name (undefined for predeclared/universal). */
  first?: Ident;
}

export interface FunctionInfo {
  pos: Position;
  name: string; // "lambda" for lambdas
  hasVarargs: boolean;
  hasKwargs: boolean;
  numKwonlyParams: number;
  /** Parameters first, in order, then other locals. */
  locals: Binding[];
  /** Indices into `locals` of those that are cells. */
  cells: number[];
  /** Bindings in the enclosing function captured by this one (scope "free" inside). */
  freeVars: Binding[];
}

export interface ModuleInfo {
  /** Top-level locals (for comprehensions and for-loop variables at top level). */
  locals: Binding[];
  globals: Binding[];
  /** Indices into `locals` of those that are cells (a top-level comprehension variable or
   *  loaded name captured by a function). Added by the resolver engineer. */
  cells: number[];
}
