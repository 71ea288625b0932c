// `run` of the scriptlet kinds other than placement: the file's kind (name, marker comment,
// entry function; see incus/scriptlet/kind.ts) picks the command. Undefined: a placement run.
import { readFileSync } from "node:fs";
import { detectKind } from "../incus/scriptlet/kind";

export async function runOtherKind(argv: string[]): Promise<number | undefined> {
  const file = argv.find((a, i) => !a.startsWith("-") && (i === 0 || !VALUE_FLAGS.has(argv[i - 1])));
  if (!file || argv.indexOf("--") >= 0 && argv.indexOf("--") < argv.indexOf(file)) return undefined;
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined; // the placement command reports the unreadable file
  }
  switch (detectKind(file, text)) {
    case "authorization":
      return (require("./run-authorization") as typeof import("./run-authorization")).runAuthorizationCommand(argv);
    case "qemu":
      return (require("./run-qemu") as typeof import("./run-qemu")).runQemuCommand(argv);
    default:
      return undefined;
  }
}

/** Flags of any run form that take a value (so their value is not taken for the FILE). */
const VALUE_FLAGS = new Set([
  "--cluster", "--remote", "--socket", "--incus-version", "--identity", "--object", "--entitlement",
  "--project", "--claim", "--format", "--instance", "--stage", "--qmp-fixture",
]);
