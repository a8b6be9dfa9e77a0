/**
 * Declaration rules of classes and constructors the compiler enforces (message catalogue, see
 * expression-typer.ts): top-level types are public or global unless they are tests; a subclass whose
 * superclass has constructors but no no-argument one calls `super(...)`/`this(...)` explicitly; such a
 * call is a constructor's first statement.
 */
import { MethodCallExpressionContext, type BlockContext } from '@apexdevtools/apex-parser';
import type { ClassInfo } from '../class-table.js';
import { classAnnotations, classModifiers } from './access.js';

export interface DeclarationProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** `this(...)` or `super(...)` when the statement is such a call. */
function chainCall(s: ReturnType<BlockContext['statement_list']>[number]): 'this' | 'super' | null {
  const e = s.expressionStatement()?.expression();
  if (!(e instanceof MethodCallExpressionContext)) return null;
  const mc = e.methodCall();
  return mc.THIS() ? 'this' : mc.SUPER() ? 'super' : null;
}

export function declarationProblems(cls: ClassInfo): DeclarationProblem[] {
  const out: DeclarationProblem[] = [];
  if (!cls.outer && !cls.builtin && cls.decl) {
    const mods = classModifiers(cls).map((m) => m.getText().toLowerCase());
    if (!mods.includes('public') && !mods.includes('global') && !classAnnotations(cls).has('istest'))
      out.push({ line: cls.line, column: cls.column, message: 'Top-level type must have public or global visibility' });
  }
  for (const m of [...cls.ctors, ...[...cls.methods.values()].flat()]) {
    m.body?.statement_list().forEach((s, i) => {
      const call = chainCall(s);
      if (call && (i > 0 || !m.isConstructor))
        out.push({
          line: s.start.line,
          column: s.start.column + 1,
          message: `Call to '${call}()' must be the first statement in a constructor method`
        });
    });
  }
  const sup = cls.superClass;
  if (cls.kind === 'class' && sup && !sup.builtin && sup.ctors.length && !sup.ctors.some((c) => !c.params.length)) {
    const message = `No default constructor available in super type: ${sup.name}`;
    if (!cls.ctors.length) out.push({ line: cls.line, column: cls.column, message });
    for (const c of cls.ctors) {
      const first = c.body?.statement_list()[0];
      if (!first || !chainCall(first)) out.push({ line: c.line, column: c.column, message });
    }
  }
  return out;
}
