// The custom protocol between the VS Code client and the language server: every request and
// notification beyond LSP's own, with its name, params and result, declared once and used by
// both sides. Only types and vscode-jsonrpc message-type objects live here, so the client's
// bundle pulls no server code when it imports this module (test/architecture.test.ts checks
// that the client imports nothing else of server/src).
//
// The server owns every cluster (sample, snapshot files, remotes: loaded, cached, followed
// through /1.0/events) and runs every simulation; the client renders what it is told.
import { NotificationType, RequestType, RequestType0 } from "vscode-jsonrpc";
import type { Placement, SimulationResult } from "../incus/placement/result";

export type { Placement, SimulationResult };
/** The `incus.*` settings, defined once in ./settings.ts (package.json's configuration is generated from it). */
export type { AutoRun, Settings } from "./settings";

// ---- connections --------------------------------------------------------------------------

export type ConnectionKind = "sample" | "snapshot" | "remote";

/** A place a cluster comes from, as the sidebar lists it. */
export interface ConnectionInfo {
  /** Stable id: "sample", "file:/abs/path", "remote:NAME". */
  key: string;
  kind: ConnectionKind;
  /** The name shown ("Sample cluster", "prod (snapshot)", "prod"). */
  label: string;
  /** The value `incus.activeCluster` takes to make this connection active. */
  setting: string;
  /** A file path relative to the workspace, a remote's address, "bundled". */
  detail?: string;
  /** A live Incus server (its objects can be changed), as opposed to a file. */
  live: boolean;
  active: boolean;
}

export interface ConnectionList {
  connections: ConnectionInfo[];
  /** The remote to offer first (setting incus.defaultRemote, else the incus client's default-remote). */
  defaultRemote?: string;
  /** Why the incus client configuration could not be read (remotes are then missing). */
  remoteConfigError?: string;
}

/** What the server knows of a connection's cluster right now. */
export type ClusterState =
  | { key: string; label: string; state: "loading" }
  | { key: string; label: string; state: "ready"; version: string; members: number; instances: number; source: string; loadedAt: string; generation: number }
  | { key: string; label: string; state: "failed"; error: string; failedAt: string };

// ---- sidebar ------------------------------------------------------------------------------

export interface NodeIcon {
  /** A codicon id (ThemeIcon). */
  id: string;
  /** A theme colour id (ThemeColor), e.g. "testing.iconPassed". */
  color?: string;
}

/** What a node stands for, handed to commands invoked on it. */
export type NodeRef =
  | { kind: "connection"; connection: string }
  | { kind: "category"; connection: string; category: CategoryId }
  | { kind: "member"; connection: string; member: string }
  | { kind: "group"; connection: string; group: string }
  | { kind: "project"; connection: string; project: string }
  | { kind: "profile"; connection: string; project: string; profile: string }
  | { kind: "instanceGroup"; connection: string; by: "member" | "project"; key: string }
  | { kind: "instance"; connection: string; project: string; instance: string; location: string }
  | { kind: "pool"; connection: string; pool: string }
  | { kind: "poolMember"; connection: string; pool: string; member: string }
  | { kind: "warning"; connection: string; uuid: string }
  | { kind: "image"; connection: string; project: string; fingerprint: string; name: string }
  | { kind: "network"; connection: string; project: string; name: string }
  | { kind: "volume"; connection: string; project: string; pool: string; type: string; name: string; location?: string }
  | { kind: "message"; connection: string; text: string };

export type CategoryId = "members" | "groups" | "projects" | "instancesByMember" | "instancesByProject" | "pools" | "warnings" | LiveCategoryId;
/** Sections read from a live server when expanded (a snapshot does not hold them). */
export type LiveCategoryId = "images" | "networks" | "volumes";

/** One row of the cluster sidebar, ready to show. */
export interface ClusterNode {
  /** Unique in the tree and stable across refreshes (keeps expansion state). */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: NodeIcon;
  /** Matched by the `when` clauses of the context menus in package.json (viewItem). */
  contextValue: string;
  collapsible: "none" | "collapsed" | "expanded";
  ref: NodeRef;
  /** Whether the connection behind the node is a live server (enables changing commands). */
  live: boolean;
}

/** The rows under `node` (undefined: the connections at the top). */
export interface TreeChildrenParams {
  node?: ClusterNode;
}

// ---- cluster facts for pickers ------------------------------------------------------------

/** The parts of a cluster the client's quick picks and confirmations name. */
export interface ClusterSummary {
  connection: ConnectionInfo;
  version: string;
  members: { name: string; status: string; architecture: string; instances: number }[];
  groups: { name: string; members: string[] }[];
  projects: { name: string; description: string }[];
  instances: { name: string; project: string; location: string; status: string; type: string; evacuatedFrom?: string }[];
  /** Profiles usable by instances of each project (its own, or default's). */
  profiles: Record<string, { name: string; description: string }[]>;
}

export interface ConnectionParams {
  /** A connection key; undefined: the active cluster. */
  connection?: string;
  /** Reload it first (a fresh capture of a live server). */
  force?: boolean;
}

// ---- simulations ---------------------------------------------------------------------------

export interface SimulateParams extends ConnectionParams {
  /** An `incus` command line without `incus`: create|init|launch, move, cluster evacuate|restore. */
  command: string[];
  /**
   * Which scriptlet runs: an open document's (its URI), or `{configured: true}` for the one the
   * cluster itself has configured (Incus's default when none is).
   */
  scriptlet: { uri: string; text: string } | { configured: true };
}

export type SimulateAnswer =
  | { ok: false; error: string; cluster?: string }
  | {
      ok: true;
      result: SimulationResult;
      /** The connection's label, and its key. */
      cluster: string;
      connection: string;
      version: string;
      /** Where the scriptlet came from, in words ("instances.placement.scriptlet of prod", a file). */
      scriptlet: string;
      /** Zero-based line of `def instance_placement` (where problems without a position go). */
      entryLine: number;
      /** The cluster's generation the run used (a later load makes the result stale). */
      generation: number;
    };

// ---- live servers --------------------------------------------------------------------------

export interface ApiCallParams {
  /** A live connection's key ("remote:NAME"). */
  connection: string;
  method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  /** API path with query, e.g. /1.0/instances/c1?project=p. */
  path: string;
  body?: unknown;
  /** If-Match: the write applies only if the object is unchanged since it was read. */
  etag?: string;
  /** For an async answer: wait for the operation to end (cancelling the request cancels it). */
  wait?: boolean;
}

export type ApiCallAnswer =
  | { ok: true; status: number; etag?: string; type: string; metadata: unknown; operation?: string }
  | { ok: false; error: string; status?: number; etagMismatch?: boolean; cancelled?: boolean };

export interface CaptureParams {
  connection: string;
  /** Where to write the snapshot (.yaml or .json). */
  file: string;
}

export type CaptureAnswer = { ok: true; file: string; requests: number } | { ok: false; error: string };

export interface CheckScriptletParams {
  text: string;
  /** Incus version to check as (empty: the connection's). */
  version?: string;
  /** File name for messages. */
  name: string;
  connection?: string;
}

export interface CheckScriptletAnswer {
  errors: { line: number; column: number; message: string }[];
  version: string;
}

// ---- authorization and QEMU runs (one entry per kind: server/src/incus/run) -----------------

export type { AccessMatrix, AuthorizationRunResult, MatrixCell, MatrixRow } from "../incus/authorization/service";
export type { QemuRunResult } from "../incus/qemu/run";
export type { DiffLine } from "../incus/qemu/diff";
export type { RunResponse } from "../incus/run";

/** The kind's question (the same fields the CLI takes). */
export type RunQuestion =
  | { kind: "authorization"; identity: string; object: string; entitlement: string; project?: string; allProjects?: boolean; claims?: Record<string, string> }
  | { kind: "access"; identity: string; claims?: Record<string, string> }
  | { kind: "qemu"; instance: string; project?: string; stage?: "config" | "early" | "pre-start" | "post-start"; fixture?: string };

export interface RunScriptletParams extends ConnectionParams {
  scriptlet: { uri: string; text: string };
  question: RunQuestion;
}

export type RunScriptletAnswer =
  | { ok: false; error: string; cluster?: string }
  | { ok: true; response: import("../incus/run").RunResponse; cluster: string; connection: string; version: string };

/** A client certificate of the trust store, offered as an identity (`tls:NAME`). */
export interface IdentityChoice {
  id: string;
  label: string;
  detail: string;
}

// ---- terminals (shell, console) -----------------------------------------------------------

export interface TerminalOpenParams {
  /** A live connection's key. */
  connection: string;
  project: string;
  instance: string;
  /** "shell": a command through the exec API (default: /bin/sh); "console": the text console. */
  kind: "shell" | "console";
  command?: string[];
  cols: number;
  rows: number;
}

export type TerminalOpenAnswer = { ok: true; id: string } | { ok: false; error: string };

// ---- instance logs and files ----------------------------------------------------------------

export interface InstanceContentParams {
  connection: string;
  project: string;
  instance: string;
  /** "log": a log file of the instance (/1.0/instances/NAME/logs/FILE); "file": a path inside it. */
  what: "log" | "file";
  path: string;
}

export type InstanceContentAnswer = { ok: true; type: string; text: string; entries?: string[] } | { ok: false; error: string };

/** One operation on a file inside an instance (Incus's file API; server/src/incus/client/files.ts). */
export type InstanceFileOp =
  | { op: "stat" }
  | { op: "read" }
  | { op: "list" }
  /** `data`: base64; `expectSha256`: the hash of what the editor read (refused if the file changed since). */
  | { op: "write"; data: string; create: boolean; overwrite: boolean; expectSha256?: string }
  | { op: "mkdir" }
  | { op: "delete"; recursive: boolean }
  | { op: "rename"; to: string; overwrite: boolean };

export type InstanceFileParams = { connection: string; project: string; instance: string; path: string } & InstanceFileOp;

export type InstanceFileAnswer =
  | {
      ok: true;
      type?: "file" | "directory" | "symlink";
      mode?: string;
      mtime?: number;
      /** read: the bytes, base64. */
      data?: string;
      size?: number;
      sha256?: string;
      /** list: entries with their kinds. */
      entries?: { name: string; type: "file" | "directory" | "symlink" | "unknown" }[];
    }
  | { ok: false; error: string; problem: "not-found" | "exists" | "is-directory" | "not-directory" | "conflict" | "gone" | "not-running" | "refused" | "unavailable" };

// ---- creating networks, storage volumes and profiles (server/src/lsp/cluster/create-*.ts) ------

export type CreateKind = "network" | "volume" | "profile";

export interface CreateTarget {
  /** A live connection's key. */
  connection: string;
  kind: CreateKind;
  /** network: its type (bridge, macvlan, ...). */
  networkType?: string;
  /** volume: the storage pool. */
  pool?: string;
  /** profile, volume, network: the project (default: "default"). */
  project?: string;
}

/** What a form offers: the config keys of the entity (from the catalog), pools, members, projects. */
export interface CreateFormAnswer {
  /** The catalog entity the keys are checked against, e.g. "network:macvlan", "storage-volume:dir". */
  entity: string;
  version: string;
  keys: { key: string; type: string; default?: string; allowed?: string[]; memberSpecific?: boolean; summary?: string; docs?: string }[];
  networkTypes: string[];
  pools: { name: string; driver: string; local: boolean }[];
  members: string[];
  projects: string[];
  error?: string;
}

export interface CreateObjectParams extends CreateTarget {
  name: string;
  description?: string;
  config: Record<string, string>;
  /** volume on a local pool: the member it is made on. */
  member?: string;
  /** Only check; nothing is sent to Incus. */
  dryRun?: boolean;
}

export interface CreateProblem {
  field: "name" | "config" | "pool" | "member" | "networkType" | "project";
  key?: string;
  message: string;
}

export type CreateObjectAnswer =
  | { ok: true; /** What was sent, in order (e.g. one POST per member, then the network). */ steps: string[] }
  | { ok: false; error: string; problems?: CreateProblem[] };

// ---- scenario tests, failure matrix, placement diff (issue J) --------------------------------

export type { MatrixResult } from "../incus/scenario/matrix";
export type { DiffResult } from "../incus/scenario/diff";

/** An LSP range (0-based). */
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface PlacementTestCase {
  index: number;
  name: string;
  /** The case's `name:` value. */
  range: LspRange;
}

export interface PlacementTestCasesAnswer {
  cases: PlacementTestCase[];
  problems: { message: string; range: LspRange }[];
}

export interface PlacementTestOutcome extends PlacementTestCase {
  status: "passed" | "failed" | "error";
  /** What differed (at the expect key that did not hold) or why the case could not run. */
  messages: { message: string; range: LspRange }[];
  durationMs: number;
  /** Where each placement went, for the test output. */
  summary: string;
}

export interface PlacementTestRunAnswer {
  /** Problems that stop the whole file (bad YAML, missing scriptlet, broken cluster). */
  problems: { message: string; range: LspRange }[];
  cases: PlacementTestOutcome[];
}

export interface PlacementTestRunParams {
  uri: string;
  /** Only these cases (indexes); absent: all. */
  only?: number[];
}

export interface PlacementMatrixParams {
  /** The scriptlet (its open document's text when open). */
  uri: string;
  /** The incus command; default `create --empty new-instance`. */
  command?: string[];
}

export type PlacementMatrixAnswer = { error: string } | { result: import("../incus/scenario/matrix").MatrixResult; cluster: string };

export interface PlacementDiffParams {
  uri: string;
  /** The old side: git HEAD's version of the file, or the active cluster's configured scriptlet. */
  against: "head" | "server";
}

export type PlacementDiffAnswer =
  | { error: string }
  | { result: import("../incus/scenario/diff").DiffResult; cluster: string; oldLabel: string; newLabel: string };

// ---- messages ------------------------------------------------------------------------------

export const Requests = {
  connections: new RequestType0<ConnectionList, void>("incus/connections"),
  treeChildren: new RequestType<TreeChildrenParams, ClusterNode[], void>("incus/treeChildren"),
  clusterState: new RequestType<ConnectionParams, ClusterState, void>("incus/clusterState"),
  clusterSummary: new RequestType<ConnectionParams, ClusterSummary | { error: string }, void>("incus/clusterSummary"),
  /** Drops cached clusters (one connection, or all) and reloads the active one. */
  refresh: new RequestType<{ connection?: string }, ClusterState, void>("incus/refresh"),
  simulate: new RequestType<SimulateParams, SimulateAnswer, void>("incus/simulate"),
  apiCall: new RequestType<ApiCallParams, ApiCallAnswer, void>("incus/apiCall"),
  capture: new RequestType<CaptureParams, CaptureAnswer, void>("incus/capture"),
  checkScriptlet: new RequestType<CheckScriptletParams, CheckScriptletAnswer, void>("incus/checkScriptlet"),
  /** Runs an authorization question, an access matrix or a QEMU what-if (server/src/lsp/run-requests.ts). */
  runScriptlet: new RequestType<RunScriptletParams, RunScriptletAnswer, void>("incus/runScriptlet"),
  /** The trust store's client certificates of a connection, for the identity picker. */
  clusterIdentities: new RequestType<ConnectionParams, { identities: IdentityChoice[]; cluster: string }, void>("incus/clusterIdentities"),
  /** Opens a shell (exec API) or the console of an instance; bytes flow as notifications. */
  terminalOpen: new RequestType<TerminalOpenParams, TerminalOpenAnswer, void>("incus/terminal/open"),
  /** A log file or an instance file (a directory answers with its entries). */
  instanceContent: new RequestType<InstanceContentParams, InstanceContentAnswer, void>("incus/instanceContent"),
  /** The choices and the config keys of a create form. */
  createForm: new RequestType<CreateTarget, CreateFormAnswer, void>("incus/createForm"),
  /** Checks (names, config keys and values against the catalog) then creates a network, volume or profile. */
  createObject: new RequestType<CreateObjectParams, CreateObjectAnswer, void>("incus/createObject"),
  /** Stat, read, list, write, mkdir, delete or rename a file inside an instance. */
  instanceFile: new RequestType<InstanceFileParams, InstanceFileAnswer, void>("incus/instanceFile"),

  placementTestCases: new RequestType<{ uri: string }, PlacementTestCasesAnswer, void>("incus/placementTest/cases"),
  placementTestRun: new RequestType<PlacementTestRunParams, PlacementTestRunAnswer, void>("incus/placementTest/run"),
  placementMatrix: new RequestType<PlacementMatrixParams, PlacementMatrixAnswer, void>("incus/placementMatrix"),
  placementDiff: new RequestType<PlacementDiffParams, PlacementDiffAnswer, void>("incus/placementDiff"),
} as const;

export const Notifications = {
  /** A connection's cluster changed (reloaded after an Incus event, a refresh, a file change); undefined key: the list changed. */
  clusterChanged: new NotificationType<{ connection?: string }>("incus/clusterChanged"),
  /** The active cluster's state: sent on every load, failure and change of the setting. */
  activeCluster: new NotificationType<ClusterState>("incus/activeCluster"),
  /** Server → client: what the terminal printed (UTF-8 text). */
  terminalOutput: new NotificationType<{ id: string; data: string }>("incus/terminal/output"),
  /** Server → client: the terminal ended (the command's exit code, or why it broke). */
  terminalExit: new NotificationType<{ id: string; code?: number; error?: string }>("incus/terminal/exit"),
  /** Client → server: keystrokes. */
  terminalInput: new NotificationType<{ id: string; data: string }>("incus/terminal/input"),
  /** Client → server: the terminal's new size. */
  terminalResize: new NotificationType<{ id: string; cols: number; rows: number }>("incus/terminal/resize"),
  /** Client → server: the user closed the terminal. */
  terminalClose: new NotificationType<{ id: string }>("incus/terminal/close"),
} as const;
