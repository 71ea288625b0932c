// The `incus` settings section, read through workspace/configuration.
import { z } from "zod";

export const settingsSchema = z.object({
  /** "sample", a snapshot file path, or "remote:NAME" (a remote of the incus client config). */
  activeCluster: z.string().default("sample"),
  /** Empty: the cluster's version, else the newest. */
  incusVersion: z.string().default(""),
  /** Delay before diagnostics after a change, in ms. */
  diagnosticsDelayMs: z.number().int().min(0).max(5000).default(200),
});

export type Settings = z.infer<typeof settingsSchema>;

export function parseSettings(raw: unknown): Settings {
  const r = settingsSchema.safeParse(raw ?? {});
  return r.success ? r.data : settingsSchema.parse({});
}
