/**
 * Declaration rules of annotations: `@future` methods are static, void and take primitives or
 * collections of primitives (Apex Developer Guide, "Future Annotation",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_annotation_future.htm);
 * test methods and `@TestSetup` methods take no arguments, test setup methods return void, and only
 * top-level non-exception classes are `@IsTest` ("IsTest Annotation", "Using Test Setup Methods");
 * non-static `@AuraEnabled` methods are getters without parameters. Wordings: the compiler's message
 * catalogue (see expression-typer.ts) and, for future parameters, a public capture
 * (https://salesforce.stackexchange.com/questions/180801); docs/platform-facts.md says which are verified.
 */
import { isExceptionClass, type ClassInfo, type MethodInfo } from '../class-table.js';
import { typeToString, type TypeRef } from '../values.js';
import { classAnnotations } from './access.js';

export interface AnnotationProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const PRIMITIVES = new Set(
  ['Integer', 'Long', 'Double', 'Decimal', 'String', 'Id', 'Boolean', 'Date', 'Datetime', 'Time', 'Blob'].map((n) =>
    n.toLowerCase()
  )
);

function primitive(t: TypeRef): boolean {
  return t.args.length === 0 && PRIMITIVES.has(t.name.toLowerCase().replace(/^system\./, ''));
}

/**
 * Whether a `@future` parameter type is allowed: a primitive, or a List/Set/Map of primitives (no nested
 * collections, no Object, no sObjects). Enums and other names the checker cannot classify are allowed:
 * a false compile error on valid Apex is worse than a missing one.
 */
function futureParamAllowed(t: TypeRef, isKnownNonPrimitive: (t: TypeRef) => boolean): boolean {
  const scalar = (x: TypeRef): boolean => primitive(x) || !isKnownNonPrimitive(x);
  const n = t.name.toLowerCase();
  if (n === 'list' || n === 'set' || n === 'map') return t.args.length > 0 && t.args.every(scalar);
  return scalar(t);
}

function methodProblems(m: MethodInfo, isKnownNonPrimitive: (t: TypeRef) => boolean): AnnotationProblem[] {
  const out: AnnotationProblem[] = [];
  const at = (message: string): void => void out.push({ line: m.line, column: m.column, message });
  const a = m.annotations ?? new Set<string>();
  if (a.has('future')) {
    if (!m.isStatic) at('Future methods must be declared as static');
    if (m.returnType) at(`Future methods do not support return type of ${typeToString(m.returnType)}`);
    for (const p of m.params)
      if (!futureParamAllowed(p.type, isKnownNonPrimitive)) at(`Unsupported parameter type ${typeToString(p.type)}`);
  }
  if ((a.has('istest') || a.has('testsetup')) && m.params.length) at('Test methods must have no arguments');
  if (a.has('testsetup') && m.returnType) at('Test setup method must return void');
  if (a.has('auraenabled') && !m.isStatic) {
    if (m.params.length) at('Non static AuraEnabled methods may not have parameters');
    if (!/^get/i.test(m.name)) at("Non static AuraEnabled methods must be named with a prefix 'get'");
  }
  return out;
}

/** Annotation problems of one class's own declarations (not its inner classes, which are checked on their own). */
export function annotationProblems(cls: ClassInfo, isKnownNonPrimitive: (t: TypeRef) => boolean): AnnotationProblem[] {
  const out: AnnotationProblem[] = [];
  if (!cls.builtin && classAnnotations(cls).has('istest') && (cls.outer || isExceptionClass(cls)))
    out.push({
      line: cls.line,
      column: cls.column,
      message: 'Only top-level non-exception class types can be marked as tests'
    });
  for (const overloads of cls.methods.values())
    for (const m of overloads) out.push(...methodProblems(m, isKnownNonPrimitive));
  return out;
}
