// The `incus.*` settings, defined once. package.json's `contributes.configuration` is this
// table as VS Code wants it (test/lsp/settings-definition.test.ts checks they are equal; write
// it with `node out/tools/gen-settings.js`), the server parses what it is sent with the zod
// schema built from it, and the client reads the same keys with the types exported here.
import { z } from "zod";

interface SettingBase {
  markdownDescription: string;
  scope?: "resource" | "machine-overridable" | "window";
}
type SettingDefinition =
  | (SettingBase & { type: "string"; default: string; enum?: readonly string[]; enumDescriptions?: readonly string[] })
  | (SettingBase & { type: "number"; default: number; minimum: number; maximum: number; integer?: boolean });

/** Every setting, keyed without the `incus.` prefix, in the order the Settings editor lists them. */
export const SETTINGS = {
  activeCluster: {
    type: "string",
    default: "sample",
    markdownDescription:
      "The cluster placement runs, completions and checks use: `sample` (the bundled sample cluster), the path of a cluster snapshot file (`*.incus-cluster.yaml`, relative to the workspace folder), or `remote:NAME` for a remote of your incus client configuration (`remote:local` is the local unix socket). Switch it with **Incus: Select Active Cluster** or the status bar.",
    scope: "resource",
  },
  configPath: {
    type: "string",
    default: "",
    markdownDescription:
      "Directory of the incus client configuration (`config.yml` with the remotes, `client.crt`/`client.key`, `servercerts/`). Empty: `$INCUS_CONF`, else `~/.config/incus`.",
    scope: "machine-overridable",
  },
  defaultRemote: {
    type: "string",
    default: "",
    markdownDescription:
      "Remote offered first when a command needs a live Incus server (capture, evacuate, edit configuration). Empty: the `default-remote` of the incus client configuration.",
  },
  incusVersion: {
    type: "string",
    default: "",
    markdownDescription:
      "Incus version to check and simulate scriptlets as, e.g. `6.0.4` or `7.3` (builtins, sets and error texts differ between versions). Empty: the version of the active cluster.",
  },
  "run.timeoutMs": {
    type: "number",
    default: 5000,
    minimum: 100,
    maximum: 600000,
    integer: true,
    markdownDescription: "The editor's time budget for one placement scriptlet call in a simulated run, in milliseconds. Incus itself has no time limit for create and move (it cancels an evacuation's scriptlet after 5 s, which the simulation does regardless); a run stopped by this budget is reported as the tool's, not as Incus's outcome. The CLI has no budget unless `--timeout-ms` is given.",
  },
  "run.memoryMb": {
    type: "number",
    default: 512,
    minimum: 8,
    maximum: 4096,
    integer: true,
    markdownDescription: "The editor's memory cap for the Starlark sandbox of a simulated run, in MiB. Incus has no such cap; a run stopped by it is reported as the tool's, not as Incus's outcome. The CLI's default is 2048 (`--memory-mb`).",
  },
  "run.autoRun": {
    type: "string",
    default: "off",
    enum: ["off", "save", "change"],
    enumDescriptions: ["Only when asked (CodeLens, commands)", "After each save", "While typing, after a short pause"],
    markdownDescription:
      "Run the placement scriptlet again automatically with its last command: `off`, on `save`, or on every `change` (debounced). Results update the problems and an open result view.",
  },
  diagnosticsDelayMs: {
    type: "number",
    default: 200,
    minimum: 0,
    maximum: 5000,
    integer: true,
    markdownDescription: "Delay after a change before the language server checks a document again, in milliseconds.",
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingKey = keyof typeof SETTINGS;
export type AutoRun = (typeof SETTINGS)["run.autoRun"]["enum"][number];

/** The settings as the server and the client use them (nested like the `incus` section). */
export interface Settings {
  activeCluster: string;
  configPath: string;
  defaultRemote: string;
  incusVersion: string;
  run: { timeoutMs: number; memoryMb: number; autoRun: AutoRun };
  diagnosticsDelayMs: number;
}

/** package.json's `contributes.configuration`, generated from SETTINGS. */
export function configurationContribution(): { title: string; properties: Record<string, unknown> } {
  const properties: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(SETTINGS) as [string, SettingDefinition][]) {
    const { integer: _integer, ...rest } = def as SettingDefinition & { integer?: boolean };
    properties[`incus.${key}`] = rest;
  }
  return { title: "Incus", properties };
}

function fieldSchema(def: SettingDefinition): z.ZodTypeAny {
  if (def.type === "string") {
    const base = def.enum ? z.enum(def.enum as unknown as [string, ...string[]]) : z.string();
    return base.catch(def.default);
  }
  let n = z.number().min(def.minimum).max(def.maximum);
  if (def.integer) n = n.int();
  return n.catch(def.default);
}

/** A value per key, nested at dots; a missing or bad value falls back to its default alone. */
export function parseSettings(raw: unknown): Settings {
  const section = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(SETTINGS) as [string, SettingDefinition][]) {
    const parts = key.split(".");
    let value: unknown = section;
    for (const p of parts) value = value && typeof value === "object" ? (value as Record<string, unknown>)[p] : undefined;
    if (value === undefined) value = section[key]; // flat "run.timeoutMs" keys too
    const parsed = fieldSchema(def).parse(value ?? def.default);
    let into = out;
    for (const p of parts.slice(0, -1)) into = (into[p] ??= {}) as Record<string, unknown>;
    into[parts[parts.length - 1]] = typeof parsed === "string" ? parsed.trim() : parsed;
  }
  return out as unknown as Settings;
}
