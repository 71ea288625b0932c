// Incus's instance name rules (instance.ValidName → validate.IsHostname, v6.0.4:
// internal/server/instance/instance_utils.go, shared/validate/validate.go), checked by the
// server after the request's project, profiles and candidates and before the scriptlet runs.

/** The error Incus gives for an instance name, or undefined when the name is valid. */
export function instanceNameError(name: string): string | undefined {
  if (name.includes("/")) return `The character "/" is reserved for snapshots`;
  const why = hostnameError(name);
  return why ? `Invalid instance name: ${why}` : undefined;
}

function hostnameError(name: string): string | undefined {
  // Go's len() counts bytes.
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes < 1 || bytes > 63) return "Name must be 1-63 characters long";
  if (name.startsWith("-")) return `Name must not start with "-" character`;
  if (name.endsWith("-")) return `Name must not end with "-" character`;
  // strconv.ParseUint(name, 10, 64) succeeding: all digits and within uint64.
  if (/^\d+$/.test(name) && BigInt(name) <= 0xffffffffffffffffn) return "Name cannot be a number";
  if (!/^[-a-zA-Z0-9]+$/.test(name)) return "Name can only contain alphanumeric and hyphen characters";
  return undefined;
}
