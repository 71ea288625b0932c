// go-oracle runs go.starlark.net (Debian's golang-starlark-dev) on a file and prints what it
// did as JSON, so that our TypeScript engine can be compared with the reference
// implementation: compile errors, run results and errors with backtraces, and timings.
// It is our own small program; it is built into a temporary folder by run.sh, never committed
// as a binary.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

type position struct {
	Line int32 `json:"line"`
	Col  int32 `json:"col"`
}

type diag struct {
	position
	Msg string `json:"msg"`
}

type frame struct {
	Function string `json:"function"`
	position
}

type result struct {
	Errors    []diag   `json:"errors,omitempty"`
	Prints    []string `json:"prints,omitempty"`
	Value     *string  `json:"value,omitempty"`
	Error     *string  `json:"error,omitempty"`
	Backtrace []frame  `json:"backtrace,omitempty"`
	MsPerCall *float64 `json:"ms_per_call,omitempty"`
	// CPU time of the process per call (all threads: the collector's too): steadier than
	// wall time when other processes share the machine.
	CPUMsPerCall *float64 `json:"cpu_ms_per_call,omitempty"`
}

func main() {
	mode := flag.String("mode", "run", "compile | run | bench")
	incus := flag.String("incus", "", "dialect preset of an Incus version: 6.0 or 7 (legacy options; sets on 7)")
	set := flag.Bool("set", false, "allow set")
	while := flag.Bool("while", false, "allow while")
	toplevel := flag.Bool("toplevelcontrol", false, "allow top-level if/for/while")
	reassign := flag.Bool("globalreassign", false, "allow global reassignment")
	recursion := flag.Bool("recursion", false, "allow recursion")
	predeclared := flag.String("predeclared", "", "comma-separated names treated as predeclared at compile time")
	call := flag.String("call", "", "after the top level, call this global function with no arguments")
	n := flag.Int("n", 5, "bench: calls to time")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: go-oracle [flags] FILE.star")
		os.Exit(2)
	}
	path := flag.Arg(0)
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}

	opts := &syntax.FileOptions{Set: *set, While: *while, TopLevelControl: *toplevel, GlobalReassign: *reassign, Recursion: *recursion}
	switch *incus {
	case "6.0":
		opts = syntax.LegacyFileOptions()
	case "7":
		opts = syntax.LegacyFileOptions()
		opts.Set = true
	}
	names := map[string]bool{}
	for _, p := range strings.Split(*predeclared, ",") {
		if p != "" {
			names[p] = true
		}
	}

	out := result{}
	_, prog, err := starlark.SourceProgramOptions(opts, path, src, func(name string) bool { return names[name] })
	if err != nil {
		out.Errors = compileErrors(err)
		emit(out)
		return
	}
	if *mode == "compile" {
		emit(out)
		return
	}

	thread := &starlark.Thread{Name: "oracle", Print: func(_ *starlark.Thread, msg string) { out.Prints = append(out.Prints, msg) }}
	globals, err := prog.Init(thread, nil)
	if err == nil && *call != "" {
		fn, ok := globals[*call]
		if !ok {
			err = fmt.Errorf("no global function %s", *call)
		} else {
			var v starlark.Value
			calls := 1
			if *mode == "bench" {
				calls = *n
				// One warm-up call, as the TypeScript side gets one too.
				if _, err = starlark.Call(thread, fn, nil, nil); err != nil {
					break_(&out, err)
					emit(out)
					return
				}
			}
			start := time.Now()
			cpuStart := cpuTime()
			for i := 0; i < calls && err == nil; i++ {
				v, err = starlark.Call(thread, fn, nil, nil)
			}
			if *mode == "bench" {
				ms := float64(time.Since(start).Microseconds()) / 1000 / float64(calls)
				out.MsPerCall = &ms
				cpu := float64((cpuTime() - cpuStart).Microseconds()) / 1000 / float64(calls)
				out.CPUMsPerCall = &cpu
			}
			if err == nil {
				s := v.String()
				out.Value = &s
			}
		}
	}
	if err != nil {
		break_(&out, err)
	}
	emit(out)
}

// break_ records a run-time error: its message exactly as EvalError.Error() gives it (what
// Incus shows), and the backtrace positions.
func break_(out *result, err error) {
	msg := err.Error()
	out.Error = &msg
	if ee, ok := err.(*starlark.EvalError); ok {
		for _, fr := range ee.CallStack {
			out.Backtrace = append(out.Backtrace, frame{Function: fr.Name, position: position{fr.Pos.Line, fr.Pos.Col}})
		}
	}
}

func compileErrors(err error) []diag {
	switch e := err.(type) {
	case syntax.Error:
		return []diag{{position{e.Pos.Line, e.Pos.Col}, e.Msg}}
	case resolve.ErrorList:
		var ds []diag
		for _, x := range e {
			ds = append(ds, diag{position{x.Pos.Line, x.Pos.Col}, x.Msg})
		}
		return ds
	default:
		return []diag{{position{0, 0}, err.Error()}}
	}
}

func emit(out result) {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.Encode(out)
}

// cpuTime is the user and system CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
