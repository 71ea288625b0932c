// The names of go.starlark.net's universe (starlark.Universe in starlark/library.go at
// 42030a7, the version Debian ships and Incus 6.0.4 vendors). `set` is always a universe
// name there: when the dialect has sets off, the resolver still finds it but reports
// "this Starlark dialect does not support sets" (see resolver.ts).
export const UNIVERSE_NAMES: readonly string[] = Object.freeze([
  "None", "True", "False",
  "abs", "any", "all", "bool", "bytes", "chr", "dict", "dir", "enumerate", "fail", "float",
  "getattr", "hasattr", "hash", "int", "len", "list", "max", "min", "ord", "print", "range",
  "repr", "reversed", "set", "sorted", "str", "tuple", "type", "zip",
]);

const universe = new Set(UNIVERSE_NAMES);

/** Whether `name` is a universe builtin (the usual `isUniversal` for resolveFile). */
export function isUniverseName(name: string): boolean {
  return universe.has(name);
}
