//go:build ignore

// Evaluates each line of a *.txt file here (a Starlark expression) with go.starlark.net as
// Debian ships it (sets enabled) and writes one JSON line per expression: {"expr", "ok":
// repr} or {"expr", "err": message}, plus "prints". The *.jsonl files are its output and
// the expectations of test/starlark/runtime-library-*.test.ts. Regenerate with:
//
//	cd test/starlark/runtime-library-cases && mkdir -p /tmp/gen/src/gen && cp gen.go /tmp/gen/src/gen/main.go &&
//	(cd /tmp/gen/src/gen && GO111MODULE=off GOPATH=/tmp/gen:/usr/share/gocode go build -o /tmp/gen/gen .) &&
//	for f in *.txt; do /tmp/gen/gen < $f > ${f%.txt}.jsonl; done
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	opts := &syntax.FileOptions{Set: true}
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var prints []string
		thread := &starlark.Thread{Print: func(_ *starlark.Thread, msg string) { prints = append(prints, msg) }}
		out := map[string]any{"expr": line}
		v, err := func() (v starlark.Value, err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("PANIC %v", r)
				}
			}()
			return starlark.EvalOptions(opts, thread, "x", line, nil)
		}()
		if err != nil {
			if ee, ok := err.(*starlark.EvalError); ok {
				out["err"] = ee.Msg
			} else {
				out["err"] = err.Error()
			}
		} else {
			out["ok"] = v.String()
		}
		if prints != nil {
			out["prints"] = prints
		}
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
	}
}
