// Parses the incus command a user would type (everything after `incus`) into the placement
// operation it triggers. Only what changes placement is kept; flags that do not
// (--force, --quiet, --console, ...) are accepted and ignored, so a command copied from a
// shell history works as it is.
import { FlagError, parseArgs, type FlagSpec } from "../../util/argv";

export interface DeviceOverride {
  device: string;
  key: string;
  value: string;
}

export interface CreateOperation {
  kind: "create";
  /** Undefined when Incus would generate a name. */
  name?: string;
  image?: string;
  empty: boolean;
  /** Undefined = the image's or the default profile list; [] = --no-profiles. */
  profiles?: string[];
  config: Record<string, string>;
  deviceOverrides: DeviceOverride[];
  vm: boolean;
  storagePool?: string;
  target?: string;
  project: string;
}

export interface MoveOperation {
  kind: "move";
  name: string;
  target?: string;
  project: string;
  targetProject?: string;
}

export interface EvacuateOperation {
  kind: "evacuate";
  member: string;
  action?: string;
}

export interface RestoreOperation {
  kind: "restore";
  member: string;
}

export type PlacementOperation = CreateOperation | MoveOperation | EvacuateOperation | RestoreOperation;

export class CommandError extends Error {}


/** Flags by key: their names and whether they take a value. */
type FlagTable = Record<string, { names: string[]; takesValue: boolean }>;

const CREATE_FLAGS: FlagTable = {
  profile: { names: ["-p", "--profile"], takesValue: true },
  config: { names: ["-c", "--config"], takesValue: true },
  device: { names: ["-d", "--device"], takesValue: true },
  vm: { names: ["--vm"], takesValue: false },
  empty: { names: ["--empty"], takesValue: false },
  noProfiles: { names: ["--no-profiles"], takesValue: false },
  storage: { names: ["-s", "--storage"], takesValue: true },
  target: { names: ["--target"], takesValue: true },
  project: { names: ["--project"], takesValue: true },
  type: { names: ["-t", "--type"], takesValue: true },
  network: { names: ["-n", "--network"], takesValue: true },
  description: { names: ["--description"], takesValue: true },
  ephemeral: { names: ["-e", "--ephemeral"], takesValue: false },
  console: { names: ["--console"], takesValue: false },
  force: { names: ["-f", "--force"], takesValue: false },
  quiet: { names: ["-q", "--quiet"], takesValue: false },
};

const MOVE_FLAGS: FlagTable = {
  target: { names: ["--target"], takesValue: true },
  project: { names: ["--project"], takesValue: true },
  targetProject: { names: ["--target-project"], takesValue: true },
  stateless: { names: ["--stateless"], takesValue: false },
  instanceOnly: { names: ["--instance-only"], takesValue: false },
  mode: { names: ["--mode"], takesValue: true },
  storage: { names: ["-s", "--storage"], takesValue: true },
  quiet: { names: ["-q", "--quiet"], takesValue: false },
  allowInconsistent: { names: ["--allow-inconsistent"], takesValue: false },
};

const EVACUATE_FLAGS: FlagTable = {
  action: { names: ["--action"], takesValue: true },
  force: { names: ["-f", "--force"], takesValue: false },
  quiet: { names: ["-q", "--quiet"], takesValue: false },
};

interface ParsedFlags {
  positional: string[];
  values: Map<string, string[]>;
}

/** The shared argv parser, with the incus client's wording for its errors. */
function parseFlags(argv: string[], table: FlagTable, command: string): ParsedFlags {
  const specs: FlagSpec[] = Object.entries(table).map(([key, t]) => ({ key, names: t.names, kind: t.takesValue ? "string" : "boolean" }));
  try {
    const parsed = parseArgs(argv, specs);
    return { positional: [...parsed.positional, ...parsed.rest], values: parsed.flags };
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    throw new CommandError(e.problem === "unknown" ? `incus ${command}: unknown flag: ${e.flagName}` : `incus ${command}: flag needs an argument: ${e.flagName}`);
  }
}

function last(flags: ParsedFlags, key: string): string | undefined {
  const list = flags.values.get(key);
  return list ? list[list.length - 1] : undefined;
}

function keyValue(text: string, what: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new CommandError(`Bad key=value pair: ${text}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function parseCreate(verb: string, argv: string[]): CreateOperation {
  const flags = parseFlags(argv, CREATE_FLAGS, verb);
  const empty = flags.values.has("empty");
  const [first, second, ...rest] = flags.positional;
  if (rest.length > 0) throw new CommandError(`incus ${verb}: too many arguments`);
  // `incus create IMAGE [NAME]`, or `incus create --empty [NAME]`.
  const image = empty ? undefined : first;
  const name = empty ? first : second;
  if (!empty && image === undefined) throw new CommandError(`incus ${verb}: an image (or --empty) is required`);
  if (empty && second !== undefined) throw new CommandError(`incus ${verb}: --empty takes no image`);
  const config: Record<string, string> = {};
  for (const c of flags.values.get("config") ?? []) {
    const [k, v] = keyValue(c, "config");
    config[k] = v;
  }
  const deviceOverrides: DeviceOverride[] = [];
  for (const d of flags.values.get("device") ?? []) {
    // -d DEVICE,KEY=VALUE[,KEY=VALUE...]
    const [device, ...pairs] = d.split(",");
    if (!device || pairs.length === 0) throw new CommandError(`Bad device override syntax, expecting <device>,<key>=<value>: ${d}`);
    for (const pair of pairs) {
      const [key, value] = keyValue(pair, "device");
      deviceOverrides.push({ device, key, value });
    }
  }
  let profiles = flags.values.get("profile");
  if (flags.values.has("noProfiles")) profiles = [];
  return {
    kind: "create",
    name: name ? stripRemote(name) : undefined,
    image,
    empty,
    profiles,
    config,
    deviceOverrides,
    vm: flags.values.has("vm"),
    storagePool: last(flags, "storage"),
    target: last(flags, "target"),
    project: last(flags, "project") ?? "default",
  };
}

/** `remote:name` → `name`: the remote chooses the server, not the placement. */
function stripRemote(name: string): string {
  const colon = name.indexOf(":");
  return colon >= 0 ? name.slice(colon + 1) : name;
}

function parseMove(argv: string[]): MoveOperation {
  const flags = parseFlags(argv, MOVE_FLAGS, "move");
  const [name, destination, ...rest] = flags.positional;
  if (!name) throw new CommandError("incus move: an instance name is required");
  if (rest.length > 0) throw new CommandError("incus move: too many arguments");
  if (destination !== undefined && stripRemote(destination) !== stripRemote(name)) {
    throw new CommandError("incus move: renaming is not a placement; use --target MEMBER or --target-project P");
  }
  const target = last(flags, "target");
  const targetProject = last(flags, "targetProject");
  if (target === undefined && targetProject === undefined) {
    throw new CommandError("incus move: --target or --target-project is required for a cluster move");
  }
  return { kind: "move", name: stripRemote(name), target, project: last(flags, "project") ?? "default", targetProject };
}

function parseEvacuate(argv: string[]): EvacuateOperation {
  const flags = parseFlags(argv, EVACUATE_FLAGS, "cluster evacuate");
  const [member, ...rest] = flags.positional;
  if (!member) throw new CommandError("incus cluster evacuate: a member name is required");
  if (rest.length > 0) throw new CommandError("incus cluster evacuate: too many arguments");
  return { kind: "evacuate", member: stripRemote(member), action: last(flags, "action") };
}

const RESTORE_FLAGS: FlagTable = {
  action: { names: ["--action"], takesValue: true },
  force: { names: ["-f", "--force"], takesValue: false },
  quiet: { names: ["-q", "--quiet"], takesValue: false },
};

function parseRestore(argv: string[]): RestoreOperation {
  const flags = parseFlags(argv, RESTORE_FLAGS, "cluster restore");
  const [member, ...rest] = flags.positional;
  if (!member) throw new CommandError("incus cluster restore: a member name is required");
  if (rest.length > 0) throw new CommandError("incus cluster restore: too many arguments");
  return { kind: "restore", member: stripRemote(member) };
}

/** Parses e.g. ["create", "--empty", "c1", "--target", "@gpu"]. */
export function parsePlacementCommand(argv: string[]): PlacementOperation {
  const [verb, ...rest] = argv;
  switch (verb) {
    case "create":
    case "init":
    case "launch":
      return parseCreate(verb, rest);
    case "move":
    case "mv":
      return parseMove(rest);
    case "cluster": {
      const [sub, ...args] = rest;
      if (sub === "evacuate" || sub === "evac") return parseEvacuate(args);
      if (sub === "restore") return parseRestore(args);
      throw new CommandError(`incus cluster ${sub ?? ""}: not a placement command (use: cluster evacuate MEMBER or cluster restore MEMBER)`);
    }
    default:
      throw new CommandError(
        `"${verb ?? ""}" is not a placement command; use create|init|launch, move, or cluster evacuate`,
      );
  }
}
