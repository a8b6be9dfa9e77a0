/**
 * Gives every expression its static type (names and members are bound by NameResolver, names.ts),
 * reporting what an org's compiler rejects with its wording. Unknown types (`null`) never produce an
 * error. The statement walker (type-checker.ts) extends this class.
 * Wordings: the Apex compiler's message catalogue (jorje's messages_en_US.properties), as published in
 * https://github.com/forcedotcom/apex-language-support/blob/main/packages/apex-parser-ast/src/generated/messages_en_US.ts
 */
import {
  Arth1ExpressionContext,
  Arth2ExpressionContext,
  AssignExpressionContext,
  BitAndExpressionContext,
  BitOrExpressionContext,
  BitNotExpressionContext,
  CastExpressionContext,
  CmpExpressionContext,
  CoalExpressionContext,
  CondExpressionContext,
  DotExpressionContext,
  EqualityExpressionContext,
  ExpressionContext,
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
  ArrayExpressionContext,
  type CreatorContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import { createdType } from '../creators.js';
import { unwritableField } from './field-writes.js';
import type {} from '../errors.js';
import type {} from '../interpreter.js';
import {} from '../platform-names.js';
import {} from '../linker.js';
import { toTypeRef } from '../loader.js';
import {
  BOOLEAN,
  STRING,
  assignable,
  castImpossible,
  display,
  isNumeric,
  isPrim,
  list,
  widerNumeric,
  type SType,
  type Typed
} from './static-types.js';
import { markNonNumericCast } from './cast-facts.js';
import { NameResolver } from './names.js';
import {
  bitwiseNotProblem,
  incrementProblem,
  indexProblem,
  inequalityProblem,
  instanceofProblem,
  negationProblem,
  notProblem,
  temporalArithmeticProblem
} from './operator-rules.js';

export class ExpressionTyper extends NameResolver {
  /** The static type of an expression (null when not known offline). */
  typeOf(e: ExpressionContext): Typed {
    if (e instanceof PrimaryExpressionContext) return this.primary(e, false) as Typed;
    if (e instanceof SubExpressionContext) return this.typeOf(e.expression());
    if (e instanceof DotExpressionContext) return this.dot(e);
    if (e instanceof MethodCallExpressionContext) return this.localCall(e);
    if (e instanceof NewExpressionContext) return this.creator(e.creator());
    if (e instanceof CastExpressionContext) return this.cast(e);
    if (e instanceof AssignExpressionContext) return this.assignment(e);
    if (e instanceof Arth1ExpressionContext || e instanceof Arth2ExpressionContext) return this.arithmetic(e);
    if (e instanceof CmpExpressionContext) return this.comparison(e);
    if (e instanceof EqualityExpressionContext) return this.equality(e);
    if (e instanceof LogAndExpressionContext || e instanceof LogOrExpressionContext) {
      for (const x of e.expression_list()) this.typeOf(x);
      return BOOLEAN;
    }
    if (
      e instanceof BitAndExpressionContext ||
      e instanceof BitOrExpressionContext ||
      e instanceof BitNotExpressionContext
    )
      return this.bitwise(e);
    if (e instanceof NegExpressionContext) {
      const t = this.typeOf(e.expression());
      this.check(e, e.BANG() ? notProblem(t) : bitwiseNotProblem(t));
      return e.BANG() ? BOOLEAN : t;
    }
    if (e instanceof PreOpExpressionContext || e instanceof PostOpExpressionContext) {
      const t = this.typeOf(e.expression());
      if (e instanceof PostOpExpressionContext) this.check(e, incrementProblem(t, 'postfix'));
      else if (e.INC() || e.DEC()) this.check(e, incrementProblem(t, e.INC() ? 'prefix++' : 'prefix--'));
      else if (e.SUB()) this.check(e, negationProblem(t));
      return isNumeric(t) ? t : null;
    }
    if (e instanceof CondExpressionContext) return this.ternary(e);
    if (e instanceof CoalExpressionContext) {
      const [a, b] = e.expression_list().map((x) => this.typeOf(x));
      const t = common(a, b);
      if (t === INCOMPATIBLE)
        this.report(e, `Incompatible types in null coalescing operator: ${display(a)}, ${display(b)}`);
      return t === INCOMPATIBLE ? null : t;
    }
    if (e instanceof InstanceOfExpressionContext) {
      const from = this.typeOf(e.expression());
      this.check(e, instanceofProblem(from, this.typeOfRef(toTypeRef(e.typeRef()), this.cls)));
      return BOOLEAN;
    }
    if (e instanceof ArrayExpressionContext) {
      const [target, index] = e.expression_list().map((x) => this.typeOf(x));
      this.check(e, indexProblem(target, index));
      return target?.k === 'coll' && target.name === 'List' ? (target.args[0] ?? null) : null;
    }
    this.walkChildren(e);
    return null;
  }

  private creator(c: CreatorContext): Typed {
    const ref = createdType(c);
    const arrayRest = c.arrayCreatorRest();
    if (arrayRest) {
      const elem = this.typeOfRef(ref, this.cls);
      for (const x of arrayRest.arrayInitializer()?.expression_list() ?? []) this.initial(elem, x);
      if (arrayRest.expression()) this.typeOf(arrayRest.expression());
      return list(elem);
    }
    const t = this.typeOfRef(ref, this.cls);
    const setRest = c.setCreatorRest();
    if (setRest) {
      const elem = t?.k === 'coll' ? (t.args[0] ?? null) : null;
      for (const x of setRest.expression_list()) this.initial(elem, x);
    }
    for (const pair of c.mapCreatorRest()?.mapCreatorRestPair_list() ?? []) this.walkChildren(pair);
    const ctorArgs = c.classCreatorRest()?.arguments().expressionList()?.expression_list() ?? [];
    for (const a of ctorArgs) {
      // `new Account(Name = 'x')`: the left side names a field of the new sObject, not a variable.
      if (a instanceof AssignExpressionContext && (t?.k === 'sobject' || !t)) {
        this.typeOf(a.expression(1));
        if (t?.k === 'sobject') {
          const problem = unwritableField(this.it.data.describe(t.name), a.expression(0).getText());
          if (problem) this.report(a, problem);
        }
      } else this.typeOf(a);
    }
    const noRest = c.noRest();
    if (noRest) this.walkChildren(noRest);
    return t;
  }

  /** An element of a `new List<T>{…}` / `new Set<T>{…}` initialiser. */
  private initial(elem: Typed, x: ExpressionContext): void {
    const t = this.typeOf(x);
    if (!assignable(t, elem))
      this.report(x, `Initial expression is of incorrect type, expected: ${display(elem)} but was: ${display(t)}`);
  }

  private cast(e: CastExpressionContext): Typed {
    const to = this.typeOfRef(toTypeRef(e.typeRef()), this.cls);
    const from = this.typeOf(e.expression());
    if (castImpossible(from, to))
      this.report(e, `Incompatible types since an instance of ${display(from)} is never an instance of ${display(to)}`);
    if (from && !isNumeric(from)) markNonNumericCast(e);
    return to;
  }

  private assignment(e: AssignExpressionContext): Typed {
    const [targetExpr, valueExpr] = e.expression_list();
    const target = this.typeOf(targetExpr);
    const value = this.typeOf(valueExpr);
    this.onAssign(targetExpr, e);
    if (e.ASSIGN()) {
      if (!assignable(value, target)) this.report(e, `Illegal assignment from ${display(value)} to ${display(target)}`);
      return target;
    }
    const op = e.getChild(1).getText();
    if (op === '+=' && isPrim(target, 'String')) return target;
    if (['+=', '-=', '*=', '/='].includes(op) && isNumeric(target) && isNumeric(value)) {
      const wider = widerNumeric(target as SType & { k: 'prim' }, value as SType & { k: 'prim' });
      if (!assignable(wider, target)) this.report(e, `Illegal assignment from ${display(wider)} to ${display(target)}`);
    }
    return target;
  }

  /** Hook for the statement walker (final fields). */
  protected onAssign(_target: ExpressionContext, _at: ParserRuleContext): void {}

  private arithmetic(e: Arth1ExpressionContext | Arth2ExpressionContext): Typed {
    const [a, b] = e.expression_list().map((x) => this.typeOf(x));
    const op = e.getChild(1).getText();
    if (op === '+' && (isPrim(a, 'String') || isPrim(b, 'String'))) return STRING;
    if (!a || !b) return null;
    if (isNumeric(a) && isNumeric(b)) return widerNumeric(a as SType & { k: 'prim' }, b as SType & { k: 'prim' });
    const temporal = (t: SType): boolean => t.k === 'prim' && ['Date', 'Datetime', 'Time'].includes(t.name);
    if ((op === '+' || op === '-') && (temporal(a) || temporal(b))) {
      const [t, other] = temporal(a) ? [a, b] : [b, a];
      this.check(e, temporalArithmeticProblem(t as SType & { k: 'prim' }, other));
      return temporal(a) ? a : null;
    }
    const bad = (t: SType): boolean =>
      t.k === 'null' ||
      (t.k === 'prim' && ['Boolean', 'String', 'Id', 'Blob'].includes(t.name)) ||
      t.k === 'coll' ||
      t.k === 'sobject';
    if (bad(a) || bad(b)) this.report(e, 'Arithmetic expressions must use numeric arguments');
    return null;
  }

  private comparison(e: CmpExpressionContext): Typed {
    const [a, b] = e.expression_list().map((x) => this.typeOf(x));
    const problem = inequalityProblem(a, b);
    if (problem) this.report(e, problem);
    else if (a?.k === 'prim' && b?.k === 'prim' && !comparable(a, b))
      this.report(e, `Comparison arguments must be compatible types: ${display(a)}, ${display(b)}`);
    return BOOLEAN;
  }

  private check(at: ParserRuleContext, problem: string | null): void {
    if (problem) this.report(at, problem);
  }

  private equality(e: EqualityExpressionContext): Typed {
    const [a, b] = e.expression_list().map((x) => this.typeOf(x));
    if ((e.TRIPLEEQUAL() || e.TRIPLENOTEQUAL()) && a?.k === 'prim' && a.name !== 'Object' && a.name !== 'SObject') {
      this.report(e, `Exact equality operator only allowed for reference types: ${display(a)}`);
    } else if (a?.k === 'prim' && b?.k === 'prim' && !comparable(a, b)) {
      this.report(e, `Comparison arguments must be compatible types: ${display(a)}, ${display(b)}`);
    }
    return BOOLEAN;
  }

  private bitwise(e: BitAndExpressionContext | BitOrExpressionContext | BitNotExpressionContext): Typed {
    const [a, b] = e.expression_list().map((x) => this.typeOf(x));
    const op = e.getChild(1).getText();
    const intLike = (t: Typed): boolean => isPrim(t, 'Integer') || isPrim(t, 'Long');
    if (a && b && a.k === 'prim' && b.k === 'prim') {
      if (isPrim(a, 'Boolean') && isPrim(b, 'Boolean')) return BOOLEAN;
      if (intLike(a) && intLike(b)) return widerNumeric(a, b);
      this.report(e, `${op} operator can only be applied to Boolean expressions or to Integer or Long expressions`);
    }
    return null;
  }

  /**
   * Both branches must have compatible types: one assignable to the other (numbers widen, `null` takes
   * the other's type), else `Incompatible types in ternary operator: <else>, <then>` — even when the
   * result goes to an Object (https://salesforce.stackexchange.com/questions/329998: `b ? String : Integer`
   * reads `Integer, String`).
   */
  private ternary(e: CondExpressionContext): Typed {
    const [c, a, b] = e.expression_list().map((x) => this.typeOf(x));
    void c;
    const t = common(a, b);
    if (t === INCOMPATIBLE) this.report(e, `Incompatible types in ternary operator: ${display(b)}, ${display(a)}`);
    return t === INCOMPATIBLE ? null : t;
  }
}

const INCOMPATIBLE = Symbol('incompatible');

/**
 * The type of a conditional whose two operands have types `a` and `b`, or INCOMPATIBLE when neither is
 * assignable to the other. Two user classes (or interfaces) are never called incompatible: whether an
 * org finds a common supertype is not verified, and a false error on valid Apex is worse than none.
 */
function common(a: Typed, b: Typed): Typed | typeof INCOMPATIBLE {
  if (!a || !b) return null;
  if (a.k === 'null') return b;
  if (b.k === 'null') return a;
  if (isNumeric(a) && isNumeric(b)) return widerNumeric(a as SType & { k: 'prim' }, b as SType & { k: 'prim' });
  if (assignable(b, a)) return a;
  if (assignable(a, b)) return b;
  if (a.k === 'class' && b.k === 'class') return null;
  if (a.k === 'void' || b.k === 'void') return null;
  return INCOMPATIBLE;
}

/** Primitive operands `==` accepts together: numbers with numbers, String with Id, same types, Object. */
function comparable(a: SType & { k: 'prim' }, b: SType & { k: 'prim' }): boolean {
  if (a.name === b.name || a.name === 'Object' || b.name === 'Object') return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  const text = ['String', 'Id'];
  if (text.includes(a.name) && text.includes(b.name)) return true;
  const temporal = ['Date', 'Datetime'];
  if (temporal.includes(a.name) && temporal.includes(b.name)) return true;
  return a.name === 'SObject' || b.name === 'SObject';
}
