// Incus's parsing of sizes and CPU sets, as used when it computes an instance's expected
// resource usage (get_instance_resources). Ported from Incus's shared/units and resources
// packages so that the simulator accepts and refuses exactly the same strings.

const BYTE_MULTIPLIERS: Record<string, bigint> = {
  "": 1n, B: 1n, " bytes": 1n,
  kB: 1000n, MB: 1000n ** 2n, GB: 1000n ** 3n, TB: 1000n ** 4n, PB: 1000n ** 5n, EB: 1000n ** 6n,
  KiB: 1024n, MiB: 1024n ** 2n, GiB: 1024n ** 3n, TiB: 1024n ** 4n, PiB: 1024n ** 5n, EiB: 1024n ** 6n,
};

const INT64_MAX = 2n ** 63n - 1n;

/** Incus's units.ParseByteSizeString: digits then an exact suffix; "" is 0. Throws Error
 *  with Incus's message on bad input. */
export function parseByteSize(input: string): bigint {
  if (input === "") return 0n;
  let digits = 0;
  while (digits < input.length && input.charCodeAt(digits) >= 48 && input.charCodeAt(digits) <= 57) digits++;
  if (digits === 0) throw new Error(`Invalid value: ${input}`);
  const suffix = input.slice(digits);
  const value = BigInt(input.slice(0, digits));
  if (value > INT64_MAX) throw new Error(`Invalid integer: ${input}`);
  const mult = BYTE_MULTIPLIERS[suffix];
  if (mult === undefined) throw new Error(`Invalid value: ${input}`);
  const result = value * mult;
  if (result > INT64_MAX) throw new Error(`Overflow multiplying ${value} with ${mult}`);
  return result;
}

/** Incus's resources.ParseCpuset: "0-3,8,10-11" → the CPU ids. */
export function parseCpuset(cpu: string): number[] {
  const ids: number[] = [];
  for (const chunk of cpu.split(",")) {
    const range = /^(\d+)-(\d+)$/.exec(chunk);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      for (let i = lo; i <= hi; i++) ids.push(i);
    } else if (/^\d+$/.test(chunk)) {
      ids.push(Number(chunk));
    } else {
      throw new Error(`Invalid cpuset value "${cpu}": Invalid range "${chunk}"`);
    }
  }
  return ids;
}
