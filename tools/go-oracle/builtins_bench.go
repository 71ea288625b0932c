//go:build ignore

// builtins_bench times a placement scriptlet in go.starlark.net (Debian's golang-starlark-dev)
// with host functions equivalent to Incus's placement builtins get_instances,
// get_instances_count, get_cluster_member_state (plus set_target and the log functions), over
// the cluster data the TypeScript benchmark writes (tools/bench-placement.ts,
// `bench: builtins-vs-go`). It is the reference our simulator's builtins are measured against.
//
//	go run builtins_bench.go -data cluster.json -n 5 scriptlet.star   → {"ms_per_call": 12.3}
//
// The data file holds the values the builtins return, already in the shape Incus hands to
// Starlark (objects named after their Go type with fields in struct order, maps as dicts with
// sorted keys, lists, ints, floats, strings, bools, None), as a typed JSON tree:
//
//	null, true/false, 12 (int), "s" (string), [..] (list), {"f": 1.5} (float),
//	{"d": [[key, value], ...]} (dict), {"o": "Instance", "f": [[field, value], ...]} (object)
//
// Each builtin call builds fresh Starlark values from the decoded tree, as Incus marshals its
// Go structs anew on every call (a scriptlet may mutate what it gets), and unpacks its
// arguments with starlark.UnpackArgs as Incus does. Built on its own (a `//go:build ignore`
// file, apart from main.go) in GOPATH mode over /usr/share/gocode: no module download.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// node is a decoded value of the data file.
type node struct {
	kind   byte // 'n' none, 'b' bool, 'i' int, 'f' float, 's' string, 'l' list, 'd' dict, 'o' object
	b      bool
	i      int64
	f      float64
	s      string
	items  []*node
	keys   []string
	typ    string
	fields []string
}

func decodeNode(raw json.RawMessage) (*node, error) {
	var v interface{}
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return toNode(v)
}

func toNode(v interface{}) (*node, error) {
	switch x := v.(type) {
	case nil:
		return &node{kind: 'n'}, nil
	case bool:
		return &node{kind: 'b', b: x}, nil
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			return nil, fmt.Errorf("not an int: %s", x)
		}
		return &node{kind: 'i', i: n}, nil
	case string:
		return &node{kind: 's', s: x}, nil
	case []interface{}:
		out := &node{kind: 'l'}
		for _, e := range x {
			n, err := toNode(e)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, n)
		}
		return out, nil
	case map[string]interface{}:
		if f, ok := x["f"].(json.Number); ok && len(x) == 1 {
			fl, err := f.Float64()
			return &node{kind: 'f', f: fl}, err
		}
		pairs, _ := x["d"].([]interface{})
		out := &node{kind: 'd'}
		if typ, ok := x["o"].(string); ok {
			out = &node{kind: 'o', typ: typ}
			pairs, _ = x["f"].([]interface{})
		}
		for _, p := range pairs {
			kv, ok := p.([]interface{})
			if !ok || len(kv) != 2 {
				return nil, fmt.Errorf("bad entry %v", p)
			}
			k, _ := kv[0].(string)
			n, err := toNode(kv[1])
			if err != nil {
				return nil, err
			}
			if out.kind == 'o' {
				out.fields = append(out.fields, k)
			} else {
				out.keys = append(out.keys, k)
			}
			out.items = append(out.items, n)
		}
		return out, nil
	}
	return nil, fmt.Errorf("bad value %v", v)
}

// object is a Go struct as a scriptlet sees it: attribute access only, named after its type,
// unhashable, `Invalid field "x"` for a missing attribute.
type object struct {
	typ    string
	names  []string
	values []starlark.Value
	frozen bool
}

func (o *object) String() string {
	var b strings.Builder
	b.WriteString("{")
	for i, n := range o.names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(starlark.String(n).String())
		b.WriteString(": ")
		b.WriteString(o.values[i].String())
	}
	b.WriteString("}")
	return b.String()
}
func (o *object) Type() string         { return o.typ }
func (o *object) Truth() starlark.Bool  { return true }
func (o *object) Hash() (uint32, error) { return 0, fmt.Errorf("Unhashable type %s", o.typ) }
func (o *object) Freeze() {
	if o.frozen {
		return
	}
	o.frozen = true
	for _, v := range o.values {
		v.Freeze()
	}
}
func (o *object) Attr(name string) (starlark.Value, error) {
	for i, n := range o.names {
		if n == name {
			return o.values[i], nil
		}
	}
	return nil, fmt.Errorf("Invalid field %q", name)
}
func (o *object) AttrNames() []string {
	out := make([]string, len(o.names))
	for i, n := range o.names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

// value builds fresh Starlark values from a decoded node (Incus marshals on every call).
func value(n *node) starlark.Value {
	switch n.kind {
	case 'n':
		return starlark.None
	case 'b':
		return starlark.Bool(n.b)
	case 'i':
		return starlark.MakeInt64(n.i)
	case 'f':
		return starlark.Float(n.f)
	case 's':
		return starlark.String(n.s)
	case 'l':
		elems := make([]starlark.Value, len(n.items))
		for i, e := range n.items {
			elems[i] = value(e)
		}
		return starlark.NewList(elems)
	case 'd':
		keys := append([]string(nil), n.keys...)
		idx := make(map[string]*node, len(keys))
		for i, k := range n.keys {
			idx[k] = n.items[i]
		}
		sort.Strings(keys)
		d := starlark.NewDict(len(keys))
		for _, k := range keys {
			_ = d.SetKey(starlark.String(k), value(idx[k]))
		}
		return d
	case 'o':
		vals := make([]starlark.Value, len(n.items))
		for i, e := range n.items {
			vals[i] = value(e)
		}
		return &object{typ: n.typ, names: n.fields, values: vals}
	}
	return starlark.None
}

// data is what the TypeScript benchmark writes.
type data struct {
	Request    json.RawMessage            `json:"request"`
	Candidates []json.RawMessage          `json:"candidates"`
	Projects   []string                   `json:"projects"`
	States     map[string]json.RawMessage `json:"states"`
	// Instances as get_instances returns them, in its order, with their project and member.
	Instances []struct {
		Project  string          `json:"project"`
		Location string          `json:"location"`
		Value    json.RawMessage `json:"value"`
	} `json:"instances"`
}

type cluster struct {
	request    *node
	candidates []*node
	names      map[string]bool
	projects   map[string]bool
	states     map[string]*node
	// instances by "project\x00location" ("" = any), in get_instances order.
	lists map[string][]*node
}

func load(path string) (*cluster, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d data
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, err
	}
	c := &cluster{names: map[string]bool{}, projects: map[string]bool{}, states: map[string]*node{}, lists: map[string][]*node{}}
	if c.request, err = decodeNode(d.Request); err != nil {
		return nil, err
	}
	for _, r := range d.Candidates {
		n, err := decodeNode(r)
		if err != nil {
			return nil, err
		}
		c.candidates = append(c.candidates, n)
		for i, f := range n.fields {
			if f == "server_name" {
				c.names[n.items[i].s] = true
			}
		}
	}
	for _, p := range d.Projects {
		c.projects[p] = true
	}
	for m, r := range d.States {
		if c.states[m], err = decodeNode(r); err != nil {
			return nil, err
		}
	}
	for _, inst := range d.Instances {
		n, err := decodeNode(inst.Value)
		if err != nil {
			return nil, err
		}
		for _, k := range []string{"\x00", inst.Project + "\x00", "\x00" + inst.Location, inst.Project + "\x00" + inst.Location} {
			c.lists[k] = append(c.lists[k], n)
		}
	}
	return c, nil
}

// builtins are the host functions, with Incus's argument handling and errors.
func builtins(c *cluster, target *string) starlark.StringDict {
	logf := func(name string) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			var b strings.Builder
			for _, a := range args {
				if s, ok := a.(starlark.String); ok {
					b.WriteString(string(s))
				} else {
					b.WriteString(a.String())
				}
			}
			_ = b.String()
			return starlark.None, nil
		})
	}
	return starlark.StringDict{
		"log_info":  logf("log_info"),
		"log_warn":  logf("log_warn"),
		"log_error": logf("log_error"),
		"set_target": starlark.NewBuiltin("set_target", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name string
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "member_name", &name); err != nil {
				return nil, err
			}
			if !c.names[name] {
				return nil, fmt.Errorf("Invalid member name: %s", name)
			}
			*target = name
			return starlark.None, nil
		}),
		"get_cluster_member_state": starlark.NewBuiltin("get_cluster_member_state", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name string
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "member_name", &name); err != nil {
				return nil, err
			}
			if !c.names[name] {
				return nil, fmt.Errorf("Invalid member name: %s", name)
			}
			return value(c.states[name]), nil
		}),
		"get_instances": starlark.NewBuiltin("get_instances", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var project, location string
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "project??", &project, "location??", &location); err != nil {
				return nil, err
			}
			list := c.lists[project+"\x00"+location]
			out := make([]starlark.Value, len(list))
			for i, n := range list {
				out[i] = value(n)
			}
			return starlark.NewList(out), nil
		}),
		"get_instances_count": starlark.NewBuiltin("get_instances_count", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var project, location string
			var pending bool
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "project??", &project, "location??", &location, "pending??", &pending); err != nil {
				return nil, err
			}
			if project != "" && !c.projects[project] {
				return nil, fmt.Errorf("Project not found")
			}
			if location != "" && !c.names[location] {
				return nil, fmt.Errorf("Node not found")
			}
			return starlark.MakeInt(len(c.lists[project+"\x00"+location])), nil
		}),
	}
}

func main() {
	dataPath := flag.String("data", "", "cluster data written by tools/bench-placement.ts")
	n := flag.Int("n", 5, "calls to time (after one warm-up call)")
	flag.Parse()
	fail := func(err error) {
		msg := err.Error()
		_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"error": msg})
		os.Exit(0)
	}
	if flag.NArg() != 1 || *dataPath == "" {
		fmt.Fprintln(os.Stderr, "usage: builtins_bench -data FILE.json [-n N] SCRIPTLET.star")
		os.Exit(2)
	}
	src, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	c, err := load(*dataPath)
	if err != nil {
		fail(err)
	}
	var target string
	predeclared := builtins(c, &target)
	_, prog, err := starlark.SourceProgramOptions(syntax.LegacyFileOptions(), "instance_placement", src, predeclared.Has)
	if err != nil {
		fail(err)
	}
	thread := &starlark.Thread{Name: "placement"}
	globals, err := prog.Init(thread, predeclared)
	if err != nil {
		fail(err)
	}
	globals.Freeze()
	fn, ok := globals["instance_placement"]
	if !ok {
		fail(fmt.Errorf("Scriptlet missing instance_placement function"))
	}
	run := func() error {
		// Fresh values per run, as Incus builds them for each placement.
		cands := make([]starlark.Value, len(c.candidates))
		for i, m := range c.candidates {
			cands[i] = value(m)
		}
		kwargs := []starlark.Tuple{{starlark.String("request"), value(c.request)}, {starlark.String("candidate_members"), starlark.NewList(cands)}}
		v, err := starlark.Call(thread, fn, nil, kwargs)
		if err == nil && v != starlark.None {
			err = fmt.Errorf("Failed with unexpected return value: %v", v)
		}
		return err
	}
	if err := run(); err != nil {
		fail(err)
	}
	start := time.Now()
	for i := 0; i < *n; i++ {
		if err := run(); err != nil {
			fail(err)
		}
	}
	ms := float64(time.Since(start).Microseconds()) / 1000 / float64(*n)
	_ = json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"ms_per_call": ms, "target": target})
}
