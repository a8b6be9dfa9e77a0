/**
 * Nodes the lowering leaves to the tree walker (SOQL, DML, switch, `new`, dotted type paths, …) run
 * through it, seeing the body's slot locals by name (Frame.names) and declaring their own in a scope of
 * their own. Everything else is a closure: no parse-tree inspection on the hot path.
 */
import type { ExpressionContext, StatementContext } from '@apexdevtools/apex-parser';
import { evaluate } from '../expressions.js';
import { execStatement } from '../statements.js';
import type { Ev, Ex, LowerContext } from './context.js';

export function fallbackExpression(lc: LowerContext, e: ExpressionContext): Ev {
  const names = lc.visible();
  return (it, f) => {
    const saved = f.names;
    f.names = names;
    try {
      return evaluate(it, e);
    } finally {
      f.names = saved;
    }
  };
}

/** A statement for the tree walker (it counts the statement, tracks its line and probes coverage itself). */
export function fallbackStatement(lc: LowerContext, s: StatementContext): Ex {
  const names = lc.visible();
  return (it, f) => {
    const saved = f.names;
    f.names = names;
    const scopes = f.scopes;
    const depth = scopes.length;
    scopes.push(new Map());
    try {
      return execStatement(it, s);
    } finally {
      scopes.length = depth;
      f.names = saved;
    }
  };
}
