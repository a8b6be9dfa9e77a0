/**
 * What lowering knows while it compiles one body (a method, constructor, accessor or anonymous block):
 * the class, whether `this` exists, the property whose accessor it is, and the block scopes of its locals,
 * each local given a slot of the frame once, at compile time.
 */
import type { ClassInfo, FieldInfo } from '../class-table.js';
import type { Frame, Interpreter, SlotBinding } from '../interpreter.js';
import type { Completion } from '../statements.js';
import { coerce, stripSystem } from '../types.js';
import type { TypeRef, Value } from '../values.js';

/** A lowered expression. */
export type Ev = (it: Interpreter, f: Frame) => Value;
/** A lowered statement: its completion (NORMAL, BREAK, CONTINUE, RETURN). */
export type Ex = (it: Interpreter, f: Frame) => Completion;
/** A lowered assignment target: stores the value, returns what the assignment expression yields. */
export type Wr = (it: Interpreter, f: Frame, v: Value) => Value;

/** A local of the body: its slot, declared type and the conversion an assignment applies. */
export interface Local extends SlotBinding {
  readonly coerce: (v: Value) => Value;
}

const identity = (v: Value): Value => v;

/** The conversion `coerce(v, t)` applies, specialised once per type (identity where coerce changes nothing). */
export function coercerFor(t: TypeRef): (v: Value) => Value {
  switch (stripSystem(t.name).toLowerCase()) {
    case 'integer':
      return (v) => (typeof v === 'number' || v === null ? v : coerce(v, t));
    case 'string':
      return (v) => (typeof v === 'string' || v === null ? v : coerce(v, t));
    case 'boolean':
      return (v) => (typeof v === 'boolean' || v === null ? v : coerce(v, t));
    case 'list':
    case 'set':
    case 'map':
    case 'object':
      return identity;
    default:
      return (v) => (v === null ? null : coerce(v, t));
  }
}

export class LowerContext {
  /** Slots used so far (parameters first). */
  nslots = 0;
  private readonly scopes: Map<string, Local>[] = [new Map()];
  private snapshot: ReadonlyMap<string, Local> | null = null;

  constructor(
    readonly it: Interpreter,
    readonly cls: ClassInfo,
    /** True when the body runs without `this` (static methods, anonymous blocks, static initialisers). */
    readonly isStatic: boolean,
    /** The property whose get/set block this is: its name reads and writes the backing storage. */
    readonly accessorOf: FieldInfo | null
  ) {}

  get file(): string {
    return this.cls.file;
  }

  push(): void {
    this.scopes.push(new Map());
    this.snapshot = null;
  }

  pop(): void {
    this.scopes.pop();
    this.snapshot = null;
  }

  lookup(lowerName: string): Local | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(lowerName);
      if (b) return b;
    }
    return undefined;
  }

  declare(name: string, type: TypeRef): Local {
    const b: Local = { slot: this.nslots++, type, coerce: coercerFor(type) };
    this.scopes[this.scopes.length - 1].set(name.toLowerCase(), b);
    this.snapshot = null;
    return b;
  }

  /** The locals visible here, by lower-case name (what a fallback node or a by-name lookup may see). */
  visible(): ReadonlyMap<string, Local> {
    if (!this.snapshot) {
      const m = new Map<string, Local>();
      for (const s of this.scopes) for (const [k, v] of s) m.set(k, v);
      this.snapshot = m;
    }
    return this.snapshot;
  }
}
