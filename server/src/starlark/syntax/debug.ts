// A compact printer of syntax trees, after treeString in go.starlark.net's parse_test.go,
// so that its table tests can be ported verbatim: (Kind Field=value ...) with Go's field
// names and order, positions omitted, empty fields omitted; identifiers print as their
// name, string literals quoted, ints in decimal (floats, as there, print nothing).
import type * as ast from "./ast";
import { quote } from "./quote";

type Field = [name: string, value: ast.Node | ast.Node[] | string | boolean | undefined];

function fields(n: ast.Node): Field[] {
  switch (n.kind) {
    case "File": return [["Path", n.path], ["Stmts", n.stmts]];
    case "AssignStmt": return [["Op", n.op], ["LHS", n.lhs], ["RHS", n.rhs]];
    case "DefStmt": return [["Name", n.name], ["Params", n.params], ["Body", n.body]];
    case "ExprStmt": return [["X", n.x]];
    case "IfStmt": return [["Cond", n.cond], ["True", n.trueBody], ["False", n.falseBody]];
    case "LoadStmt": return [["Module", n.module], ["From", n.from], ["To", n.to]];
    case "BranchStmt": return [["Token", n.token]];
    case "ReturnStmt": return [["Result", n.result]];
    case "ForStmt": return [["Vars", n.vars], ["X", n.x], ["Body", n.body]];
    case "WhileStmt": return [["Cond", n.cond], ["Body", n.body]];
    case "ParenExpr": return [["X", n.x]];
    case "CallExpr": return [["Fn", n.fn], ["Args", n.args]];
    case "DotExpr": return [["X", n.x], ["Name", n.name]];
    case "Comprehension": return [["Curly", n.curly], ["Body", n.body], ["Clauses", n.clauses]];
    case "ForClause": return [["Vars", n.vars], ["X", n.x]];
    case "IfClause": return [["Cond", n.cond]];
    case "DictExpr": return [["List", n.list]];
    case "DictEntry": return [["Key", n.key], ["Value", n.value]];
    case "LambdaExpr": return [["Params", n.params], ["Body", n.body]];
    case "ListExpr": return [["List", n.list]];
    case "CondExpr": return [["Cond", n.cond], ["True", n.trueX], ["False", n.falseX]];
    case "TupleExpr": return [["List", n.list]];
    case "UnaryExpr": return [["Op", n.op], ["X", n.x]];
    case "BinaryExpr": return [["X", n.x], ["Op", n.op], ["Y", n.y]];
    case "SliceExpr": return [["X", n.x], ["Lo", n.lo], ["Hi", n.hi], ["Step", n.step]];
    case "IndexExpr": return [["X", n.x], ["Y", n.y]];
    case "Ident": case "Literal": case "BadExpr": return [];
  }
}

/** The tree of `n` as one line, e.g. `(BinaryExpr X=x Op=+ Y=1)`. */
export function treeString(n: ast.Node): string {
  switch (n.kind) {
    case "Ident": return n.name;
    case "Literal":
      switch (n.token) {
        case "STRING": return quote(n.value as string, false);
        case "BYTES": return "b" + quote(n.value as string, false);
        case "INT": return String(n.value);
        default: return "";
      }
  }
  let out = `(${n.kind}`;
  for (const [name, value] of fields(n)) {
    if (value === undefined || value === false || value === "") continue;
    if (value === true) out += ` ${name}`;
    else if (typeof value === "string") out += ` ${name}=${value}`;
    else if (Array.isArray(value)) {
      if (value.length > 0) out += ` ${name}=(${value.map(treeString).join(" ")})`;
    } else out += ` ${name}=${treeString(value)}`;
  }
  return out + ")";
}
