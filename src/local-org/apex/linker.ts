/** Links loaded classes (superclass, interfaces) and reports declaration-level compile problems. */
import { duplicateFields } from './loader.js';
import { isExceptionClass, type ClassInfo, type MethodInfo } from './class-table.js';
import type { CompileProblem } from './errors.js';
import type { Interpreter } from './interpreter.js';
import { typeToString } from './values.js';

function signature(m: MethodInfo): string {
  return `${m.name.toLowerCase()}(${m.params.map((p) => typeToString(p.type).toLowerCase()).join(',')})`;
}

export function linkClasses(it: Interpreter, classes: readonly ClassInfo[]): CompileProblem[] {
  const problems: CompileProblem[] = [];
  const at = (c: ClassInfo, line: number, column: number, message: string): void => {
    problems.push({ file: c.file, line, column, message });
  };
  for (const c of classes) {
    if (c.superRef) {
      const s = it.findClass(c.superRef.name, c.outer ?? c);
      if (!s) at(c, c.line, c.column, `Invalid type: ${c.superRef.name}`);
      else if (s.kind !== 'class')
        at(c, c.line, c.column, `Class ${c.name} must extend a class, not ${s.kind} ${s.name}`);
      else if (!s.builtin && !s.isVirtual && !s.isAbstract)
        at(c, c.line, c.column, `Non-virtual and non-abstract type cannot be extended: ${s.name}`);
      else c.superClass = s;
    }
    for (const ref of c.interfaceRefs) {
      const i = it.findClass(ref.name, c.outer ?? c);
      if (!i) at(c, c.line, c.column, `Invalid interface: ${ref.name}`);
      else if (i.kind !== 'interface') at(c, c.line, c.column, `${ref.name} is not an interface`);
      else c.interfaces.push(i);
    }
  }
  for (const c of classes) {
    if (c.kind === 'class' && isExceptionClass(c) && !c.name.endsWith('Exception')) {
      at(c, c.line, c.column, `Classes extending Exception must have a name ending in 'Exception': ${c.name}`);
    }
    for (const d of duplicateFields.get(c) ?? []) at(c, d.line, d.column, `Duplicate field: ${d.name}`);
    for (const overloads of c.methods.values()) {
      const seen = new Set<string>();
      for (const m of overloads) {
        const sig = signature(m);
        if (seen.has(sig)) at(c, m.line, m.column, `Method already defined: ${sig}`);
        seen.add(sig);
      }
    }
    const ctorSigs = new Set<string>();
    for (const m of c.ctors) {
      const sig = signature(m);
      if (ctorSigs.has(sig)) at(c, m.line, m.column, `Constructor already defined: ${sig}`);
      ctorSigs.add(sig);
      if (m.name.toLowerCase() !== c.name.slice(c.name.lastIndexOf('.') + 1).toLowerCase()) {
        at(c, m.line, m.column, `Invalid constructor name: ${m.name}`);
      }
    }
    for (const overloads of c.methods.values()) {
      for (const m of overloads) {
        if (m.isAbstract && c.kind === 'class' && !c.isAbstract) {
          at(c, m.line, m.column, `Abstract methods can only be declared in abstract classes: ${m.name}`);
        }
        if (!m.body && c.kind === 'class' && !m.isAbstract)
          at(c, m.line, m.column, `Method must have a body: ${m.name}`);
      }
    }
  }
  return problems;
}
