/**
 * Step 3 of the phases (docs/apex-runtime.md): each body — method, constructor, property accessor,
 * anonymous block — is lowered to closures once, on its first run, and cached on its MethodInfo/FieldInfo
 * for the link generation it was lowered in (a redeploy re-links classes and so re-lowers). Locals live in
 * the frame's slots; parameters take the first ones.
 */
import {
  ExpressionStatementContext,
  FieldDeclarationContext,
  MethodCallExpressionContext,
  type BlockContext,
  type StatementContext
} from '@apexdevtools/apex-parser';
import { linkGeneration, type ClassInfo, type FieldInfo, type MethodInfo } from '../class-table.js';
import type { Frame, Interpreter } from '../interpreter.js';
import { toTypeRef } from '../loader.js';
import { NORMAL } from '../statements.js';
import type { Value } from '../values.js';
import { LowerContext, coercerFor, type Ex } from './context.js';
import { argsOf, lowerArgs, lowerExpression } from './expressions.js';
import { lowerBlock, lowerStatement } from './statements.js';

export interface LoweredBody {
  readonly generation: number;
  readonly nslots: number;
  /** The conversion of each parameter to its declared type. */
  readonly params: readonly ((v: Value) => Value)[];
  readonly run: Ex;
  /** The conversion of the return value (null for void). */
  readonly ret: ((v: Value) => Value) | null;
}

export interface LoweredConstructor extends LoweredBody {
  /** A leading `this(...)` or `super(...)`: which, and its arguments (evaluated in the constructor's frame). */
  readonly explicit: {
    readonly kind: 'this' | 'super';
    readonly args: (it: Interpreter, f: Frame) => Value[];
    readonly ctx: MethodCallExpressionContext;
  } | null;
}

const LOWERED = Symbol('lowered');
const LOWERED_GET = Symbol('lowered get');
const LOWERED_SET = Symbol('lowered set');

type Cache<K extends symbol, T> = { [k in K]?: T };

function fresh<T extends { generation: number }>(b: T | undefined): T | undefined {
  return b && b.generation === linkGeneration() ? b : undefined;
}

function explicitCall(
  first: StatementContext | undefined
): { kind: 'this' | 'super'; e: MethodCallExpressionContext } | null {
  const es = first?.getChild(0);
  if (!(es instanceof ExpressionStatementContext)) return null;
  const e = es.expression();
  if (!(e instanceof MethodCallExpressionContext)) return null;
  const mc = e.methodCall();
  return mc.THIS() ? { kind: 'this', e } : mc.SUPER() ? { kind: 'super', e } : null;
}

/** The lowered body of a method or constructor with a body. */
export function loweredMethod(it: Interpreter, m: MethodInfo): LoweredConstructor {
  const cache = m as Cache<typeof LOWERED, LoweredConstructor>;
  const hit = fresh(cache[LOWERED]);
  if (hit) return hit;
  const generation = linkGeneration();
  const body = m.body as BlockContext;
  const lc = new LowerContext(it, m.owner, m.isStatic, null);
  const params = m.params.map((p) => lc.declare(p.name, p.type).coerce);
  const call = m.isConstructor ? explicitCall(body.statement_list()[0]) : null;
  const explicit = call
    ? { kind: call.kind, args: argsOf(lowerArgs(lc, call.e.methodCall().expressionList())), ctx: call.e }
    : null;
  const run = lowerBlock(lc, body, false, call ? 1 : 0);
  const lowered: LoweredConstructor = {
    generation,
    nslots: lc.nslots,
    params,
    run,
    ret: m.returnType ? coercerFor(m.returnType) : null,
    explicit
  };
  cache[LOWERED] = lowered;
  return lowered;
}

/** The lowered get or set block of a property (the setter's `value` is slot 0). */
export function loweredAccessor(it: Interpreter, f: FieldInfo, block: BlockContext, isGet: boolean): LoweredBody {
  const key = isGet ? LOWERED_GET : LOWERED_SET;
  const cache = f as Cache<typeof LOWERED_GET | typeof LOWERED_SET, LoweredBody>;
  const hit = fresh(cache[key]);
  if (hit) return hit;
  const generation = linkGeneration();
  const lc = new LowerContext(it, f.owner, f.isStatic, f);
  const params = isGet ? [] : [lc.declare('value', f.type).coerce];
  const run = lowerBlock(lc, block, false);
  const lowered: LoweredBody = { generation, nslots: lc.nslots, params, run, ret: isGet ? coercerFor(f.type) : null };
  cache[key] = lowered;
  return lowered;
}

/** Fresh slots for a lowered body, its parameters converted and in place. */
export function slotsFor(b: LoweredBody, args: readonly Value[]): Value[] {
  const slots = new Array<Value>(b.nslots).fill(null);
  for (let i = 0; i < b.params.length; i++) slots[i] = b.params[i](args[i]);
  return slots;
}

/**
 * An anonymous block's top level: statements, and declarations that parse as fields but are locals, in
 * source order. Returns the number of slots and the runner (which stops at a return).
 */
export function lowerAnonymous(
  it: Interpreter,
  anon: ClassInfo,
  members: readonly (StatementContext | FieldDeclarationContext)[]
): { nslots: number; run: (it: Interpreter, f: Frame) => void } {
  const lc = new LowerContext(it, anon, true, null);
  const steps: Ex[] = members.map((s) => {
    if (!(s instanceof FieldDeclarationContext)) return lowerStatement(lc, s);
    const line = s.start.line;
    const column = s.start.column + 1;
    const type = toTypeRef(s.typeRef());
    const parts = s
      .variableDeclarators()
      .variableDeclarator_list()
      .map((d) => {
        const init = d.expression();
        const ev = init ? lowerExpression(lc, init) : null;
        return { ev, local: lc.declare(d.id().getText(), type) };
      });
    return (it2, f) => {
      f.line = line;
      f.column = column;
      for (const { ev, local } of parts) f.slots[local.slot] = local.coerce(ev ? ev(it2, f) : null);
      return NORMAL;
    };
  });
  return {
    nslots: lc.nslots,
    run: (it2, f) => {
      for (const step of steps) if (step(it2, f) !== NORMAL) break;
    }
  };
}
