/**
 * An exact decimal number with a scale, modelled on java.math.BigDecimal, which backs Apex's Decimal.
 * The value is unscaled × 10^-scale. Rounding modes follow the Apex RoundingMode enum.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_decimal.htm
 */
export type RoundingMode = 'CEILING' | 'DOWN' | 'FLOOR' | 'HALF_DOWN' | 'HALF_EVEN' | 'HALF_UP' | 'UNNECESSARY' | 'UP';
export const ROUNDING_MODES: readonly RoundingMode[] = [
  'CEILING',
  'DOWN',
  'FLOOR',
  'HALF_DOWN',
  'HALF_EVEN',
  'HALF_UP',
  'UNNECESSARY',
  'UP'
];

/** Thrown when a rounding is required but the mode is UNNECESSARY, or a division by zero is asked. */
export class DecimalArithmeticError extends Error {}

const TEN = 10n;
function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}
function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** Divides num by den (den > 0 or < 0) and rounds the quotient to an integer with the given mode. */
export function roundDiv(num: bigint, den: bigint, mode: RoundingMode): bigint {
  if (den === 0n) throw new DecimalArithmeticError('Divide by 0');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den; // truncated toward zero
  const r = num - q * den;
  if (r === 0n) return q;
  const sign = num < 0n ? -1n : 1n;
  const twiceR = abs(r) * 2n;
  const away = q + sign;
  switch (mode) {
    case 'UNNECESSARY':
      throw new DecimalArithmeticError('Rounding necessary');
    case 'DOWN':
      return q;
    case 'UP':
      return away;
    case 'CEILING':
      return sign > 0n ? away : q;
    case 'FLOOR':
      return sign < 0n ? away : q;
    case 'HALF_UP':
      return twiceR >= den ? away : q;
    case 'HALF_DOWN':
      return twiceR > den ? away : q;
    case 'HALF_EVEN':
      if (twiceR === den) return q % 2n === 0n ? q : away;
      return twiceR > den ? away : q;
  }
}

export class ApexDecimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number
  ) {}

  static fromInt(n: number | bigint): ApexDecimal {
    return new ApexDecimal(BigInt(n), 0);
  }

  /** Parses "12.50", "-3", "1.5e3", "1E-2". Returns null when the text is not a number. */
  static parse(text: string): ApexDecimal | null {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
    const frac = m[3] ?? '';
    let unscaled = BigInt((m[2] || '0') + frac);
    if (m[1] === '-') unscaled = -unscaled;
    let scale = frac.length - (m[4] ? Number(m[4]) : 0);
    if (scale < 0) {
      unscaled *= pow10(-scale);
      scale = 0;
    }
    return new ApexDecimal(unscaled, scale);
  }

  /** Decimal.valueOf(Double): the double's shortest decimal representation. */
  static fromDouble(d: number): ApexDecimal {
    if (!Number.isFinite(d)) throw new DecimalArithmeticError(`Invalid decimal: ${d}`);
    const parsed = ApexDecimal.parse(String(d));
    if (!parsed) throw new DecimalArithmeticError(`Invalid decimal: ${d}`);
    return parsed.scale === 0 ? new ApexDecimal(parsed.unscaled * 10n, 1) : parsed;
  }

  private static align(a: ApexDecimal, b: ApexDecimal): [bigint, bigint, number] {
    if (a.scale === b.scale) return [a.unscaled, b.unscaled, a.scale];
    if (a.scale > b.scale) return [a.unscaled, b.unscaled * pow10(a.scale - b.scale), a.scale];
    return [a.unscaled * pow10(b.scale - a.scale), b.unscaled, b.scale];
  }

  add(o: ApexDecimal): ApexDecimal {
    const [x, y, s] = ApexDecimal.align(this, o);
    return new ApexDecimal(x + y, s);
  }
  subtract(o: ApexDecimal): ApexDecimal {
    const [x, y, s] = ApexDecimal.align(this, o);
    return new ApexDecimal(x - y, s);
  }
  multiply(o: ApexDecimal): ApexDecimal {
    return new ApexDecimal(this.unscaled * o.unscaled, this.scale + o.scale);
  }
  negate(): ApexDecimal {
    return new ApexDecimal(-this.unscaled, this.scale);
  }
  abs(): ApexDecimal {
    return this.unscaled < 0n ? this.negate() : this;
  }
  signum(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }
  compareTo(o: ApexDecimal): number {
    const [x, y] = ApexDecimal.align(this, o);
    return x === y ? 0 : x < y ? -1 : 1;
  }

  /** divide(divisor, scale, mode): the quotient at exactly `scale` decimal places. */
  divideToScale(o: ApexDecimal, scale: number, mode: RoundingMode): ApexDecimal {
    if (o.unscaled === 0n) throw new DecimalArithmeticError('Divide by 0');
    // this/o = (u1 / 10^s1) / (u2 / 10^s2); result unscaled = u1 * 10^(scale - s1 + s2) / u2
    const shift = scale - this.scale + o.scale;
    const num = shift >= 0 ? this.unscaled * pow10(shift) : this.unscaled;
    const den = shift >= 0 ? o.unscaled : o.unscaled * pow10(-shift);
    return new ApexDecimal(roundDiv(num, den, mode), scale);
  }

  /**
   * The `/` operator. An exact quotient keeps the smallest scale that holds it (at least the dividend's
   * scale minus the divisor's); a non-terminating one is rounded HALF_UP to 32 significant digits.
   * Not verified against an org: see docs/apex-runtime.md.
   */
  divide(o: ApexDecimal): ApexDecimal {
    if (o.unscaled === 0n) throw new DecimalArithmeticError('Divide by 0');
    const preferred = Math.max(0, this.scale - o.scale);
    for (let scale = preferred; scale <= preferred + 40; scale++) {
      const shift = scale - this.scale + o.scale;
      const num = shift >= 0 ? this.unscaled * pow10(shift) : this.unscaled;
      const den = shift >= 0 ? o.unscaled : o.unscaled * pow10(-shift);
      if (num % den === 0n) return new ApexDecimal(num / den, scale);
    }
    const intDigits = this.divideToScale(o, 0, 'DOWN').abs().unscaled.toString().length;
    const scale = Math.max(preferred, 32 - (intDigits === 1 && this.abs().compareTo(o.abs()) < 0 ? 0 : intDigits));
    return this.divideToScale(o, scale, 'HALF_UP');
  }

  setScale(scale: number, mode: RoundingMode = 'HALF_EVEN'): ApexDecimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new ApexDecimal(this.unscaled * pow10(scale - this.scale), scale);
    return new ApexDecimal(roundDiv(this.unscaled, pow10(this.scale - scale), mode), scale);
  }

  stripTrailingZeros(): ApexDecimal {
    if (this.unscaled === 0n) return new ApexDecimal(0n, 0);
    let u = this.unscaled;
    let s = this.scale;
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s--;
    }
    return new ApexDecimal(u, s);
  }

  /** Number of significant digits in the unscaled value. */
  precision(): number {
    return this.unscaled === 0n ? 1 : abs(this.unscaled).toString().length;
  }

  /** Truncates toward zero, as Decimal.intValue()/longValue(). */
  toBigInt(): bigint {
    return this.unscaled / pow10(this.scale);
  }

  toNumber(): number {
    return Number(this.toPlainString());
  }

  toPlainString(): string {
    const neg = this.unscaled < 0n;
    let digits = abs(this.unscaled).toString();
    if (this.scale === 0) return (neg ? '-' : '') + digits;
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
    const cut = digits.length - this.scale;
    return (neg ? '-' : '') + digits.slice(0, cut) + '.' + digits.slice(cut);
  }

  /**
   * java.math.BigDecimal.toString(), which Apex uses to print Decimals: plain unless the adjusted exponent
   * is below -6, then scientific (0.00000001 → "1E-8").
   */
  toString(): string {
    const digits = abs(this.unscaled).toString();
    const adjusted = -this.scale + (digits.length - 1);
    if (this.scale >= 0 && adjusted >= -6) return this.toPlainString();
    const sign = this.unscaled < 0n ? '-' : '';
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }
}
