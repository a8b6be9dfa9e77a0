/**
 * `switch on` rules the compiler enforces: the switch expression's type (Integer, Long, String, sObject
 * or enum — Apex Developer Guide, "Switch Statements",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_switch.htm),
 * `when` literals of that type, each value in one branch only, `when else` last. Wordings: the
 * compiler's message catalogue (see expression-typer.ts). Unknown types never produce an error.
 */
import type { WhenControlContext, WhenLiteralContext } from '@apexdevtools/apex-parser';
import { display, isPrim, type Typed } from './static-types.js';

export interface SwitchProblem {
  readonly at: { start: { line: number; column: number } };
  readonly message: string;
}

/** The type of a `when` literal (`String`, `Integer`, `Long`, `NULL`), or null for a name (enum value, constant). */
function literalType(w: WhenLiteralContext): string | null {
  const inner = w.whenLiteral();
  if (inner) return literalType(inner);
  if (w.NULL()) return 'NULL';
  if (w.StringLiteral() || w.MultilineStringLiteral()) return 'String';
  if (w.LongLiteral()) return 'Long';
  if (w.IntegerLiteral()) return 'Integer';
  return null;
}

function validSwitchType(t: Typed): boolean {
  if (!t || t.k === 'null' || t.k === 'sobject' || t.k === 'enum') return true;
  if (t.k === 'class') return t.cls.kind === 'enum';
  if (t.k === 'prim') return ['Integer', 'Long', 'String', 'Id', 'SObject', 'Object'].includes(t.name);
  return false;
}

/** Whether a literal of type `lit` may label a branch of a switch on `t`. */
function literalFits(lit: string, t: Typed): boolean {
  if (lit === 'NULL') return true;
  if (isPrim(t, 'String') || isPrim(t, 'Id')) return lit === 'String';
  if (isPrim(t, 'Integer')) return lit === 'Integer';
  if (isPrim(t, 'Long')) return lit === 'Integer' || lit === 'Long';
  return true;
}

const isSObjectType = (t: Typed): boolean => t?.k === 'sobject' || isPrim(t, 'SObject');

export function switchProblems(
  expression: { start: { line: number; column: number } },
  t: Typed,
  whens: readonly WhenControlContext[]
): SwitchProblem[] {
  const out: SwitchProblem[] = [];
  if (!validSwitchType(t)) {
    out.push({ at: expression, message: `${display(t)} is not a valid switch expression type` });
    return out;
  }
  const seen = new Set<string>();
  whens.forEach((w, i) => {
    const value = w.whenValue();
    if (value.ELSE()) {
      if (i !== whens.length - 1) out.push({ at: w, message: "'when else' must be the last when block" });
      return;
    }
    for (const lit of value.whenLiteral_list()) {
      const type = literalType(lit);
      if (type && isSObjectType(t) && type !== 'NULL') {
        out.push({ at: lit, message: "Switching on SObject types must be a 'when type variable' or 'when null'" });
        continue;
      }
      if (type && t && !literalFits(type, t)) {
        out.push({
          at: lit,
          message: `${type} value in 'when expression' cannot be implicitly converted to the ${display(t)} type in switch expression`
        });
        continue;
      }
      // String values are case-sensitive; names (enum values) are not.
      const key = type === 'String' ? lit.getText() : lit.getText().toLowerCase();
      if (seen.has(key))
        out.push({
          at: lit,
          message: `${lit.getText()} occurs as more than one when branch for this switch statement`
        });
      seen.add(key);
    }
  });
  return out;
}
