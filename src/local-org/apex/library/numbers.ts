/** Integer, Long, Double, Decimal, Boolean and Math. */
import { ApexDecimal, DecimalArithmeticError, ROUNDING_MODES, type RoundingMode } from '../decimal.js';
import type { Interpreter } from '../interpreter.js';
import { compareNumbers, isNumber, toApexString, toDecimal, toJsNumber } from '../operators.js';
import { ApexDouble, ApexEnumValue, formatDouble, type Value } from '../values.js';
import {
  argInt,
  argString,
  defineInstance,
  defineStatic,
  defineStaticFields,
  idef,
  sdef,
  type InstanceFn
} from './registry.js';

type Num = number | bigint | ApexDouble | ApexDecimal;

function num(it: Interpreter, v: Value): Num {
  if (v === null) it.npe();
  if (!isNumber(v)) throw new TypeError('expected a number');
  return v;
}

function roundingMode(it: Interpreter, v: Value): RoundingMode {
  if (v instanceof ApexEnumValue && ROUNDING_MODES.includes(v.name as RoundingMode)) return v.name as RoundingMode;
  if (v === null) it.npe();
  throw new TypeError('expected a RoundingMode');
}

function decimalOp<T>(it: Interpreter, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DecimalArithmeticError) {
      it.throwApex('MathException', e.message === 'Rounding necessary' ? 'Rounding necessary' : 'Divide by 0');
    }
    throw e;
  }
}

/** Locale formatting (en_US): grouping with ',' and up to 3 fraction digits, as Integer/Decimal.format(). */
function formatNumber(v: Num): string {
  if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v).toLocaleString('en-US');
  const d = toDecimal(v);
  const rounded = d.scale > 3 ? d.setScale(3, 'HALF_EVEN').stripTrailingZeros() : d;
  const [int, frac] = rounded.toPlainString().split('.');
  const grouped = BigInt(int).toLocaleString('en-US');
  const sign = int.startsWith('-') && !grouped.startsWith('-') ? '-' : '';
  return sign + grouped + (frac ? '.' + frac : '');
}

function parseInteger(it: Interpreter, s: string): number {
  if (!/^[+-]?\d+$/.test(s.trim())) it.throwApex('TypeException', `Invalid integer: ${s}`);
  const n = Number(s.trim());
  if (n > 2147483647 || n < -2147483648) it.throwApex('TypeException', `Invalid integer: ${s}`);
  return n;
}

function parseDecimal(it: Interpreter, s: string): ApexDecimal {
  const d = ApexDecimal.parse(s);
  if (!d) it.throwApex('TypeException', `Invalid decimal: ${s}`);
  return d;
}

defineStatic('Integer', {
  valueOf: sdef(1, (it, [v]) => (typeof v === 'string' ? parseInteger(it, v) : v === null ? null : argInt(it, v)))
});
defineStatic('Long', {
  valueOf: sdef(1, (it, [v]) => {
    if (v === null) return null;
    const s = argString(it, v);
    if (!/^[+-]?\d+$/.test(s.trim())) it.throwApex('TypeException', `Invalid long: ${s}`);
    return BigInt(s.trim());
  })
});
defineStatic('Decimal', {
  valueOf: sdef(1, (it, [v]) =>
    v === null ? null : typeof v === 'string' ? parseDecimal(it, v) : toDecimal(num(it, v))
  )
});
defineStatic('Double', {
  valueOf: sdef(1, (it, [v]) => {
    if (v === null) return null;
    if (typeof v === 'string') {
      const n = Number(v.trim());
      if (v.trim() === '' || Number.isNaN(n)) it.throwApex('TypeException', `Invalid double: ${v}`);
      return new ApexDouble(n);
    }
    return new ApexDouble(toJsNumber(num(it, v)));
  })
});
defineStatic('Boolean', {
  valueOf: sdef(1, (_it, [v]) => (v === null ? null : typeof v === 'boolean' ? v : String(v).toLowerCase() === 'true'))
});

const commonTable: Record<string, [number, InstanceFn]> = {
  intValue: [0, (_it: Interpreter, v: Num) => Number(BigInt.asIntN(32, BigInt(Math.trunc(toJsNumber(v)))))],
  longValue: [
    0,
    (_it: Interpreter, v: Num) => (v instanceof ApexDecimal ? v.toBigInt() : BigInt(Math.trunc(toJsNumber(v))))
  ],
  doubleValue: [0, (_it: Interpreter, v: Num) => new ApexDouble(toJsNumber(v))],
  format: [0, (_it: Interpreter, v: Num) => formatNumber(v)],
  toString: idef(0, (it: Interpreter, v: Num) => toApexString(it, v)) as [number, InstanceFn]
};

defineInstance('Integer', { ...commonTable });
defineInstance('Long', { ...commonTable });
defineInstance('Double', {
  ...commonTable,
  round: [0, (_it, v: ApexDouble) => BigInt(Math.round(v.v))]
});
defineInstance('Decimal', {
  ...commonTable,
  setScale: [
    [1, 2],
    (it, d: ApexDecimal, [s, m]) =>
      decimalOp(it, () => d.setScale(argInt(it, s), m === undefined ? 'HALF_EVEN' : roundingMode(it, m)))
  ],
  divide: [
    [2, 3],
    (it, d: ApexDecimal, [by, s, m]) =>
      decimalOp(it, () =>
        d.divideToScale(toDecimal(num(it, by)), argInt(it, s), m === undefined ? 'HALF_UP' : roundingMode(it, m))
      )
  ],
  scale: [0, (_it, d: ApexDecimal) => d.scale],
  precision: [0, (_it, d: ApexDecimal) => d.precision()],
  abs: [0, (_it, d: ApexDecimal) => d.abs()],
  round: [
    [0, 1],
    (it, d: ApexDecimal, [m]) => d.setScale(0, m === undefined ? 'HALF_EVEN' : roundingMode(it, m)).toBigInt()
  ],
  stripTrailingZeros: [0, (_it, d: ApexDecimal) => d.stripTrailingZeros()],
  toPlainString: [0, (_it, d: ApexDecimal) => d.toPlainString()],
  pow: [
    1,
    (it, d: ApexDecimal, [e]) => {
      let r = ApexDecimal.fromInt(1);
      for (let i = 0; i < argInt(it, e); i++) r = r.multiply(d);
      return r;
    }
  ]
});
defineInstance('Boolean', { toString: idef(0, (_it, b: boolean) => (b ? 'true' : 'false')) });

// ---- Math ----------------------------------------------------------------------------------------

function sameKind(v: Num, x: number): Value {
  if (typeof v === 'number') return x | 0;
  if (typeof v === 'bigint') return BigInt(x);
  if (v instanceof ApexDouble) return new ApexDouble(x);
  return Number.isInteger(x) ? ApexDecimal.fromInt(x) : ApexDecimal.fromDouble(x);
}

defineStatic('Math', {
  abs: [
    1,
    (it, [v]) => {
      const n = num(it, v);
      if (n instanceof ApexDecimal) return n.abs();
      if (typeof n === 'bigint') return n < 0n ? -n : n;
      return sameKind(n, Math.abs(toJsNumber(n)));
    }
  ],
  max: [2, (it, [a, b]) => (compareNumbers(num(it, a), num(it, b)) >= 0 ? a : b)],
  min: [2, (it, [a, b]) => (compareNumbers(num(it, a), num(it, b)) <= 0 ? a : b)],
  mod: [
    2,
    (it, [a, b]) => {
      const x = num(it, a);
      const y = num(it, b);
      if (toJsNumber(y) === 0) it.throwApex('MathException', 'Divide by 0');
      if (typeof x === 'bigint' || typeof y === 'bigint')
        return BigInt(x as number | bigint) % BigInt(y as number | bigint);
      return (x as number) % (y as number);
    }
  ],
  pow: [2, (it, [a, b]) => new ApexDouble(Math.pow(toJsNumber(num(it, a)), toJsNumber(num(it, b))))],
  sqrt: [1, (it, [a]) => new ApexDouble(Math.sqrt(toJsNumber(num(it, a))))],
  exp: [1, (it, [a]) => new ApexDouble(Math.exp(toJsNumber(num(it, a))))],
  log: [1, (it, [a]) => new ApexDouble(Math.log(toJsNumber(num(it, a))))],
  log10: [1, (it, [a]) => new ApexDouble(Math.log10(toJsNumber(num(it, a))))],
  floor: [1, (it, [a]) => sameKind(num(it, a), Math.floor(toJsNumber(num(it, a))))],
  ceil: [1, (it, [a]) => sameKind(num(it, a), Math.ceil(toJsNumber(num(it, a))))],
  round: [
    1,
    (it, [a]) => {
      const n = num(it, a);
      if (n instanceof ApexDecimal) return Number(n.setScale(0, 'HALF_EVEN').toBigInt());
      return Math.round(toJsNumber(n)) | 0;
    }
  ],
  roundToLong: [
    1,
    (it, [a]) => {
      const n = num(it, a);
      if (n instanceof ApexDecimal) return n.setScale(0, 'HALF_EVEN').toBigInt();
      return BigInt(Math.round(toJsNumber(n)));
    }
  ],
  signum: [1, (it, [a]) => sameKind(num(it, a), Math.sign(toJsNumber(num(it, a))))],
  random: [0, () => new ApexDouble(Math.random())]
});
defineStaticFields('Math', {
  PI: () => new ApexDouble(Math.PI),
  E: () => new ApexDouble(Math.E)
});

export { formatDouble };
