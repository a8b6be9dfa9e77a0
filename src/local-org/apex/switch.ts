/** `switch on`: literals, enum values, sObject types with a binding, null and `when else`. */
import type { SwitchStatementContext, WhenLiteralContext } from '@apexdevtools/apex-parser';
import { evaluate } from './expressions.js';
import type { Interpreter } from './interpreter.js';
import { unescapeApexString } from './literals.js';
import { toTypeRef } from './loader.js';
import { BREAK, CONTINUE, NORMAL, RETURN, execBlock, type Completion } from './statements.js';
import { instanceOf } from './types.js';
import { ApexDecimal } from './decimal.js';
import { ApexEnumValue, ApexSObject, type Value } from './values.js';

function literalValue(w: WhenLiteralContext): Value {
  const inner = w.whenLiteral();
  if (inner) return literalValue(inner);
  const text = w.getText();
  if (w.NULL()) return null;
  if (w.StringLiteral()) return unescapeApexString(text);
  if (w.LongLiteral()) return BigInt(text.replace(/[lL]$/, ''));
  if (w.IntegerLiteral()) return Number(text);
  return text;
}

function matches(it: Interpreter, v: Value, w: WhenLiteralContext): boolean {
  const q = w.qualifiedName();
  if (q) {
    const ids = q.id_list();
    const name = ids[ids.length - 1].getText();
    return v instanceof ApexEnumValue && v.name.toLowerCase() === name.toLowerCase();
  }
  const lit = literalValue(w);
  if (lit === null) return v === null;
  if (typeof lit === 'string') return v === lit; // case-sensitive, per the Apex Developer Guide
  if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v) === BigInt(lit as number | bigint);
  if (v instanceof ApexDecimal) return v.compareTo(ApexDecimal.fromInt(lit as number)) === 0;
  return false;
}

export function execSwitch(it: Interpreter, s: SwitchStatementContext): Completion {
  const v = evaluate(it, s.expression());
  for (const wc of s.whenControl_list()) {
    const wv = wc.whenValue();
    let hit = false;
    const scopes = it.frame.scopes;
    scopes.push(new Map());
    try {
      if (wv.ELSE()) hit = true;
      else if (wv.typeRef()) {
        const t = toTypeRef(wv.typeRef());
        hit = v instanceof ApexSObject && instanceOf(v, t, it.frame.cls, it);
        if (hit) scopes[scopes.length - 1].set(wv.id().getText().toLowerCase(), { type: t, value: v });
      } else hit = wv.whenLiteral_list().some((w) => matches(it, v, w));
      if (hit) {
        const c = execBlock(it, wc.block());
        return c === BREAK || c === CONTINUE || c === RETURN ? c : NORMAL;
      }
    } finally {
      scopes.pop();
    }
  }
  return NORMAL;
}
