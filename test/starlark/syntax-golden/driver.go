// Batch driver for go.starlark.net's parser (as Debian's golang-starlark-dev ships it):
// reads a JSON array of sources on stdin, prints for each its first syntax error, or ok.
// Used by generate.mjs to record the golden answers in first-errors.json.
package main

import (
	"encoding/json"
	"os"

	"go.starlark.net/syntax"
)

type answer struct {
	OK   bool   `json:"ok,omitempty"`
	Line int32  `json:"line,omitempty"`
	Col  int32  `json:"col,omitempty"`
	Msg  string `json:"msg,omitempty"`
}

func main() {
	var srcs []string
	if err := json.NewDecoder(os.Stdin).Decode(&srcs); err != nil {
		panic(err)
	}
	answers := make([]answer, len(srcs))
	for i, src := range srcs {
		_, err := syntax.Parse("x.star", src, 0)
		switch err := err.(type) {
		case nil:
			answers[i] = answer{OK: true}
		case syntax.Error:
			answers[i] = answer{Line: err.Pos.Line, Col: err.Pos.Col, Msg: err.Msg}
		default:
			answers[i] = answer{Msg: err.Error()}
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(answers); err != nil {
		panic(err)
	}
}
