// "Run as…": asks what to simulate — create (profiles, config, target), move to a member,
// evacuate a member, move to another project, or a typed incus command — using the active
// cluster's members, groups, projects, profiles and instances for the choices.
import * as vscode from "vscode";
import type { ClusterSummary } from "../../../server/src/lsp/protocol";
import { commandFor, formatCommandLine, parseConfigPairs, splitCommandLine } from "./command-line";

type Kind = "create" | "move" | "evacuate" | "moveProject" | "typed";

export async function pickRunAs(model: ClusterSummary, previous: string[] | undefined): Promise<string[] | undefined> {
  const kind = await pick<Kind>("Simulate which operation?", [
    { label: "$(add) Create an instance", description: "incus create --empty … with profiles, config, target", value: "create" },
    { label: "$(arrow-right) Move an instance to a member", description: "incus move NAME --target …", value: "move" },
    { label: "$(debug-pause) Evacuate a member", description: "incus cluster evacuate MEMBER", value: "evacuate" },
    { label: "$(arrow-swap) Move an instance to another project", description: "incus move NAME --target-project …", value: "moveProject" },
    { label: "$(terminal) Type an incus command", description: previous ? formatCommandLine(previous) : "", value: "typed" },
  ]);
  switch (kind) {
    case undefined:
      return undefined;
    case "create":
      return pickCreate(model);
    case "move": {
      const inst = await pickInstance(model);
      if (!inst) return undefined;
      const target = await pickTarget(model, `Move ${inst.name} to`, false, inst.location);
      return target ? commandFor({ kind: "move", instance: inst.name, project: inst.project, target }) : undefined;
    }
    case "evacuate": {
      const member = await pick("Evacuate which member?", model.members.map((m) => ({ label: m.name, description: `${m.status} · ${m.instances} instances`, value: m.name })));
      if (!member) return undefined;
      const action = await pick("Evacuation action", [
        { label: "per instance (cluster.evacuate, default auto)", value: "" },
        ...["migrate", "live-migrate", "stop", "stateful-stop", "force-stop"].map((a) => ({ label: a, value: a })),
      ]);
      if (action === undefined) return undefined;
      return commandFor({ kind: "evacuate", member, action: action || undefined });
    }
    case "moveProject": {
      const inst = await pickInstance(model);
      if (!inst) return undefined;
      const targetProject = await pick(`Move ${inst.name} to project`, model.projects.filter((p) => p.name !== inst.project).map((p) => ({ label: p.name, description: p.description, value: p.name })));
      if (!targetProject) return undefined;
      const target = await pickTarget(model, "Target member (optional)", true);
      if (target === undefined) return undefined;
      return commandFor({ kind: "moveProject", instance: inst.name, project: inst.project, targetProject, target: target || undefined });
    }
    case "typed": {
      const text = await vscode.window.showInputBox({
        title: "incus command to simulate",
        prompt: "What you would type after `incus`: create|init|launch, move, or cluster evacuate",
        value: previous ? formatCommandLine(previous).replace(/^incus /, "") : "create --empty c1",
        validateInput: (t) => {
          try {
            return splitCommandLine(t).length ? undefined : "Type a command";
          } catch (e) {
            return (e as Error).message;
          }
        },
      });
      return text === undefined ? undefined : splitCommandLine(text);
    }
  }
}

async function pickCreate(model: ClusterSummary): Promise<string[] | undefined> {
  const name = await vscode.window.showInputBox({ title: "Create: instance name", value: "new-instance" });
  if (name === undefined) return undefined;
  const project = model.projects.length > 1 ? await pick("Create: project", model.projects.map((p) => ({ label: p.name, description: p.description, value: p.name }))) : "default";
  if (!project) return undefined;
  const available = model.profiles[project] ?? [];
  const chosen = await vscode.window.showQuickPick(
    available.map((p) => ({ label: p.name, description: p.description, picked: p.name === "default" })),
    { title: "Create: profiles (in order)", canPickMany: true },
  );
  if (!chosen) return undefined;
  const configText = await vscode.window.showInputBox({
    title: "Create: config (optional)",
    prompt: "KEY=VALUE pairs separated by commas, e.g. limits.memory=8GiB, user.tier=gold",
    validateInput: (t) => {
      try {
        parseConfigPairs(t);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (configText === undefined) return undefined;
  const type = await pick("Create: type", [
    { label: "container", value: "container" },
    { label: "virtual machine", value: "vm" },
  ]);
  if (!type) return undefined;
  const target = await pickTarget(model, "Create: --target (optional)", true);
  if (target === undefined) return undefined;
  return commandFor({
    kind: "create",
    name: name || undefined,
    project,
    profiles: chosen.map((c) => c.label),
    config: parseConfigPairs(configText),
    target: target || undefined,
    vm: type === "vm",
  });
}

async function pickInstance(model: ClusterSummary) {
  return pick(
    "Which instance?",
    [...model.instances].sort((a, b) => a.name.localeCompare(b.name)).map((i) => ({ label: i.name, description: `${i.project} · on ${i.location} · ${i.status}`, value: i })),
  );
}

/** A member, `@group`, or "" for none when `optional`. */
async function pickTarget(model: ClusterSummary, title: string, optional: boolean, exclude?: string): Promise<string | undefined> {
  const items = [
    ...(optional ? [{ label: "(no --target)", description: "let placement decide", value: "" }] : []),
    ...model.groups.map((g) => ({ label: `@${g.name}`, description: `cluster group: ${g.members.join(", ")}`, value: `@${g.name}` })),
    ...model.members.filter((m) => m.name !== exclude).map((m) => ({ label: m.name, description: `${m.status} · ${m.architecture}`, value: m.name })),
  ];
  return pick(title, items);
}

async function pick<T>(title: string, items: { label: string; description?: string; value: T }[]): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
  return chosen?.value;
}
