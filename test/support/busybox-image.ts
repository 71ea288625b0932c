// A container image built here from Debian's static busybox (package busybox-static), so tests
// can start real containers on the test cluster: a root filesystem with /bin/busybox, a few
// applet links and an /sbin/init that sleeps. Imported once per cluster under BUSYBOX_ALIAS.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { incus, must } from "./incus-cluster";
import { tempDir } from "./temp-dir";

export const BUSYBOX = "/bin/busybox";
export const BUSYBOX_ALIAS = "busybox-static-test-v2";

/** Why the image cannot be built here, or undefined. */
export function busyboxProblem(): string | undefined {
  return existsSync(BUSYBOX) ? undefined : `${BUSYBOX} is missing (apt-get install busybox-static)`;
}

export async function ensureBusyboxImage(): Promise<string> {
  const listed = await incus(["image", "list", BUSYBOX_ALIAS, "--format", "csv", "-c", "l"]);
  if (listed.code === 0 && listed.stdout.includes(BUSYBOX_ALIAS)) return BUSYBOX_ALIAS;
  const dir = tempDir("busybox-image-");
  const rootfs = path.join(dir, "rootfs");
  for (const d of ["bin", "sbin", "etc", "proc", "sys", "dev", "tmp", "root"]) mkdirSync(path.join(rootfs, d), { recursive: true });
  copyFileSync(BUSYBOX, path.join(rootfs, "bin/busybox"));
  for (const applet of ["sh", "ls", "cat", "echo", "sleep", "ps", "mount", "hostname", "stty", "env"]) symlinkSync("busybox", path.join(rootfs, "bin", applet));
  // Incus stops a container cleanly with SIGPWR to its init: exit on it (and on TERM).
  writeFileSync(path.join(rootfs, "sbin/init"), "#!/bin/sh\ntrap 'exit 0' PWR TERM\nwhile true; do sleep 1; done\n");
  chmodSync(path.join(rootfs, "sbin/init"), 0o755);
  writeFileSync(path.join(rootfs, "etc/hello.txt"), "hello from busybox\n");
  writeFileSync(path.join(dir, "metadata.yaml"), `architecture: ${os.arch() === "arm64" ? "aarch64" : "x86_64"}\ncreation_date: ${Math.floor(Date.now() / 1000)}\nproperties:\n  description: static busybox (tests)\n  os: busybox\n`);
  execFileSync("tar", ["-C", dir, "-czf", path.join(dir, "meta.tar.gz"), "metadata.yaml"]);
  execFileSync("tar", ["-C", rootfs, "-czf", path.join(dir, "rootfs.tar.gz"), "."]);
  must(await incus(["image", "import", path.join(dir, "meta.tar.gz"), path.join(dir, "rootfs.tar.gz"), "--alias", BUSYBOX_ALIAS]), "incus image import");
  return BUSYBOX_ALIAS;
}
