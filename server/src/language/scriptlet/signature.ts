// Signature help and signature text for the kind's builtins.
import { builtin, type Builtin } from "../../incus/knowledge/scriptlets";
import { formatTypeRef } from "../../incus/knowledge/type-ref";
import type { Analysis } from "./analysis";
import { callAt } from "./text-context";

export function formatSignature(b: Builtin): string {
  const params = b.params.map((p) => `${p.name}: ${formatTypeRef(p.type)}${p.optional ? ` = ${p.default === undefined ? "None" : JSON.stringify(p.default)}` : ""}`);
  if (b.varargs) params.push(`*${b.varargs.name}`);
  return `${b.name}(${params.join(", ")}) -> ${formatTypeRef(b.returns)}`;
}

export interface SignatureHelp {
  label: string;
  documentation: string;
  parameters: { label: string; documentation?: string }[];
  activeParameter: number;
}

export function signatureHelp(a: Analysis, offset: number): SignatureHelp | undefined {
  const call = callAt(a.text, offset);
  if (!call) return undefined;
  const b = builtin(a.ctx.kind, call.callee, a.ctx.version);
  if (!b) return undefined;
  const label = formatSignature(b);
  const parameters = b.params.map((p) => ({ label: `${p.name}: ${formatTypeRef(p.type)}`, documentation: p.defaultMeaning }));
  if (b.varargs) parameters.push({ label: `*${b.varargs.name}`, documentation: undefined });
  let active = call.keyword ? b.params.findIndex((p) => p.name === call.keyword) : call.argIndex;
  if (b.varargs && active >= b.params.length) active = b.params.length;
  const notes = b.notes?.length ? `\n\n${b.notes.join("\n")}` : "";
  return { label, documentation: b.doc + notes, parameters, activeParameter: Math.max(0, active) };
}
