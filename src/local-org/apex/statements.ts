/** Statement execution. Each returns a completion: NORMAL, BREAK, CONTINUE or RETURN. */
import {
  BlockContext,
  DeleteStatementContext,
  DoWhileStatementContext,
  ExpressionStatementContext,
  ForStatementContext,
  IfStatementContext,
  InsertStatementContext,
  LocalVariableDeclarationStatementContext,
  MergeStatementContext,
  PrimaryExpressionContext,
  ReturnStatementContext,
  RunAsStatementContext,
  SoqlPrimaryContext,
  StatementContext,
  SwitchStatementContext,
  ThrowStatementContext,
  TryStatementContext,
  UndeleteStatementContext,
  UpdateStatementContext,
  UpsertStatementContext,
  WhileStatementContext,
  BreakStatementContext,
  ContinueStatementContext,
  type LocalVariableDeclarationContext
} from '@apexdevtools/apex-parser';
import type { Initializer } from './class-table.js';
import { isExceptionClass } from './class-table.js';
import { ApexThrow } from './errors.js';
import { evaluate, truthy } from './expressions.js';
import { CPU_CHECK_MASK, type Interpreter } from './interpreter.js';
import { execDml } from './library/dml.js';
import { execMerge } from './library/merge.js';
import { runSoql } from './library/soql.js';
import { toTypeRef } from './loader.js';
import { callUserMethod } from './calls.js';
import { memo } from './node-cache.js';
import { runtimeProbes } from './probe.js';
import { execSwitch } from './switch.js';
import { coerce, instanceOf } from './types.js';
import { ApexList, ApexMap, ApexObject, ApexSet, typeRef, type Value } from './values.js';

export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export type Completion = 0 | 1 | 2 | 3;

export function execBlock(it: Interpreter, block: BlockContext, newScope = true, skip = 0): Completion {
  const stmts = memo(block, () => block.statement_list());
  const scopes = it.frame.scopes;
  if (newScope) scopes.push(new Map());
  try {
    for (let i = skip; i < stmts.length; i++) {
      const c = execStatement(it, stmts[i]);
      if (c !== NORMAL) return c;
    }
    return NORMAL;
  } finally {
    if (newScope) scopes.pop();
  }
}

export function execInitializers(it: Interpreter, inits: readonly Initializer[], store: Map<string, Value>): void {
  for (const init of inits) {
    if (init.kind === 'block') {
      execBlock(it, init.block);
      continue;
    }
    const f = init.field;
    it.frame.line = f.line;
    it.frame.column = f.column;
    store.set(f.name.toLowerCase(), f.init ? coerce(evaluate(it, f.init), f.type) : null);
  }
}

function declareLocals(it: Interpreter, decl: LocalVariableDeclarationContext): void {
  const type = toTypeRef(decl.typeRef());
  for (const d of decl.variableDeclarators().variableDeclarator_list()) {
    const init = d.expression();
    it.declareLocal(d.id().getText(), type, init ? evaluate(it, init) : null);
  }
}

export function execStatement(it: Interpreter, stmt: StatementContext): Completion {
  const s = stmt.getChild(0);
  const frame = it.frame;
  if ((++it.statementCount & CPU_CHECK_MASK) === 0) it.checkCpu();
  frame.line = stmt.start.line;
  frame.column = stmt.start.column + 1;
  runtimeProbes.statement?.(frame.cls.file, frame.line);
  if (s instanceof ExpressionStatementContext) {
    evaluate(
      it,
      memo(s, () => s.expression())
    );
    return NORMAL;
  }
  if (s instanceof LocalVariableDeclarationStatementContext) {
    declareLocals(it, s.localVariableDeclaration());
    return NORMAL;
  }
  if (s instanceof IfStatementContext) {
    const branches = s.statement_list();
    if (truthy(it, evaluate(it, s.parExpression().expression()), s)) return execScoped(it, branches[0]);
    return branches[1] ? execScoped(it, branches[1]) : NORMAL;
  }
  if (s instanceof BlockContext) return execBlock(it, s);
  if (s instanceof ReturnStatementContext) {
    const e = memo(s, () => s.expression());
    frame.returnValue = e ? evaluate(it, e) : null;
    return RETURN;
  }
  if (s instanceof ForStatementContext) return execFor(it, s);
  if (s instanceof WhileStatementContext) {
    while (truthy(it, evaluate(it, s.parExpression().expression()), s)) {
      const body = s.statement();
      if (!body) continue;
      const c = execScoped(it, body);
      if (c === BREAK) break;
      if (c === RETURN) return c;
    }
    return NORMAL;
  }
  if (s instanceof DoWhileStatementContext) {
    do {
      const c = execBlock(it, s.block());
      if (c === BREAK) break;
      if (c === RETURN) return c;
    } while (truthy(it, evaluate(it, s.parExpression().expression()), s));
    return NORMAL;
  }
  if (s instanceof BreakStatementContext) return BREAK;
  if (s instanceof ContinueStatementContext) return CONTINUE;
  if (s instanceof ThrowStatementContext) {
    const v = evaluate(it, s.expression());
    if (v === null) it.npe();
    if (!(v instanceof ApexObject) || !isExceptionClass(v.cls)) it.unsupported('throwing a non-exception value', s);
    throw new ApexThrow(v);
  }
  if (s instanceof TryStatementContext) return execTry(it, s);
  if (s instanceof SwitchStatementContext) return execSwitch(it, s);
  if (
    s instanceof InsertStatementContext ||
    s instanceof UpdateStatementContext ||
    s instanceof DeleteStatementContext ||
    s instanceof UpsertStatementContext ||
    s instanceof UndeleteStatementContext
  ) {
    execDml(it, s);
    return NORMAL;
  }
  if (s instanceof MergeStatementContext) {
    if (s.accessLevel()) it.unsupported('merge with an access level (as user / as system)', s);
    execMerge(it, evaluate(it, s.expression(0)), evaluate(it, s.expression(1)), s);
    return NORMAL;
  }
  if (s instanceof RunAsStatementContext) {
    if (!runtimeProbes.runAs) it.unsupported('System.runAs', s);
    const args =
      s
        .expressionList()
        ?.expression_list()
        .map((e) => evaluate(it, e)) ?? [];
    return runtimeProbes.runAs(it, args, () => execBlock(it, s.block()));
  }
  return it.unsupported(`statement ${stmt.getText().slice(0, 40)}`, stmt);
}

/** A nested statement that is not a block still gets its own scope (a declaration in it is local to it). */
function execScoped(it: Interpreter, stmt: StatementContext): Completion {
  const scopes = it.frame.scopes;
  scopes.push(new Map());
  try {
    return execStatement(it, stmt);
  } finally {
    scopes.pop();
  }
}

function execFor(it: Interpreter, s: ForStatementContext): Completion {
  const control = s.forControl();
  const body = s.statement();
  const scopes = it.frame.scopes;
  scopes.push(new Map());
  try {
    const enhanced = control.enhancedForControl();
    if (enhanced) {
      const type = toTypeRef(enhanced.typeRef());
      const name = enhanced.id().getText().toLowerCase();
      const source = enhanced.expression();
      const isSoql = source instanceof PrimaryExpressionContext && source.primary() instanceof SoqlPrimaryContext;
      let items: Value[];
      let iterated: ApexList | ApexSet | null = null;
      if (isSoql && type.name.toLowerCase() === 'list') {
        const rows = runSoql(it, (source as PrimaryExpressionContext).primary() as SoqlPrimaryContext);
        if (!(rows instanceof ApexList)) return it.unsupported('a for loop over SELECT COUNT()', s);
        items = [];
        for (let i = 0; i < rows.items.length; i += 200)
          items.push(new ApexList(rows.elemType, rows.items.slice(i, i + 200)));
      } else {
        const coll = evaluate(it, source);
        if (coll === null) it.npe();
        if (coll instanceof ApexList) items = coll.items.slice();
        else if (coll instanceof ApexSet) items = [...coll.items.values()];
        else if (coll instanceof ApexMap)
          return it.unsupported('iterating a Map directly (use keySet() or values())', s);
        else if (coll instanceof ApexObject) items = iterate(it, coll, s);
        else return it.unsupported('for-each over a value that is not a List or Set', s);
        if (coll instanceof ApexList || coll instanceof ApexSet) iterated = coll;
      }
      const vars = scopes[scopes.length - 1];
      if (iterated) it.iterating.set(iterated, (it.iterating.get(iterated) ?? 0) + 1);
      try {
        for (const item of items) {
          vars.set(name, { type, value: coerce(item, type) });
          if (!body) continue;
          const c = execScoped(it, body);
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
    const init = control.forInit();
    if (init) {
      const decl = init.localVariableDeclaration();
      if (decl) declareLocals(it, decl);
      else for (const e of init.expressionList().expression_list()) evaluate(it, e);
    }
    const cond = control.expression();
    const update = control.forUpdate()?.expressionList().expression_list() ?? [];
    while (!cond || truthy(it, evaluate(it, cond), s)) {
      if (body) {
        const c = execScoped(it, body);
        if (c === BREAK) break;
        if (c === RETURN) return c;
      }
      for (const u of update) evaluate(it, u);
    }
    return NORMAL;
  } finally {
    scopes.pop();
  }
}

function execTry(it: Interpreter, s: TryStatementContext): Completion {
  const finallyBlock = s.finallyBlock()?.block();
  let completion: Completion = NORMAL;
  const depth = it.frames.length;
  const scopeDepth = it.frame.scopes.length;
  try {
    completion = execBlock(it, s.block());
  } catch (err) {
    if (!(err instanceof ApexThrow)) throw err;
    // unwind frames and scopes left behind by the throw
    it.frames.length = depth;
    it.frame.scopes.length = scopeDepth;
    // LimitException and AssertException cannot be caught (Apex Developer Guide, System.assert).
    if (err.exception.cls.name === 'System.LimitException' || err.exception.cls.name === 'System.AssertException')
      throw err;
    const clause = s
      .catchClause_list()
      .find((c) => instanceOf(err.exception, typeRef(c.qualifiedName().getText()), it.frame.cls, it));
    if (!clause) throw err;
    const scopes = it.frame.scopes;
    scopes.push(
      new Map([
        [
          clause.id().getText().toLowerCase(),
          { type: typeRef(clause.qualifiedName().getText()), value: err.exception as Value }
        ]
      ])
    );
    try {
      completion = execBlock(it, clause.block());
    } finally {
      scopes.pop();
    }
  } finally {
    if (finallyBlock) {
      const c = execBlock(it, finallyBlock);
      if (c !== NORMAL) completion = c;
    }
  }
  return completion;
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
