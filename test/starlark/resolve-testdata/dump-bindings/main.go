// dump-bindings prints what go.starlark.net's resolver (Debian's golang-starlark-dev)
// attaches to a file — every bound identifier's scope, index and first binding, every
// function's locals and free variables, the module's locals and globals — as JSON, so that
// test/starlark/resolve-differential.test.ts can compare our resolver's annotations with
// the reference's. Usage: dump-bindings FILE.star [-set] [-while] [-toplevelcontrol]
// [-globalreassign] [-loadbindsglobally]. "M" is predeclared. Exit 3 when FILE does not
// parse. go.starlark.net's syntax.Walk does not know WhileStmt: give it no while loops.
package main

import (
	"encoding/json"
	"os"
	"sort"
	"strconv"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

type ident struct {
	Line, Col           int32
	Name, Scope         string
	Index               int
	FirstLine, FirstCol int32
}

type function struct {
	Line, Col       int32
	Name            string
	Locals, Free    []string
	Varargs, Kwargs bool
	Kwonly          int
}

func describe(b *resolve.Binding) string {
	s := b.Scope.String()
	if b.First != nil {
		s += "@" + b.First.NamePos.String()
	}
	return s + "#" + strconv.Itoa(b.Index)
}

func describeAll(bs []*resolve.Binding) []string {
	var out []string
	for _, b := range bs {
		out = append(out, describe(b))
	}
	return out
}

func main() {
	opts := &syntax.FileOptions{}
	for _, a := range os.Args[2:] {
		switch a {
		case "-set":
			opts.Set = true
		case "-while":
			opts.While = true
		case "-toplevelcontrol":
			opts.TopLevelControl = true
		case "-globalreassign":
			opts.GlobalReassign = true
		case "-loadbindsglobally":
			opts.LoadBindsGlobally = true
		}
	}
	f, err := opts.Parse(os.Args[1], nil, 0)
	if err != nil {
		os.Exit(3)
	}
	// Errors are not of interest here (go-oracle compares them): bindings are set anyway.
	resolve.File(f, func(n string) bool { return n == "M" }, starlark.Universe.Has)

	var idents []ident
	var functions []function
	addFunction := func(pos syntax.Position, fn *resolve.Function) {
		functions = append(functions, function{pos.Line, pos.Col, fn.Name,
			describeAll(fn.Locals), describeAll(fn.FreeVars), fn.HasVarargs, fn.HasKwargs, fn.NumKwonlyParams})
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Ident:
			if b, ok := n.Binding.(*resolve.Binding); ok && b != nil {
				id := ident{Line: n.NamePos.Line, Col: n.NamePos.Col, Name: n.Name, Scope: b.Scope.String(), Index: b.Index}
				if b.First != nil {
					id.FirstLine, id.FirstCol = b.First.NamePos.Line, b.First.NamePos.Col
				}
				idents = append(idents, id)
			}
		case *syntax.DefStmt:
			addFunction(n.Def, n.Function.(*resolve.Function))
		case *syntax.LambdaExpr:
			addFunction(n.Lambda, n.Function.(*resolve.Function))
		}
		return true
	})
	sort.Slice(idents, func(i, j int) bool {
		a, b := idents[i], idents[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	sort.Slice(functions, func(i, j int) bool {
		a, b := functions[i], functions[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	m := f.Module.(*resolve.Module)
	json.NewEncoder(os.Stdout).Encode(map[string]interface{}{
		"idents": idents, "functions": functions,
		"locals": describeAll(m.Locals), "globals": describeAll(m.Globals),
	})
}
