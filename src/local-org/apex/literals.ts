/** Apex literals: Integer, Long, Decimal (1.5), Double (1.5d), String with escapes, Boolean, null. */
import type { LiteralContext } from '@apexdevtools/apex-parser';
import { ApexDecimal } from './decimal.js';
import { ApexCompileError } from './errors.js';
import type { Interpreter } from './interpreter.js';
import { ApexDouble, type Value } from './values.js';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', "'": "'", '"': '"', '\\': '\\' };

export function unescapeApexString(quoted: string): string {
  const body = quoted.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, c: string) =>
    c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : (ESCAPES[c] ?? c)
  );
}

const cache = new WeakMap<LiteralContext, Value>();

export function parseLiteral(it: Interpreter, lit: LiteralContext): Value {
  const cached = cache.get(lit);
  if (cached !== undefined) return cached;
  const v = computeLiteral(it, lit);
  // Only immutable values are cached (all literal values are immutable).
  cache.set(lit, v);
  return v;
}

function computeLiteral(it: Interpreter, lit: LiteralContext): Value {
  const text = lit.getText();
  if (lit.IntegerLiteral()) {
    const n = Number(text);
    if (n > 2147483647) {
      throw new ApexCompileError([{ ...it.pos(lit), message: 'Illegal integer' }]);
    }
    return n;
  }
  if (lit.LongLiteral()) return BigInt(text.slice(0, -1));
  if (lit.NumberLiteral()) {
    if (/[dD]$/.test(text)) return new ApexDouble(Number(text.slice(0, -1)));
    const d = ApexDecimal.parse(text);
    if (!d) throw new ApexCompileError([{ ...it.pos(lit), message: `Illegal decimal: ${text}` }]);
    return d;
  }
  if (lit.StringLiteral()) return unescapeApexString(text);
  if (lit.MultilineStringLiteral()) return it.unsupported('multiline string literal', lit);
  if (lit.BooleanLiteral()) return text.toLowerCase() === 'true';
  return null;
}
