/**
 * Lowers expressions to closures `(it, frame) => value`, once per body. One dispatch, at lowering time:
 * a table from parse-node class to its lowerer. A lowerer returns null for a form it leaves to the tree
 * walker (fallback.ts). Operators take the common case (Integer, String) inline and defer the rest to the
 * shared operator code, so results are the tree walker's.
 */
import {
  Arth1ExpressionContext,
  Arth2ExpressionContext,
  ArrayExpressionContext,
  AssignExpressionContext,
  BitAndExpressionContext,
  BitExpressionContext,
  BitNotExpressionContext,
  BitOrExpressionContext,
  CastExpressionContext,
  CmpExpressionContext,
  CoalExpressionContext,
  CondExpressionContext,
  DotExpressionContext,
  EqualityExpressionContext,
  InstanceOfExpressionContext,
  LiteralPrimaryContext,
  LogAndExpressionContext,
  LogOrExpressionContext,
  MethodCallExpressionContext,
  NegExpressionContext,
  PostOpExpressionContext,
  PreOpExpressionContext,
  PrimaryExpressionContext,
  SubExpressionContext,
  ThisPrimaryContext,
  IdPrimaryContext,
  type ExpressionContext,
  type ExpressionListContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import { ApexCompileError, ApexThrow, UnsupportedFeatureError } from '../errors.js';
import { COMPOUND, bitwise, castValue, compareValues, minus, negate, step, truthy } from '../expressions.js';
import type { Interpreter } from '../interpreter.js';
import { parseLiteral } from '../literals.js';
import { toTypeRef } from '../loader.js';
import { apexEquals, arithmetic, type ArithOp } from '../operators.js';
import { instanceOf } from '../types.js';
import type { Value } from '../values.js';
import type { Ev, LowerContext } from './context.js';
import { fallbackExpression } from './fallback.js';
import { lowerDot, lowerIdentifier, lowerMethodCall, lowerReader, lowerWriter } from './names.js';
import { castConverts } from '../sema/cast-facts.js';

type Lowerer = (lc: LowerContext, e: ExpressionContext) => Ev | null;
const table = new Map<unknown, Lowerer>();
function on<T extends ExpressionContext>(
  cls: new (...a: never[]) => T,
  l: (lc: LowerContext, e: T) => Ev | null
): void {
  table.set(cls, l as Lowerer);
}

/** The closure for an expression (the tree walker's, through fallback.ts, for forms not lowered). */
export function lowerExpression(lc: LowerContext, e: ExpressionContext): Ev {
  const l = table.get(e.constructor);
  let ev: Ev | null = null;
  if (l) {
    try {
      ev = l(lc, e);
    } catch (err) {
      // A problem found while lowering (an illegal literal, an unsupported form) is raised when the node
      // runs, as the tree walker raises it.
      if (!(err instanceof ApexCompileError || err instanceof UnsupportedFeatureError || err instanceof ApexThrow))
        throw err;
    }
  }
  return ev ?? fallbackExpression(lc, e);
}

export function lowerArgs(lc: LowerContext, list: ExpressionListContext | null | undefined): Ev[] {
  return list ? list.expression_list().map((x) => lowerExpression(lc, x)) : [];
}

/** Evaluates lowered arguments into a fresh array. */
export function argsOf(evs: readonly Ev[]): (it: Interpreter, f: Parameters<Ev>[1]) => Value[] {
  switch (evs.length) {
    case 0:
      return () => [];
    case 1: {
      const [a] = evs;
      return (it, f) => [a(it, f)];
    }
    case 2: {
      const [a, b] = evs;
      return (it, f) => [a(it, f), b(it, f)];
    }
    default:
      return (it, f) => {
        const out = new Array<Value>(evs.length);
        for (let i = 0; i < evs.length; i++) out[i] = evs[i](it, f);
        return out;
      };
  }
}

/** A Boolean condition (null is a NullPointerException). */
export function condition(ev: Ev, ctx: ParserRuleContext): (it: Interpreter, f: Parameters<Ev>[1]) => boolean {
  return (it, f) => {
    const v = ev(it, f);
    return v === true ? true : v === false ? false : truthy(it, v, ctx);
  };
}

function two(lc: LowerContext, e: { expression_list(): ExpressionContext[] }): [Ev, Ev] {
  const [a, b] = e.expression_list();
  return [lowerExpression(lc, a), lowerExpression(lc, b)];
}

on(PrimaryExpressionContext, (lc, e) => {
  const p = e.primary();
  if (p instanceof LiteralPrimaryContext) {
    const v = parseLiteral(lc.it, p.literal());
    return () => v;
  }
  if (p instanceof IdPrimaryContext) return lowerIdentifier(lc, p);
  if (p instanceof ThisPrimaryContext && !lc.isStatic) return (_it, f) => f.self;
  return null;
});
on(SubExpressionContext, (lc, e) => lowerExpression(lc, e.expression()));
on(DotExpressionContext, (lc, e) => lowerDot(lc, e));
on(MethodCallExpressionContext, (lc, e) => lowerMethodCall(lc, e.methodCall()));
on(ArrayExpressionContext, (lc, e) => lowerReader(lc, e));

function arith(op: ArithOp, a: Ev, b: Ev): Ev {
  switch (op) {
    case '+':
      return (it, f) => {
        const x = a(it, f);
        const y = b(it, f);
        if (typeof x === 'number' && typeof y === 'number') return (x + y) | 0;
        if (typeof x === 'string' && typeof y === 'string') return x + y;
        return arithmetic(it, '+', x, y);
      };
    case '-':
      return (it, f) => {
        const x = a(it, f);
        const y = b(it, f);
        return typeof x === 'number' && typeof y === 'number' ? (x - y) | 0 : arithmetic(it, '-', x, y);
      };
    case '*':
      return (it, f) => {
        const x = a(it, f);
        const y = b(it, f);
        return typeof x === 'number' && typeof y === 'number' ? Math.imul(x, y) : arithmetic(it, '*', x, y);
      };
    default:
      return (it, f) => arithmetic(it, '/', a(it, f), b(it, f));
  }
}

on(Arth1ExpressionContext, (lc, e) => arith(e.getChild(1).getText() === '*' ? '*' : '/', ...two(lc, e)));
on(Arth2ExpressionContext, (lc, e) => arith(e.getChild(1).getText() === '+' ? '+' : '-', ...two(lc, e)));

on(EqualityExpressionContext, (lc, e) => {
  const [a, b] = two(lc, e);
  switch (e.getChild(1).getText()) {
    case '===':
      return (it, f) => a(it, f) === b(it, f);
    case '!==':
      return (it, f) => a(it, f) !== b(it, f);
    case '==':
      return (it, f) => {
        const x = a(it, f);
        const y = b(it, f);
        return typeof x === 'number' && typeof y === 'number' ? x === y : apexEquals(it, x, y);
      };
    default:
      return (it, f) => {
        const x = a(it, f);
        const y = b(it, f);
        return typeof x === 'number' && typeof y === 'number' ? x !== y : !apexEquals(it, x, y);
      };
  }
});

on(CmpExpressionContext, (lc, e) => {
  const [a, b] = two(lc, e);
  const orEqual = e.getChildCount() === 4; // '>' '=' are two tokens
  const gt = e.getChild(1).getText() === '>';
  if (gt)
    return orEqual
      ? (it, f) => {
          const x = a(it, f);
          const y = b(it, f);
          return typeof x === 'number' && typeof y === 'number' ? x >= y : compareValues(it, x, y, true, true, e);
        }
      : (it, f) => {
          const x = a(it, f);
          const y = b(it, f);
          return typeof x === 'number' && typeof y === 'number' ? x > y : compareValues(it, x, y, true, false, e);
        };
  return orEqual
    ? (it, f) => {
        const x = a(it, f);
        const y = b(it, f);
        return typeof x === 'number' && typeof y === 'number' ? x <= y : compareValues(it, x, y, false, true, e);
      }
    : (it, f) => {
        const x = a(it, f);
        const y = b(it, f);
        return typeof x === 'number' && typeof y === 'number' ? x < y : compareValues(it, x, y, false, false, e);
      };
});

on(LogAndExpressionContext, (lc, e) => {
  const [a, b] = two(lc, e).map((x) => condition(x, e));
  return (it, f) => a(it, f) && b(it, f);
});
on(LogOrExpressionContext, (lc, e) => {
  const [a, b] = two(lc, e).map((x) => condition(x, e));
  return (it, f) => a(it, f) || b(it, f);
});
on(CondExpressionContext, (lc, e) => {
  const [c, a, b] = e.expression_list();
  const test = condition(lowerExpression(lc, c), e);
  const yes = lowerExpression(lc, a);
  const no = lowerExpression(lc, b);
  return (it, f) => (test(it, f) ? yes(it, f) : no(it, f));
});
on(CoalExpressionContext, (lc, e) => {
  const [a, b] = two(lc, e);
  return (it, f) => {
    const v = a(it, f);
    return v !== null ? v : b(it, f);
  };
});

on(InstanceOfExpressionContext, (lc, e) => {
  const t = toTypeRef(e.typeRef());
  const v = lowerExpression(lc, e.expression());
  return (it, f) => instanceOf(v(it, f), t, f.cls, it);
});
on(CastExpressionContext, (lc, e) => {
  const t = toTypeRef(e.typeRef());
  const v = lowerExpression(lc, e.expression());
  const converts = castConverts(e);
  return (it, f) => castValue(it, t, v(it, f), converts);
});
on(NegExpressionContext, (lc, e) => {
  const v = lowerExpression(lc, e.expression());
  const bang = !!e.BANG();
  return (it, f) => negate(it, v(it, f), bang, e);
});

on(PreOpExpressionContext, (lc, e) => {
  const target = e.expression();
  if (e.INC() || e.DEC()) {
    const read = lowerReader(lc, target);
    const write = lowerWriter(lc, target);
    if (!write) return null;
    const op = e.INC() ? '+' : '-';
    return (it, f) => {
      const old = read(it, f);
      const next = typeof old === 'number' ? (op === '+' ? (old + 1) | 0 : (old - 1) | 0) : step(it, old, op, e);
      write(it, f, next);
      return next;
    };
  }
  const v = lowerExpression(lc, target);
  if (e.ADD()) return v;
  return (it, f) => minus(it, v(it, f));
});

on(PostOpExpressionContext, (lc, e) => {
  const target = e.expression();
  const read = lowerReader(lc, target);
  const write = lowerWriter(lc, target);
  if (!write) return null;
  const op = e.INC() ? '+' : '-';
  return (it, f) => {
    const old = read(it, f);
    write(it, f, typeof old === 'number' ? (op === '+' ? (old + 1) | 0 : (old - 1) | 0) : step(it, old, op, e));
    return old;
  };
});

on(AssignExpressionContext, (lc, e) => {
  const [target, rhs] = e.expression_list();
  const op = e.getChild(1).getText();
  const value = lowerExpression(lc, rhs);
  const write = lowerWriter(lc, target);
  if (!write) return null;
  if (op === '=') return (it, f) => write(it, f, value(it, f));
  const read = lowerReader(lc, target);
  const a = COMPOUND[op];
  if (a === '+')
    return (it, f) => {
      const v = value(it, f);
      const cur = read(it, f);
      return write(
        it,
        f,
        typeof cur === 'number' && typeof v === 'number' ? (cur + v) | 0 : arithmetic(it, '+', cur, v)
      );
    };
  if (a)
    return (it, f) => {
      const v = value(it, f);
      return write(it, f, arithmetic(it, a, read(it, f), v));
    };
  const bop = op.slice(0, -1);
  return (it, f) => {
    const v = value(it, f);
    return write(it, f, bitwise(it, bop, read(it, f), v, e));
  };
});

function lowerBitwise(op: string) {
  return (lc: LowerContext, e: ExpressionContext & { expression_list(): ExpressionContext[] }): Ev => {
    const [a, b] = two(lc, e);
    return (it, f) => bitwise(it, op, a(it, f), b(it, f), e);
  };
}
on(BitAndExpressionContext, lowerBitwise('&'));
on(BitOrExpressionContext, lowerBitwise('|'));
on(BitNotExpressionContext, lowerBitwise('^'));
on(BitExpressionContext, (lc, e) => {
  const op = e.LT_list().length ? '<<' : e.GT_list().length === 3 ? '>>>' : '>>';
  return lowerBitwise(op)(lc, e);
});
