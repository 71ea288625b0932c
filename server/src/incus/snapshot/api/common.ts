// Building blocks shared by the API object schemas. Every API object is a "loose" object:
// fields we do not know (newer Incus, API extensions) are kept verbatim, so a snapshot
// round-trips through parse → stringify without losing anything.
import { z } from "zod";

/**
 * A config value. The API's values are strings, but a hand-written YAML file naturally says
 * `limits.cpu: 4` or `security.nesting: true`; Incus's own YAML decoding accepts those for
 * string fields too, so we do the same and store the string.
 */
export const configValue = z.union([z.string(), z.number().transform(String), z.boolean().transform(String)]);
// (Transforms on the non-string branches only: strings, nearly all values, pass untouched,
// which makes a 100,000-instance snapshot validate about 3x faster than one outer transform.)

/** `map[string]string` in the Go API (`ConfigMap`): config keys, string values. */
export const configMap = z.record(z.string(), configValue);

/** `map[string]map[string]string` (`DevicesMap`): device name → device config. */
export const devicesMap = z.record(z.string(), z.record(z.string(), configValue));

/** An unsigned integer (Go uint64/uint32); JSON numbers, so precise up to 2^53. */
export const uint = z.number().int().nonnegative();

/** Go `time.Time` as JSON: an RFC 3339 string. Kept as text, never reformatted. */
export const timestamp = z.string();

/** The zero time Incus prints for "never" (e.g. `last_used_at` of a fresh instance). */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/**
 * A list or map field with a default, that may also be `null`: Go encodes a nil slice or map
 * as null, and Incus does so for real, e.g. an instance on a member that cannot be reached
 * comes back with `config`, `devices` and `profiles` null and status "Error". null reads as
 * the empty value (what a nil slice or map is in Go); an omitted field gets `fallback`.
 */
export function nullable<S extends z.ZodType>(schema: S, fallback: z.output<S>, whenNull?: z.output<S>) {
  const empty = whenNull ?? fallback;
  return z.union([schema, z.null().transform((): z.output<S> => structuredClone(empty))]).default(fallback as never);
}
