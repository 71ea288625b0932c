// The QEMU configuration file Incus writes and hands to a QEMU scriptlet: sections with a name,
// a comment and key/value entries. Text form as Incus writes it (qemuStringifyCfg in
// internal/server/instance/drivers/driver_qemu_templates.go, v6.0.4 and v7.3.0):
//   # COMMENT            (only when there is one)
//   [NAME]
//   key = "value"        (entries with an empty value are not written)
//   <blank line>
// Incus passes the file to QEMU with `-readconfig`; operators find it as qemu.conf in the
// instance's log directory, so a real one can be read back with parseQemuConf.

export interface QemuSection {
  name: string;
  comment: string;
  /** In order; a scriptlet sees them as a dict (keys sorted). */
  entries: [string, string][];
}

export class QemuConfError extends Error {}

export function parseQemuConf(text: string): QemuSection[] {
  const sections: QemuSection[] = [];
  let comment = "";
  let current: QemuSection | undefined;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith("#")) {
      comment = line.replace(/^#\s?/, "");
      return;
    }
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      current = { name: header[1], comment, entries: [] };
      sections.push(current);
      comment = "";
      return;
    }
    const entry = /^([^=\s]+)\s*=\s*"(.*)"$/.exec(line);
    if (!entry || !current) throw new QemuConfError(`line ${i + 1}: expected [section], # comment or key = "value", got: ${line}`);
    current.entries.push([entry[1], entry[2]]);
  });
  return sections;
}

/** The file as Incus writes it, entries sorted (Incus's order is a Go map's: random). */
export function stringifyQemuConf(sections: readonly QemuSection[]): string {
  const out: string[] = [];
  for (const s of sections) {
    if (s.comment) out.push(`# ${s.comment}`);
    out.push(`[${s.name}]`);
    for (const [k, v] of [...s.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (v !== "") out.push(`${k} = "${v}"`);
    out.push("");
  }
  return out.join("\n");
}
