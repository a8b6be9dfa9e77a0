/**
 * Lowers statements to closures `(it, frame) => completion`. Each statement keeps the tree walker's
 * bookkeeping, with its position fixed at lowering: the statement count (and the CPU check every 1,024),
 * the frame's line and column, and the coverage probe.
 */
import {
  BlockContext,
  BreakStatementContext,
  ContinueStatementContext,
  DoWhileStatementContext,
  ExpressionStatementContext,
  ForStatementContext,
  IfStatementContext,
  LocalVariableDeclarationStatementContext,
  PrimaryExpressionContext,
  ReturnStatementContext,
  SoqlPrimaryContext,
  ThrowStatementContext,
  TryStatementContext,
  WhileStatementContext,
  type LocalVariableDeclarationContext,
  type StatementContext
} from '@apexdevtools/apex-parser';
import { callUserMethod } from '../calls.js';
import { isExceptionClass } from '../class-table.js';
import { ApexThrow } from '../errors.js';
import { CPU_CHECK_MASK, type Frame, type Interpreter } from '../interpreter.js';
import { toTypeRef } from '../loader.js';
import { runtimeProbes } from '../probe.js';
import { BREAK, CONTINUE, NORMAL, RETURN, type Completion } from '../statements.js';
import { instanceOf } from '../types.js';
import { ApexList, ApexMap, ApexObject, ApexSet, typeRef, type Value } from '../values.js';
import type { Ex, LowerContext } from './context.js';
import { condition, lowerExpression } from './expressions.js';
import { fallbackStatement } from './fallback.js';

/** A block's statements from `skip` on, in a scope of their own unless `newScope` is false. */
export function lowerBlock(lc: LowerContext, block: BlockContext, newScope = true, skip = 0): Ex {
  if (newScope) lc.push();
  const xs = block
    .statement_list()
    .slice(skip)
    .map((s) => lowerStatement(lc, s));
  if (newScope) lc.pop();
  return sequence(xs);
}

function sequence(xs: readonly Ex[]): Ex {
  if (xs.length === 0) return () => NORMAL;
  if (xs.length === 1) return xs[0];
  if (xs.length === 2) {
    const [a, b] = xs;
    return (it, f) => {
      const c = a(it, f);
      return c !== NORMAL ? c : b(it, f);
    };
  }
  return (it, f) => {
    for (let i = 0; i < xs.length; i++) {
      const c = xs[i](it, f);
      if (c !== NORMAL) return c;
    }
    return NORMAL;
  };
}

/** Where a statement is: the bookkeeping every statement does on entry uses it. */
interface At {
  readonly line: number;
  readonly column: number;
  readonly file: string;
}

/**
 * A statement's entry bookkeeping, as the tree walker's execStatement does it: count it (checking the CPU
 * time now and then), set the frame's line and column, probe coverage.
 */
function enter(it: Interpreter, f: Frame, at: At): void {
  if ((++it.statementCount & CPU_CHECK_MASK) === 0) it.checkCpu();
  f.line = at.line;
  f.column = at.column;
  const probe = runtimeProbes.statement;
  if (probe !== null) probe(at.file, at.line);
}

/** A nested statement that is not a block still gets its own scope. */
function scoped(lc: LowerContext, stmt: StatementContext): Ex {
  lc.push();
  const x = lowerStatement(lc, stmt);
  lc.pop();
  return x;
}

/** Local declarations: each initialiser runs before its variable exists (it may read a field of that name). */
export function lowerDeclaration(lc: LowerContext, decl: LocalVariableDeclarationContext): Ex {
  const type = toTypeRef(decl.typeRef());
  const parts = decl
    .variableDeclarators()
    .variableDeclarator_list()
    .map((d) => {
      const init = d.expression();
      const ev = init ? lowerExpression(lc, init) : null;
      const local = lc.declare(d.id().getText(), type);
      return { ev, slot: local.slot, co: local.coerce };
    });
  if (parts.length === 1) {
    const { ev, slot, co } = parts[0];
    if (!ev)
      return (_it, f) => {
        f.slots[slot] = null;
        return NORMAL;
      };
    return (it, f) => {
      f.slots[slot] = co(ev(it, f));
      return NORMAL;
    };
  }
  return (it, f) => {
    for (const p of parts) f.slots[p.slot] = p.ev ? p.co(p.ev(it, f)) : null;
    return NORMAL;
  };
}

export function lowerStatement(lc: LowerContext, stmt: StatementContext): Ex {
  const s = stmt.getChild(0);
  const at: At = { line: stmt.start.line, column: stmt.start.column + 1, file: lc.file };
  // The forms run most often carry the entry bookkeeping themselves (one closure call per statement).
  if (s instanceof ExpressionStatementContext) {
    const ev = lowerExpression(lc, s.expression());
    return (it, f) => {
      enter(it, f, at);
      ev(it, f);
      return NORMAL;
    };
  }
  if (s instanceof IfStatementContext) {
    const test = condition(lowerExpression(lc, s.parExpression().expression()), s);
    const [yes, no] = s.statement_list().map((b) => scoped(lc, b));
    if (!no)
      return (it, f) => {
        enter(it, f, at);
        return test(it, f) ? yes(it, f) : NORMAL;
      };
    return (it, f) => {
      enter(it, f, at);
      return test(it, f) ? yes(it, f) : no(it, f);
    };
  }
  if (s instanceof BlockContext) {
    const block = lowerBlock(lc, s);
    return (it, f) => {
      enter(it, f, at);
      return block(it, f);
    };
  }
  const body = lowerKind(lc, s);
  if (!body) return fallbackStatement(lc, stmt);
  return (it, f) => {
    enter(it, f, at);
    return body(it, f);
  };
}

function lowerKind(lc: LowerContext, s: unknown): Ex | null {
  if (s instanceof LocalVariableDeclarationStatementContext) return lowerDeclaration(lc, s.localVariableDeclaration());
  if (s instanceof ReturnStatementContext) {
    const e = s.expression();
    if (!e)
      return (_it, f) => {
        f.returnValue = null;
        return RETURN;
      };
    const ev = lowerExpression(lc, e);
    return (it, f) => {
      f.returnValue = ev(it, f);
      return RETURN;
    };
  }
  if (s instanceof ForStatementContext) return lowerFor(lc, s);
  if (s instanceof WhileStatementContext) {
    const test = condition(lowerExpression(lc, s.parExpression().expression()), s);
    const st = s.statement();
    const body = st ? scoped(lc, st) : null;
    return (it, f) => {
      while (test(it, f)) {
        if (!body) continue;
        const c = body(it, f);
        if (c === BREAK) break;
        if (c === RETURN) return c;
      }
      return NORMAL;
    };
  }
  if (s instanceof DoWhileStatementContext) {
    const body = lowerBlock(lc, s.block());
    const test = condition(lowerExpression(lc, s.parExpression().expression()), s);
    return (it, f) => {
      do {
        const c = body(it, f);
        if (c === BREAK) break;
        if (c === RETURN) return c;
      } while (test(it, f));
      return NORMAL;
    };
  }
  if (s instanceof BreakStatementContext) return () => BREAK;
  if (s instanceof ContinueStatementContext) return () => CONTINUE;
  if (s instanceof ThrowStatementContext) {
    const ev = lowerExpression(lc, s.expression());
    return (it: Interpreter, f) => {
      const v = ev(it, f);
      if (v === null) it.npe();
      if (!(v instanceof ApexObject) || !isExceptionClass(v.cls)) it.unsupported('throwing a non-exception value', s);
      throw new ApexThrow(v);
    };
  }
  if (s instanceof TryStatementContext) return lowerTry(lc, s);
  return null; // switch, DML, merge, runAs: the tree walker
}

function lowerFor(lc: LowerContext, s: ForStatementContext): Ex | null {
  const control = s.forControl();
  const enhanced = control.enhancedForControl();
  if (enhanced) {
    const source = enhanced.expression();
    if (source instanceof PrimaryExpressionContext && source.primary() instanceof SoqlPrimaryContext) return null;
    lc.push();
    const coll = lowerExpression(lc, source);
    const v = lc.declare(enhanced.id().getText(), toTypeRef(enhanced.typeRef()));
    const st = s.statement();
    const body = st ? scoped(lc, st) : null;
    lc.pop();
    return (it, f) => forEach(it, f, coll(it, f), v.slot, v.coerce, body, s);
  }
  lc.push();
  const init = control.forInit();
  let first: Ex | null = null;
  if (init) {
    const decl = init.localVariableDeclaration();
    if (decl) first = lowerDeclaration(lc, decl);
    else {
      const evs = init
        .expressionList()
        .expression_list()
        .map((e) => lowerExpression(lc, e));
      first = (it, f) => {
        for (const e of evs) e(it, f);
        return NORMAL;
      };
    }
  }
  const c = control.expression();
  const test = c ? condition(lowerExpression(lc, c), s) : null;
  const updates = (control.forUpdate()?.expressionList().expression_list() ?? []).map((e) => lowerExpression(lc, e));
  const st = s.statement();
  const body = st ? scoped(lc, st) : null;
  lc.pop();
  const update: ((it: Interpreter, f: Frame) => void) | null =
    updates.length === 0
      ? null
      : updates.length === 1
        ? updates[0]
        : (it, f) => {
            for (const u of updates) u(it, f);
          };
  return (it, f) => {
    if (first) first(it, f);
    while (!test || test(it, f)) {
      if (body) {
        const r = body(it, f);
        if (r === BREAK) break;
        if (r === RETURN) return r;
      }
      if (update) update(it, f);
    }
    return NORMAL;
  };
}

function forEach(
  it: Interpreter,
  f: Frame,
  coll: Value,
  slot: number,
  co: (v: Value) => Value,
  body: Ex | null,
  s: ForStatementContext
): Completion {
  if (coll === null) it.npe();
  let items: Value[];
  let iterated: ApexList | ApexSet | null = null;
  if (coll instanceof ApexList) items = coll.items.slice();
  else if (coll instanceof ApexSet) items = [...coll.items.values()];
  else if (coll instanceof ApexMap) return it.unsupported('iterating a Map directly (use keySet() or values())', s);
  else if (coll instanceof ApexObject) items = iterate(it, coll, s);
  else return it.unsupported('for-each over a value that is not a List or Set', s);
  if (coll instanceof ApexList || coll instanceof ApexSet) iterated = coll;
  if (iterated) it.iterating.set(iterated, (it.iterating.get(iterated) ?? 0) + 1);
  try {
    for (const item of items) {
      f.slots[slot] = co(item);
      if (!body) continue;
      const c = body(it, f);
      if (c === BREAK) break;
      if (c === RETURN) return c;
    }
  } finally {
    if (iterated) {
      const n = (it.iterating.get(iterated) ?? 1) - 1;
      if (n) it.iterating.set(iterated, n);
      else it.iterating.delete(iterated);
    }
  }
  return NORMAL;
}

/** A user object that implements Iterable: drain iterator() with hasNext()/next(). */
function iterate(it: Interpreter, o: ApexObject, s: ForStatementContext): Value[] {
  const r = callUserMethod(it, o, 'iterator', []);
  if (!r.found) return it.unsupported(`for-each over ${o.cls.name}, which is neither a List, a Set nor an Iterable`, s);
  const iter = r.value;
  if (!(iter instanceof ApexObject)) return it.unsupported('an iterator that is not an Apex object', s);
  const out: Value[] = [];
  while (callUserMethod(it, iter, 'hasnext', []).value === true) {
    out.push(callUserMethod(it, iter, 'next', []).value);
    if ((out.length & 1023) === 0) it.checkCpu();
  }
  return out;
}

function lowerTry(lc: LowerContext, s: TryStatementContext): Ex {
  const body = lowerBlock(lc, s.block());
  const clauses = s.catchClause_list().map((c) => {
    const type = typeRef(c.qualifiedName().getText());
    lc.push();
    const v = lc.declare(c.id().getText(), type);
    const block = lowerBlock(lc, c.block());
    lc.pop();
    return { type, slot: v.slot, block };
  });
  const fin = s.finallyBlock();
  const finallyBody = fin ? lowerBlock(lc, fin.block()) : null;
  return (it, f) => {
    let completion: Completion = NORMAL;
    const depth = it.frames.length;
    const scopeDepth = f.scopes.length;
    try {
      completion = body(it, f);
    } catch (err) {
      if (!(err instanceof ApexThrow)) throw err;
      // unwind frames and scopes left behind by the throw
      it.frames.length = depth;
      f.scopes.length = scopeDepth;
      // LimitException and AssertException cannot be caught (Apex Developer Guide, System.assert).
      const name = err.exception.cls.name;
      if (name === 'System.LimitException' || name === 'System.AssertException') throw err;
      const clause = clauses.find((c) => instanceOf(err.exception, c.type, f.cls, it));
      if (!clause) throw err;
      f.slots[clause.slot] = err.exception;
      completion = clause.block(it, f);
    } finally {
      if (finallyBody) {
        const c = finallyBody(it, f);
        if (c !== NORMAL) completion = c;
      }
    }
    return completion;
  };
}
