// Create a network, a custom storage volume or a profile from the sidebar: a chain of quick
// picks and input boxes. Every answer is checked by the server (names as Incus checks them, each
// config key and value against the config catalog) while it is typed; the config step lists the
// catalog's keys with their type and default, and the keys set so far with their problems.
// Nothing is sent until "Create" is picked with no problem left; Incus's refusal is shown with
// its reason. A plain object argument fills answers in (e2e scenarios, other extensions); with
// `review: true` the config step is still shown before creating.
import * as vscode from "vscode";
import type { Services } from "../services";
import { isNode, pickFrom, remoteKey, resolveRemote } from "./targets";
import { Requests, type CreateFormAnswer, type CreateKind, type CreateObjectParams, type CreateProblem } from "../../../server/src/lsp/protocol";

interface CreateArgs {
  remote?: string;
  networkType?: string;
  pool?: string;
  member?: string;
  project?: string;
  name?: string;
  description?: string;
  config?: Record<string, string>;
  /** Show the config step even though `config` is given. */
  review?: boolean;
}

const NOUN: Record<CreateKind, string> = { network: "network", volume: "storage volume", profile: "profile" };

export function registerCreateCommands(s: Services): vscode.Disposable[] {
  const cmd = (kind: CreateKind) => (arg?: unknown) => createObject(s, kind, arg);
  return [
    vscode.commands.registerCommand("incus.createNetwork", cmd("network")),
    vscode.commands.registerCommand("incus.createVolume", cmd("volume")),
    vscode.commands.registerCommand("incus.createProfile", cmd("profile")),
  ];
}

/** What a row says about the object to create (a pool row: its pool; a project row: its project). */
function fromRow(arg: unknown): CreateArgs {
  if (isNode(arg)) {
    const r = arg.ref;
    if (r.kind === "pool") return { pool: r.pool };
    if (r.kind === "project") return { project: r.project };
    return {};
  }
  return typeof arg === "object" && arg !== null ? (arg as CreateArgs) : {};
}

async function createObject(s: Services, kind: CreateKind, arg: unknown): Promise<{ steps: string[] } | undefined> {
  const title = `Create ${NOUN[kind]}`;
  const remote = await resolveRemote(s.registry, arg, title);
  if (!remote) return undefined;
  const connection = remoteKey(remote);
  const given = fromRow(arg);
  const p: CreateObjectParams = { connection, kind, name: given.name ?? "", description: given.description, config: { ...(given.config ?? {}) }, project: given.project, pool: given.pool, member: given.member, networkType: given.networkType };
  const form = (extra: Partial<CreateObjectParams> = {}) => s.languageClient.request(Requests.createForm, { connection, kind, networkType: p.networkType, pool: p.pool, project: p.project, ...extra });

  let choices = await form();
  if (choices.error) return void vscode.window.showErrorMessage(`Incus: ${title} on ${remote}: ${choices.error}`);
  // Where the object goes.
  if (kind === "network" && !p.networkType) {
    p.networkType = await pickFrom(`${title} on ${remote}: type`, choices.networkTypes.map((t) => ({ label: t, description: t === "bridge" ? "a managed bridge (needs a host that can create bridges)" : undefined, value: t })));
    if (!p.networkType) return undefined;
  }
  if (kind === "volume" && !p.pool) {
    p.pool = await pickFrom(`${title} on ${remote}: storage pool`, choices.pools.map((x) => ({ label: x.name, description: `${x.driver} · ${x.local ? "local to each member" : "shared"}`, value: x.name })));
    if (!p.pool) return undefined;
  }
  const pool = choices.pools.find((x) => x.name === p.pool);
  if (kind === "volume" && pool?.local && choices.members.length > 0 && !p.member) {
    p.member = await pickFrom(`${title}: pool ${pool.name} is local — on which member?`, choices.members.map((m) => ({ label: m, value: m })));
    if (!p.member) return undefined;
  }
  if (kind === "profile" && !p.project && choices.projects.length > 1) {
    p.project = await pickFrom(`${title} on ${remote}: project`, choices.projects.map((x) => ({ label: x, value: x })));
    if (!p.project) return undefined;
  }
  choices = await form(); // the keys depend on the type / the pool's driver
  const check = async (q: CreateObjectParams): Promise<CreateProblem[]> => {
    const a = await s.languageClient.request(Requests.createObject, { ...q, dryRun: true });
    return a.ok ? [] : (a.problems ?? [{ field: "name", message: a.error }]);
  };
  if (!p.name) {
    const name = await vscode.window.showInputBox({
      title: `${title} on ${remote}${where(p)}`,
      prompt: "Name",
      validateInput: async (v) => (await check({ ...p, name: v, config: {} })).find((x) => x.field === "name")?.message,
    });
    if (!name) return undefined;
    p.name = name;
  }
  if (!given.config || given.review) {
    const done = await configStep(s, p, choices, check, `${title} ${p.name} on ${remote}${where(p)}`);
    if (!done) return undefined;
  }
  const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating ${NOUN[kind]} ${p.name} on ${remote}…` }, () => s.languageClient.request(Requests.createObject, p));
  if (!answer.ok) {
    void vscode.window.showErrorMessage(`Incus: ${answer.error}`);
    return undefined;
  }
  s.log.info(`${title} ${p.name} on ${remote}: ${answer.steps.join(", ")}`);
  void vscode.window.showInformationMessage(`Created ${NOUN[kind]} ${p.name} on ${remote}${where(p)}.`);
  await s.registry.refresh(connection);
  return { steps: answer.steps };
}

function where(p: CreateObjectParams): string {
  const parts = [p.networkType && `type ${p.networkType}`, p.pool && `pool ${p.pool}`, p.member && `member ${p.member}`, p.project && p.project !== "default" && `project ${p.project}`].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

type KeyItem = vscode.QuickPickItem & { action: "create" | "edit" | "add" | "free"; key?: string };

/** The config step: keys set so far (with their problems), then every catalog key to add. */
async function configStep(s: Services, p: CreateObjectParams, form: CreateFormAnswer, check: (q: CreateObjectParams) => Promise<CreateProblem[]>, title: string): Promise<boolean> {
  const byKey = new Map(form.keys.map((k) => [k.key, k]));
  for (;;) {
    const problems = await check(p);
    const set = Object.entries(p.config);
    const items: KeyItem[] = [
      problems.length
        ? { label: `$(error) ${problems.length === 1 ? "1 problem" : `${problems.length} problems`} to fix before creating`, detail: problems.map((x) => x.message).join(" · "), action: "create", alwaysShow: true }
        : { label: `$(check) Create ${p.name}`, description: set.length ? set.map(([k, v]) => `${k}=${v}`).join("  ") : "no config keys", action: "create", alwaysShow: true },
      { label: "$(add) Free-form key (user.*)…", action: "free", alwaysShow: true },
    ];
    if (set.length) items.push({ label: "Set", kind: vscode.QuickPickItemKind.Separator, action: "edit" });
    for (const [key, value] of set) {
      const problem = problems.find((x) => x.key === key);
      items.push({ label: `${problem ? "$(error)" : "$(pass)"} ${key} = ${value}`, detail: problem?.message ?? describeKey(byKey.get(key)), action: "edit", key, alwaysShow: true });
    }
    items.push({ label: `Keys of ${form.entity} (Incus ${form.version} catalog)`, kind: vscode.QuickPickItemKind.Separator, action: "add" });
    for (const k of form.keys) if (!(k.key in p.config)) items.push({ label: k.key, description: describeKey(k), detail: k.summary, action: "add", key: k.key });
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: "Pick a key to set it, a set key to change or remove it, or Create", matchOnDescription: true, ignoreFocusOut: true });
    if (!picked) return false;
    if (picked.action === "create") {
      if (problems.length === 0) return true;
      continue;
    }
    let key = picked.key;
    if (picked.action === "free") {
      key = await vscode.window.showInputBox({ title, prompt: "Key (user.something)", value: "user.", validateInput: (v) => (/^user\..+/.test(v) ? undefined : "free-form keys start with user.") });
      if (!key) continue;
    }
    const facts = byKey.get(key!);
    const value = await vscode.window.showInputBox({
      title: `${title}: ${key}`,
      prompt: `${describeKey(facts) || "value"}${picked.action === "edit" ? " — empty removes the key" : ""}`,
      value: p.config[key!] ?? facts?.default ?? "",
      validateInput: async (v) => (v === "" && picked.action === "edit" ? undefined : (await check({ ...p, config: { [key!]: v } })).find((x) => x.key === key)?.message),
    });
    if (value === undefined) continue;
    if (value === "") delete p.config[key!];
    else p.config[key!] = value;
  }
}

function describeKey(k: CreateFormAnswer["keys"][number] | undefined): string {
  if (!k) return "";
  return [k.type, k.default !== undefined && k.default !== "" ? `default ${k.default}` : "", k.allowed?.length ? `one of ${k.allowed.join(", ")}` : "", k.memberSpecific ? "set on each member" : ""].filter(Boolean).join(" · ");
}

