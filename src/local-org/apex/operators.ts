/** Apex operators: numeric promotion, arithmetic, equality, comparison and string conversion. */
import { ApexDecimal, DecimalArithmeticError } from './decimal.js';
import type { Interpreter } from './interpreter.js';
import { pad } from './datetime.js';
import {
  ApexNative,
  ApexDate,
  ApexDatetime,
  ApexTime,
  gmtString,
  ApexDouble,
  ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexSObject,
  ApexTypeValue,
  formatDouble,
  typeToString,
  type Value
} from './values.js';

type NumKind = 0 | 1 | 2 | 3; // Integer, Long, Double, Decimal

export function isNumber(v: Value): v is number | bigint | ApexDouble | ApexDecimal {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof ApexDouble || v instanceof ApexDecimal;
}

function kindOf(v: number | bigint | ApexDouble | ApexDecimal): NumKind {
  return typeof v === 'number' ? 0 : typeof v === 'bigint' ? 1 : v instanceof ApexDouble ? 2 : 3;
}

export function toDecimal(v: number | bigint | ApexDouble | ApexDecimal): ApexDecimal {
  if (v instanceof ApexDecimal) return v;
  if (v instanceof ApexDouble) return ApexDecimal.fromDouble(v.v);
  return ApexDecimal.fromInt(v);
}
export function toJsNumber(v: number | bigint | ApexDouble | ApexDecimal): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDouble) return v.v;
  return v.toNumber();
}
function toLong(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}
/** Wraps to a signed 64-bit value as Java long arithmetic does. */
export function wrapLong(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

export type ArithOp = '+' | '-' | '*' | '/';

export function arithmetic(it: Interpreter, op: ArithOp, a: Value, b: Value): Value {
  if (op === '+' && (typeof a === 'string' || typeof b === 'string')) return toApexString(it, a) + toApexString(it, b);
  if (a === null || b === null) it.npe();
  // Date ± Integer days, Datetime ± days (fractions allowed), Time ± milliseconds (Apex expression operators).
  if ((op === '+' || op === '-') && isNumber(b)) {
    const sign = op === '+' ? 1 : -1;
    if (a instanceof ApexDate) return new ApexDate(a.days + sign * Math.trunc(toJsNumber(b)));
    if (a instanceof ApexDatetime) return new ApexDatetime(a.ms + Math.round(sign * toJsNumber(b) * 86400000));
    if (a instanceof ApexTime)
      return new ApexTime((((a.ms + sign * Math.trunc(toJsNumber(b))) % 86400000) + 86400000) % 86400000);
  }
  if (!isNumber(a) || !isNumber(b)) {
    throw new TypeError(`Arithmetic expressions must use numeric arguments`);
  }
  const k = Math.max(kindOf(a), kindOf(b)) as NumKind;
  switch (k) {
    case 0: {
      const x = a as number;
      const y = b as number;
      if (op === '+') return (x + y) | 0;
      if (op === '-') return (x - y) | 0;
      if (op === '*') return Math.imul(x, y);
      if (y === 0) it.throwApex('MathException', 'Divide by 0');
      return (x / y) | 0;
    }
    case 1: {
      const x = toLong(a as number | bigint);
      const y = toLong(b as number | bigint);
      if (op === '+') return wrapLong(x + y);
      if (op === '-') return wrapLong(x - y);
      if (op === '*') return wrapLong(x * y);
      if (y === 0n) it.throwApex('MathException', 'Divide by 0');
      return wrapLong(x / y);
    }
    case 2: {
      const x = toJsNumber(a);
      const y = toJsNumber(b);
      if (op === '+') return new ApexDouble(x + y);
      if (op === '-') return new ApexDouble(x - y);
      if (op === '*') return new ApexDouble(x * y);
      if (y === 0) it.throwApex('MathException', 'Divide by 0');
      return new ApexDouble(x / y);
    }
    case 3: {
      const x = toDecimal(a);
      const y = toDecimal(b);
      if (op === '+') return x.add(y);
      if (op === '-') return x.subtract(y);
      if (op === '*') return x.multiply(y);
      try {
        return x.divide(y);
      } catch (e) {
        if (e instanceof DecimalArithmeticError) it.throwApex('MathException', 'Divide by 0');
        throw e;
      }
    }
  }
}

/** Numeric comparison: negative, 0, positive. */
export function compareNumbers(a: number | bigint | ApexDouble | ApexDecimal, b: typeof a): number {
  const k = Math.max(kindOf(a), kindOf(b));
  if (k === 0) return (a as number) - (b as number);
  if (k === 1) {
    const d = toLong(a as number | bigint) - toLong(b as number | bigint);
    return d === 0n ? 0 : d < 0n ? -1 : 1;
  }
  if (k === 2) return toJsNumber(a) - toJsNumber(b);
  return toDecimal(a).compareTo(toDecimal(b));
}

/** `==`: strings case-insensitively, numbers across types, collections and sObjects by value. */
export function apexEquals(it: Interpreter, a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  if (a instanceof ApexList && b instanceof ApexList) {
    return a.items.length === b.items.length && a.items.every((x, i) => apexEquals(it, x, b.items[i]));
  }
  if (a instanceof ApexSet && b instanceof ApexSet) {
    return a.items.size === b.items.size && [...a.items.keys()].every((k) => b.items.has(k));
  }
  if (a instanceof ApexMap && b instanceof ApexMap) {
    if (a.entries.size !== b.entries.size) return false;
    for (const [k, [, v]] of a.entries) {
      const o = b.entries.get(k);
      if (!o || !apexEquals(it, v, o[1])) return false;
    }
    return true;
  }
  if (a instanceof ApexSObject && b instanceof ApexSObject) {
    if (a.type.toLowerCase() !== b.type.toLowerCase() || a.fields.size !== b.fields.size) return false;
    for (const [k, f] of a.fields) {
      const o = b.fields.get(k);
      if (!o || !apexEquals(it, f.value, o.value)) return false;
    }
    return true;
  }
  if (a instanceof ApexDate && b instanceof ApexDate) return a.days === b.days;
  if (a instanceof ApexNative && a.methods.equals) return a.methods.equals([b]) === true;
  if ((a instanceof ApexDatetime && b instanceof ApexDatetime) || (a instanceof ApexTime && b instanceof ApexTime)) {
    return a.ms === b.ms;
  }
  if (a instanceof ApexTypeValue && b instanceof ApexTypeValue) {
    return typeToString(a.type).toLowerCase() === typeToString(b.type).toLowerCase();
  }
  if (a instanceof ApexObject && it.hooks.userEquals) {
    const r = it.hooks.userEquals(a, b);
    if (r !== undefined) return r;
  }
  return false;
}

/** String conversion used by concatenation, String.valueOf and System.debug. */
export function toApexString(it: Interpreter, v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return String(v);
    case 'bigint':
      return v.toString();
  }
  if (v instanceof ApexDouble) return formatDouble(v.v);
  if (v instanceof ApexDecimal) return v.toString();
  if (v instanceof ApexEnumValue) return v.name;
  if (v instanceof ApexList) return '(' + v.items.map((x) => toApexString(it, x)).join(', ') + ')';
  if (v instanceof ApexSet) return '{' + [...v.items.values()].map((x) => toApexString(it, x)).join(', ') + '}';
  if (v instanceof ApexMap) {
    return (
      '{' + [...v.entries.values()].map(([k, x]) => `${toApexString(it, k)}=${toApexString(it, x)}`).join(', ') + '}'
    );
  }
  if (v instanceof ApexSObject) {
    const parts = [...v.fields.values()].map((f) => `${f.name}=${toApexString(it, f.value)}`);
    return `${v.type}:{${parts.join(', ')}}`;
  }
  if (v instanceof ApexTypeValue) return typeToString(v.type);
  if (v instanceof ApexNative) return v.display;
  if (v instanceof ApexDate) return v.iso() + ' 00:00:00';
  if (v instanceof ApexDatetime) return gmtString(v.ms);
  if (v instanceof ApexTime) {
    const t = v.parts;
    return `${pad(t.h)}:${pad(t.m)}:${pad(t.s)}.${pad(t.ms, 3)}Z`;
  }
  return it.hooks.objectToString(v);
}
