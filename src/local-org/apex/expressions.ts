/** Expression evaluation: literals, operators, assignment, casts. Names and calls are in members.ts. */
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
  LogAndExpressionContext,
  LogOrExpressionContext,
  MethodCallExpressionContext,
  NegExpressionContext,
  NewExpressionContext,
  PostOpExpressionContext,
  PreOpExpressionContext,
  PrimaryExpressionContext,
  SubExpressionContext,
  type ExpressionContext,
  type ExpressionListContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import { evalCreator } from './creators.js';
import { exprs, memo, opOf } from './node-cache.js';
import { ApexDecimal } from './decimal.js';
import type { Interpreter } from './interpreter.js';
import { toTypeRef } from './loader.js';
import { assignTo, evalDot, evalMethodCall, evalPrimary, readTarget } from './members.js';
import { apexEquals, arithmetic, compareNumbers, isNumber, toJsNumber, wrapLong, type ArithOp } from './operators.js';
import { coerce, instanceOf, resolveType } from './types.js';
import { castConverts } from './sema/cast-facts.js';
import {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexTime,
  runtimeTypeName,
  typeToString,
  type TypeRef,
  type Value
} from './values.js';

type Handler = (it: Interpreter, ctx: ExpressionContext) => Value;
const handlers = new Map<unknown, Handler>();
function on<T extends ExpressionContext>(cls: new (...a: never[]) => T, h: (it: Interpreter, ctx: T) => Value): void {
  handlers.set(cls, h as Handler);
}

export function evaluate(it: Interpreter, ctx: ExpressionContext): Value {
  const h = handlers.get(ctx.constructor);
  if (!h) return it.unsupported(`expression ${ctx.getText().slice(0, 40)}`, ctx);
  return h(it, ctx);
}

export function evaluateArgs(it: Interpreter, list: ExpressionListContext | null | undefined): Value[] {
  if (!list) return [];
  const exprs = memo(list, () => list.expression_list());
  const out = new Array<Value>(exprs.length);
  for (let i = 0; i < exprs.length; i++) out[i] = evaluate(it, exprs[i]);
  return out;
}

/** A Boolean condition: null is a NullPointerException, as in Apex. */
export function truthy(it: Interpreter, v: Value, ctx: ParserRuleContext): boolean {
  if (v === null) it.npe();
  if (typeof v !== 'boolean') it.unsupported('a non-Boolean condition', ctx);
  return v;
}

on(PrimaryExpressionContext, (it, ctx) =>
  evalPrimary(
    it,
    memo(ctx, () => ctx.primary())
  )
);
on(SubExpressionContext, (it, ctx) => evaluate(it, ctx.expression()));
on(DotExpressionContext, (it, ctx) => evalDot(it, ctx));
on(MethodCallExpressionContext, (it, ctx) => evalMethodCall(it, ctx.methodCall()));
on(NewExpressionContext, (it, ctx) => evalCreator(it, ctx.creator()));
on(ArrayExpressionContext, (it, ctx) => readTarget(it, ctx));

on(Arth1ExpressionContext, (it, ctx) =>
  arithmetic(it, opOf(ctx) === '*' ? '*' : '/', evaluate(it, exprs(ctx)[0]), evaluate(it, exprs(ctx)[1]))
);
on(Arth2ExpressionContext, (it, ctx) =>
  arithmetic(it, opOf(ctx) === '+' ? '+' : '-', evaluate(it, exprs(ctx)[0]), evaluate(it, exprs(ctx)[1]))
);

on(EqualityExpressionContext, (it, ctx) => {
  const a = evaluate(it, exprs(ctx)[0]);
  const b = evaluate(it, exprs(ctx)[1]);
  const op = opOf(ctx);
  if (op === '===') return a === b;
  if (op === '!==') return a !== b;
  const eq = apexEquals(it, a, b);
  return op === '==' ? eq : !eq;
});

on(CmpExpressionContext, (it, ctx) =>
  compareValues(
    it,
    evaluate(it, exprs(ctx)[0]),
    evaluate(it, exprs(ctx)[1]),
    opOf(ctx) === '>',
    ctx.getChildCount() === 4, // '>' '=' are two tokens
    ctx
  )
);

/** `<`, `>`, `<=`, `>=` (`gt` for the greater-than forms). */
export function compareValues(
  it: Interpreter,
  a: Value,
  b: Value,
  gt: boolean,
  orEqual: boolean,
  ctx: ParserRuleContext
): boolean {
  if (a === null || b === null) {
    // A non-null String is greater than null; numbers compared with null are false.
    if (typeof a === 'string' || typeof b === 'string') {
      const c = a === b ? 0 : a === null ? -1 : 1;
      return gt ? (orEqual ? c >= 0 : c > 0) : orEqual ? c <= 0 : c < 0;
    }
    return false;
  }
  let c: number;
  if (isNumber(a) && isNumber(b)) c = compareNumbers(a, b);
  else if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    c = x < y ? -1 : x > y ? 1 : 0;
  } else if (a instanceof ApexDate && b instanceof ApexDate) c = a.days - b.days;
  else if (
    (a instanceof ApexDatetime && b instanceof ApexDatetime) ||
    (a instanceof ApexTime && b instanceof ApexTime)
  ) {
    c = a.ms - b.ms;
  } else return it.unsupported(`comparing ${runtimeTypeName(a)} with ${runtimeTypeName(b)}`, ctx);
  return gt ? (orEqual ? c >= 0 : c > 0) : orEqual ? c <= 0 : c < 0;
}

on(
  LogAndExpressionContext,
  (it, ctx) => truthy(it, evaluate(it, exprs(ctx)[0]), ctx) && truthy(it, evaluate(it, exprs(ctx)[1]), ctx)
);
on(
  LogOrExpressionContext,
  (it, ctx) => truthy(it, evaluate(it, exprs(ctx)[0]), ctx) || truthy(it, evaluate(it, exprs(ctx)[1]), ctx)
);
on(CondExpressionContext, (it, ctx) =>
  truthy(it, evaluate(it, exprs(ctx)[0]), ctx) ? evaluate(it, exprs(ctx)[1]) : evaluate(it, exprs(ctx)[2])
);
on(CoalExpressionContext, (it, ctx) => {
  const a = evaluate(it, exprs(ctx)[0]);
  return a !== null ? a : evaluate(it, exprs(ctx)[1]);
});

on(InstanceOfExpressionContext, (it, ctx) => {
  const t = toTypeRef(ctx.typeRef());
  return instanceOf(evaluate(it, ctx.expression()), t, it.frame.cls, it);
});

on(CastExpressionContext, (it, ctx) =>
  castValue(it, toTypeRef(ctx.typeRef()), evaluate(it, ctx.expression()), castConverts(ctx))
);

/**
 * `(T) v`: the value itself when it is a T, a numeric conversion (when the operand's static type is
 * numeric: `converts`, sema/cast-facts.ts), or a TypeException.
 */
export function castValue(it: Interpreter, t: TypeRef, v: Value, converts = true): Value {
  if (v === null) return null;
  if (instanceOf(v, t, it.frame.cls, it)) return v;
  const target = resolveType(t, it.frame.cls, it);
  if (converts && target?.kind === 'primitive' && isNumber(v)) {
    switch (target.name) {
      case 'Integer':
        return Number(BigInt.asIntN(32, BigInt(Math.trunc(toJsNumber(v)))));
      case 'Long':
        return v instanceof ApexDecimal ? wrapLong(v.toBigInt()) : BigInt(Math.trunc(toJsNumber(v)));
      case 'Double':
      case 'Decimal':
        return coerce(v, t);
    }
  }
  if (target?.kind === 'primitive' && target.name === 'Id' && typeof v === 'string') {
    it.throwApex('StringException', `Invalid id: ${v}`);
  }
  return it.throwApex(
    'TypeException',
    `Invalid conversion from runtime type ${runtimeTypeName(v)} to ${typeToString(t)}`
  );
}

on(NegExpressionContext, (it, ctx) => negate(it, evaluate(it, ctx.expression()), !!ctx.BANG(), ctx));

/** `!v` (`bang`) or `~v`. */
export function negate(it: Interpreter, v: Value, bang: boolean, ctx: ParserRuleContext): Value {
  if (v === null) it.npe();
  if (bang) return !truthy(it, v, ctx);
  if (typeof v === 'number') return ~v;
  if (typeof v === 'bigint') return ~v;
  return it.unsupported('~ on a non-integer', ctx);
}

/** Unary minus. */
export function minus(it: Interpreter, v: Value): Value {
  if (v === null) it.npe();
  return arithmetic(
    it,
    '*',
    v,
    typeof v === 'number' ? -1 : typeof v === 'bigint' ? -1n : ApexDecimal.fromInt(-1)
  ) as Value;
}

on(PreOpExpressionContext, (it, ctx) => {
  if (ctx.INC() || ctx.DEC()) {
    const next = step(it, readTarget(it, ctx.expression()), ctx.INC() ? '+' : '-', ctx);
    assignTo(it, ctx.expression(), next);
    return next;
  }
  const v = evaluate(it, ctx.expression());
  if (ctx.ADD()) return v;
  return minus(it, v);
});

on(PostOpExpressionContext, (it, ctx) => {
  const old = readTarget(it, ctx.expression());
  assignTo(it, ctx.expression(), step(it, old, ctx.INC() ? '+' : '-', ctx));
  return old;
});

export function step(it: Interpreter, v: Value, op: '+' | '-', ctx: ParserRuleContext): Value {
  if (v === null) it.npe();
  if (!isNumber(v)) it.unsupported('++/-- on a non-number', ctx);
  if (v instanceof ApexDouble) return new ApexDouble(op === '+' ? v.v + 1 : v.v - 1);
  return arithmetic(it, op, v, 1);
}

export const COMPOUND: Record<string, ArithOp> = { '+=': '+', '-=': '-', '*=': '*', '/=': '/' };

on(AssignExpressionContext, (it, ctx) => {
  const target = exprs(ctx)[0];
  const op = opOf(ctx);
  let v = evaluate(it, exprs(ctx)[1]);
  if (op !== '=') {
    const cur = readTarget(it, target);
    const arith = COMPOUND[op];
    if (arith) v = arithmetic(it, arith, cur, v);
    else v = bitwise(it, op.slice(0, -1), cur, v, ctx);
  }
  return assignTo(it, target, v);
});

export function bitwise(it: Interpreter, op: string, a: Value, b: Value, ctx: ParserRuleContext): Value {
  if (a === null || b === null) it.npe();
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    if (op === '&') return a && b;
    if (op === '|') return a || b;
    if (op === '^') return a !== b;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '>>>':
        return (a >>> b) | 0;
    }
  }
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    const x = BigInt(a);
    const y = BigInt(b);
    switch (op) {
      case '&':
        return x & y;
      case '|':
        return x | y;
      case '^':
        return x ^ y;
      case '<<':
        return wrapLong(x << (y & 63n));
      case '>>':
        return x >> (y & 63n);
      case '>>>':
        return BigInt.asIntN(64, BigInt.asUintN(64, x) >> (y & 63n));
    }
  }
  return it.unsupported(`operator ${op} on ${runtimeTypeName(a)}`, ctx);
}

on(BitAndExpressionContext, (it, ctx) =>
  bitwise(it, '&', evaluate(it, exprs(ctx)[0]), evaluate(it, exprs(ctx)[1]), ctx)
);
on(BitOrExpressionContext, (it, ctx) =>
  bitwise(it, '|', evaluate(it, exprs(ctx)[0]), evaluate(it, exprs(ctx)[1]), ctx)
);
on(BitNotExpressionContext, (it, ctx) =>
  bitwise(it, '^', evaluate(it, exprs(ctx)[0]), evaluate(it, exprs(ctx)[1]), ctx)
);
on(BitExpressionContext, (it, ctx) => {
  const op = ctx.LT_list().length ? '<<' : ctx.GT_list().length === 3 ? '>>>' : '>>';
  return bitwise(it, op, evaluate(it, exprs(ctx)[0]), evaluate(it, exprs(ctx)[1]), ctx);
});
