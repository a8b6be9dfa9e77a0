/**
 * Memoised parse-tree accessors. ANTLR's generated accessors scan a node's children on every call;
 * the interpreter reads the same nodes millions of times in a loop, so it caches what it needs on them.
 */
import type { ExpressionContext } from '@apexdevtools/apex-parser';

const EXPRS = Symbol('exprs');
const TEXT = Symbol('text');
const OP = Symbol('op');

interface Cached {
  [EXPRS]?: ExpressionContext[];
  [TEXT]?: string;
  [OP]?: string;
}

/** The expression children of a binary/ternary expression node. */
export function exprs(ctx: { expression_list(): ExpressionContext[] }): ExpressionContext[] {
  const c = ctx as unknown as Cached;
  return (c[EXPRS] ??= ctx.expression_list());
}

/** The source text of a node (identifiers, literals). */
export function textOf(node: { getText(): string }): string {
  const c = node as unknown as Cached;
  return (c[TEXT] ??= node.getText());
}

/** The text of a node's second child: the operator of a binary expression. */
export function opOf(ctx: { getChild(i: number): { getText(): string } }): string {
  const c = ctx as unknown as Cached;
  return (c[OP] ??= ctx.getChild(1).getText());
}

const MEMO = Symbol('memo');

/** Caches any per-node derived value (computed once, on first evaluation of the node). */
export function memo<T>(node: object, compute: () => T): T {
  const c = node as { [MEMO]?: T };
  if (c[MEMO] === undefined) c[MEMO] = compute();
  return c[MEMO] as T;
}
