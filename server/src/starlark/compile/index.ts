// The Starlark → JavaScript compiler: a resolved syntax tree in, a program factory out.
export { generate as compileFile, type GenerateOptions } from "./codegen";
export type { CompiledProgram, PositionTable } from "./program";
