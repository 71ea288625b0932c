// Random Starlark programs that stress name resolution: nested defs and lambdas, parameter
// lists in every (also invalid) order, comprehensions, loads, loops, augmented assignment,
// call arguments in every order, and a small pool of names so that they collide, shadow
// and capture each other. Deterministic for a seed, so failures can be replayed.

/** A small linear congruential generator (the seed fully determines the programs). */
export class Random {
  constructor(private seed: number) {}

  next(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return this.seed / 2147483648;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Universe names, a predeclared name (M), a misspelling, and plain names. */
const NAMES = ["a", "b", "x", "y", "f", "g", "len", "print", "set", "prnt", "M", "_z", "kw", "args"];

export class ProgramGenerator {
  constructor(private readonly rnd: Random, private readonly withWhile = true) {}

  program(): string {
    let src = "";
    const n = 1 + Math.floor(this.rnd.next() * 5);
    for (let i = 0; i < n; i++) src += this.stmt(0, 0);
    return src;
  }

  private name(): string {
    return this.rnd.pick(NAMES);
  }

  private expr(depth: number): string {
    const r = this.rnd.next();
    const sub = () => this.expr(depth + 1);
    if (depth > 2 || r < 0.35) return this.rnd.pick([...NAMES, "1", '"s"']);
    if (r < 0.55) return `${this.name()}(${this.args(depth + 1)})`;
    if (r < 0.65) {
      const ifClause = this.rnd.chance(0.4) ? ` if ${sub()}` : "";
      const forClause = this.rnd.chance(0.3) ? ` for ${this.name()} in ${sub()}` : "";
      return `[${sub()} for ${this.name()} in ${sub()}${ifClause}${forClause}]`;
    }
    if (r < 0.75) return `(lambda ${this.params(depth + 1)}: ${sub()})`;
    if (r < 0.82) return `{${sub()}: ${sub()} for ${this.name()}, ${this.name()} in ${sub()}}`;
    if (r < 0.9) return `${sub()} + ${sub()}`;
    return `${sub()}.attr`;
  }

  private args(depth: number): string {
    const forms = [
      () => this.expr(depth),
      () => `${this.rnd.pick(["k", "j"])}=${this.expr(depth)}`,
      () => `*${this.expr(depth)}`,
      () => `**${this.expr(depth)}`,
    ];
    return this.list(() => this.rnd.pick(forms)());
  }

  private params(depth: number): string {
    const forms = [
      () => this.name(),
      () => `${this.name()}=${this.expr(depth)}`,
      () => "*",
      () => `*${this.name()}`,
      () => `**${this.name()}`,
    ];
    return this.list(() => this.rnd.pick(forms)());
  }

  private list(item: () => string): string {
    const n = Math.floor(this.rnd.next() * 4);
    return Array.from({ length: n }, item).join(", ");
  }

  private block(indent: number, depth: number): string {
    let s = "";
    const n = 1 + Math.floor(this.rnd.next() * 3);
    for (let i = 0; i < n; i++) s += this.stmt(indent, depth);
    return s;
  }

  private stmt(indent: number, depth: number): string {
    const p = " ".repeat(indent);
    const r = this.rnd.next();
    const body = () => this.block(indent + 2, depth + 1);
    if (depth > 3 || r < 0.25) {
      const simple = [
        () => `${this.name()} = ${this.expr(0)}`,
        () => `${this.name()} += ${this.expr(0)}`,
        () => `${this.name()}, ${this.name()} = ${this.expr(0)}`,
        () => this.expr(0),
        () => "pass",
        () => "break",
        () => "continue",
        () => `return ${this.expr(0)}`,
        () => `${this.name()}[0] = 1`,
        () => `[${this.name()}] += 1`,
      ];
      return `${p}${this.rnd.pick(simple)()}\n`;
    }
    if (r < 0.45) return `${p}def ${this.name()}(${this.params(0)}):\n${body()}`;
    if (r < 0.6) return `${p}for ${this.name()} in ${this.expr(0)}:\n${body()}`;
    if (r < 0.68) {
      const head = this.withWhile ? `while ${this.expr(0)}` : `for _w in ${this.expr(0)}`;
      return `${p}${head}:\n${body()}`;
    }
    if (r < 0.8) {
      const elseBody = this.rnd.chance(0.5) ? `${p}else:\n${body()}` : "";
      return `${p}if ${this.expr(0)}:\n${body()}${elseBody}`;
    }
    if (r < 0.88) return `${p}load("m", "${this.name()}", ${this.name()}="${this.name()}")\n`;
    return `${p}${this.name()} = ${this.expr(0)}\n`;
  }
}
