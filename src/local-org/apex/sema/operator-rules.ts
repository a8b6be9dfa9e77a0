/**
 * Operand rules of unary operators, list indexing, inequality, date/time arithmetic and `instanceof`,
 * as the compiler words them (message catalogue, see expression-typer.ts). Each function returns the
 * problem's text, or null when the operands are fine or not known offline (unknown never errs).
 */
import { castImpossible, display, isNumeric, isPrim, type SType, type Typed } from './static-types.js';

/** Known and not usable as a number (Object and null are left alone). */
function nonNumeric(t: Typed): t is SType {
  return !!t && t.k !== 'null' && t.k !== 'void' && !isNumeric(t) && !isPrim(t, 'Object');
}

export function negationProblem(t: Typed): string | null {
  return nonNumeric(t) ? 'Unary negation must use a numeric argument' : null;
}

export function incrementProblem(t: Typed, kind: 'prefix++' | 'prefix--' | 'postfix'): string | null {
  if (!nonNumeric(t)) return null;
  if (kind === 'postfix')
    return `Unary postfix increment/decrement can only be applied to numeric expressions: ${display(t)}`;
  const what = kind === 'prefix++' ? 'increment' : 'decrement';
  return `Unary prefix ${what} can only be applied to numeric expressions: ${display(t)}`;
}

export function notProblem(t: Typed): string | null {
  if (!t || t.k === 'null' || isPrim(t, 'Boolean') || isPrim(t, 'Object')) return null;
  return '! operator can only be applied to boolean expressions';
}

export function bitwiseNotProblem(t: Typed): string | null {
  if (!t || t.k === 'null' || isPrim(t, 'Integer') || isPrim(t, 'Long') || isPrim(t, 'Object')) return null;
  return `Invalid type for bitwise negate: ${display(t)}`;
}

/** `target[index]`: the target must be a list, the index an Integer. */
export function indexProblem(target: Typed, index: Typed): string | null {
  if (target && target.k !== 'null' && !isPrim(target, 'Object') && !(target.k === 'coll' && target.name === 'List'))
    return `Expression must be a list type: ${display(target)}`;
  if (index && index.k !== 'null' && !isPrim(index, 'Integer') && !isPrim(index, 'Object'))
    return `List index must be of type Integer: ${display(index)}`;
  return null;
}

/** `<`, `>`, `<=`, `>=` take numbers, strings/ids, dates, datetimes and times. */
export function inequalityProblem(a: Typed, b: Typed): string | null {
  for (const t of [a, b]) {
    if (!t || t.k === 'null' || t.k === 'enum' || (t.k === 'class' && t.cls.kind === 'enum')) continue;
    const ordered =
      isNumeric(t) || (t.k === 'prim' && ['String', 'Id', 'Date', 'Datetime', 'Time', 'Object'].includes(t.name));
    if (!ordered) return `Inequality operator not allowed for this type: ${display(t)}`;
  }
  return null;
}

/**
 * Date ± n takes an Integer or Long, Time ± n too, Datetime ± n an Integer, Double or Decimal (a
 * fraction of days). Only numeric operands are judged: `date + 'x'` is string concatenation.
 */
export function temporalArithmeticProblem(temporal: SType & { k: 'prim' }, other: Typed): string | null {
  if (!isNumeric(other)) return null;
  const n = (other as SType & { k: 'prim' }).name;
  if (temporal.name === 'Date' && n !== 'Integer' && n !== 'Long') return 'Date expressions must use Integer or Long';
  if (temporal.name === 'Time' && n !== 'Integer' && n !== 'Long') return 'Time expressions must use Integer or Long';
  if (temporal.name === 'Datetime' && n === 'Long')
    return 'Date/time expressions must use Integer or Double or Decimal';
  return null;
}

/**
 * `x instanceof T` that can never be true does not compile (the cast rule). The catalogue also has an
 * "always true" message (`invalid.instanceof.always.true`); whether an org rejects `acc instanceof
 * Account` is not verified, so it is not reported.
 */
export function instanceofProblem(from: Typed, to: Typed): string | null {
  if (!from || !to || !castImpossible(from, to)) return null;
  return `Operation instanceof is always false since an instance of ${display(from)} is never an instance of ${display(to)}`;
}
