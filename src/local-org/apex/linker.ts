/** Links loaded classes (superclass, interfaces) and reports declaration-level compile problems. */
import { duplicateFields } from './loader.js';
import { clearMethodCache, isExceptionClass, type ClassInfo, type MethodInfo } from './class-table.js';
import type { CompileProblem } from './errors.js';
import type { Interpreter } from './interpreter.js';
import { typeToString } from './values.js';

/** How the compiler names a method in its messages: `Integer Util.twice(Integer)`. */
export function signatureOf(m: MethodInfo): string {
  const ret = m.returnType ? typeToString(m.returnType) : 'void';
  return `${ret} ${m.owner.name}.${m.name}(${m.params.map((p) => typeToString(p.type)).join(', ')})`;
}

function signature(m: MethodInfo): string {
  return `${m.name.toLowerCase()}(${m.params.map((p) => typeToString(p.type).toLowerCase()).join(',')})`;
}

export function linkClasses(it: Interpreter, classes: readonly ClassInfo[]): CompileProblem[] {
  const problems: CompileProblem[] = [];
  const at = (c: ClassInfo, line: number, column: number, message: string): void => {
    problems.push({ file: c.file, line, column, message });
  };
  for (const c of classes) clearMethodCache(c);
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
        if (c.kind === 'class' && !m.isStatic) checkOverride(c, m, at);
      }
    }
    if (c.kind === 'class' && !c.isAbstract) checkImplemented(c, at);
  }
  return problems;
}

type Report = (c: ClassInfo, line: number, column: number, message: string) => void;

function sameParams(a: MethodInfo, b: MethodInfo): boolean {
  return signature(a) === signature(b);
}

/** The inherited method `m` would override (superclasses only), if any. */
function inherited(c: ClassInfo, m: MethodInfo): MethodInfo | null {
  for (let s = c.superClass; s; s = s.superClass) {
    const hit = (s.methods.get(m.name.toLowerCase()) ?? []).find((x) => !x.isStatic && sameParams(x, m));
    if (hit) return hit;
  }
  return null;
}

/** `override` must match a virtual or abstract ancestor method, and redefining one requires `override`. */
function checkOverride(c: ClassInfo, m: MethodInfo, at: Report): void {
  const parent = inherited(c, m);
  // Wordings: the compiler's catalogue (method.does.not.override, methods.must.override,
  // non.virtual.methods.cannot.override); see docs/platform-facts.md.
  // A platform superclass (VisualEditor.DynamicPickList, …) has methods the class table does not list.
  if (m.isOverride && !parent && !extendsPlatformClass(c))
    at(c, m.line, m.column, `@Override specified for non-overriding method: ${signatureOf(m)}`);
  if (parent && !m.isOverride && (parent.isVirtual || parent.isAbstract)) {
    at(c, m.line, m.column, `Method must use the override keyword: ${signatureOf(m)}`);
  }
  if (parent && m.isOverride && !parent.isVirtual && !parent.isAbstract && !parent.isOverride) {
    at(c, m.line, m.column, `Non-virtual, non-abstract methods cannot be overridden: ${signatureOf(parent)}`);
  }
}

/** True when a superclass in the chain is a platform class or could not be resolved. */
function extendsPlatformClass(c: ClassInfo): boolean {
  for (let s: ClassInfo | null = c; s; s = s.superClass) {
    if (s !== c && s.builtin) return true;
    if (s.superRef && !s.superClass) return true;
  }
  return false;
}

function allInterfaceMethods(c: ClassInfo, out: MethodInfo[], seen = new Set<ClassInfo>()): MethodInfo[] {
  for (let s: ClassInfo | null = c; s; s = s.superClass) {
    for (const i of s.interfaces) {
      if (seen.has(i)) continue;
      seen.add(i);
      for (const ms of i.methods.values()) out.push(...ms);
      allInterfaceMethods(i, out, seen);
    }
  }
  return out;
}

/** A concrete class must implement every abstract and interface method it inherits. */
function checkImplemented(c: ClassInfo, at: Report): void {
  const fromInterfaces = allInterfaceMethods(c, []);
  const required: MethodInfo[] = [...fromInterfaces];
  for (let s = c.superClass; s; s = s.superClass)
    for (const ms of s.methods.values()) required.push(...ms.filter((m) => m.isAbstract));
  for (const r of required) {
    let found = false;
    for (let s: ClassInfo | null = c; s && !found; s = s.superClass) {
      found = (s.methods.get(r.name.toLowerCase()) ?? []).some((m) => !!m.body && m.params.length === r.params.length);
    }
    if (!found && !r.owner.builtin) {
      at(
        c,
        c.line,
        c.column,
        `Class ${c.name} must implement the ${fromInterfaces.includes(r) ? 'method' : 'abstract method'}: ${signatureOf(r)}`
      );
    }
  }
}
