// A minimal JSON Schema (draft-07) checker for the keywords our generated snapshot schema
// uses, so tests can check that the schema editors get accepts what the loader accepts,
// without a validator dependency. Unknown keywords are ignored (as validators do).
type Schema = Record<string, unknown> | boolean;

export function validateJsonSchema(schema: Schema, value: unknown, path = "$"): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  const errors: string[] = [];
  const s = schema;
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(value, t))) return [`${path}: expected ${types.join("|")}, got ${JSON.stringify(value)?.slice(0, 40)}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => e === value)) errors.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
  if (s.const !== undefined && s.const !== value) errors.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => validateJsonSchema(sub as Schema, value, path).length === 0)) errors.push(`${path}: matches no anyOf branch`);
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) errors.push(`${path}: below minimum`);
    if (typeof s.maximum === "number" && value > s.maximum) errors.push(`${path}: above maximum`);
  }
  if (typeof value === "string" && typeof s.minLength === "number" && value.length < s.minLength) errors.push(`${path}: too short`);
  if (Array.isArray(value) && s.items !== undefined) {
    value.forEach((v, i) => errors.push(...validateJsonSchema(s.items as Schema, v, `${path}[${i}]`)));
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const req of (s.required ?? []) as string[]) if (!(req in obj)) errors.push(`${path}: missing ${req}`);
    for (const [k, v] of Object.entries(obj)) {
      if (k in props) errors.push(...validateJsonSchema(props[k], v, `${path}.${k}`));
      else if (s.additionalProperties !== undefined) errors.push(...validateJsonSchema(s.additionalProperties as Schema, v, `${path}.${k}`));
    }
  }
  return errors;
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case "object":
      return v !== null && typeof v === "object" && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    case "null":
      return v === null;
    default:
      return true;
  }
}
