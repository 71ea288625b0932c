// Placeholder until the QEMU what-if lands (next commit).
export async function runQemuCommand(_argv: string[]): Promise<number> {
  process.stderr.write("incus-scriptlet run: QEMU scriptlets cannot be run yet\n");
  return 2;
}
