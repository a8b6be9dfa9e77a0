/** The class table: what the loader knows about every class, interface and enum. */
import type {
  BlockContext,
  ExpressionContext,
  GetterContext,
  SetterContext,
  ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import type { TypeRef } from './values.js';

export interface ParamInfo {
  readonly name: string;
  readonly type: TypeRef;
}

export interface MethodInfo {
  readonly name: string;
  readonly params: readonly ParamInfo[];
  /** null for void (and constructors). */
  readonly returnType: TypeRef | null;
  readonly isStatic: boolean;
  readonly isAbstract: boolean;
  readonly isVirtual: boolean;
  readonly isOverride: boolean;
  readonly isConstructor: boolean;
  readonly body: BlockContext | null;
  readonly owner: ClassInfo;
  readonly line: number;
  readonly column: number;
  /** For built-in methods (exception constructors and accessors). */
  readonly native?: NativeMethod;
  /** Lower-cased annotations without '@' (future, istest, auraenabled, …; parameters as `name:key=value`). */
  readonly annotations?: ReadonlySet<string>;
  /** Declared access (members without a modifier are private); absent for built-ins. */
  readonly access?: Access;
}

/** Member access as declared; private or protected members marked `@TestVisible` are recorded as `testvisible`. */
export type Access = 'private' | 'protected' | 'public' | 'global' | 'testvisible';

/** A method implemented in TypeScript (used for built-in exception members). */
export type NativeMethod = (self: unknown, args: readonly unknown[]) => unknown;

export interface PropertyAccessors {
  /** 'auto' for `get;`, a block for `get { … }`, undefined when absent. */
  readonly getter?: 'auto' | GetterContext;
  readonly setter?: 'auto' | SetterContext;
}

export interface FieldInfo {
  readonly name: string;
  readonly type: TypeRef;
  readonly isStatic: boolean;
  readonly isFinal: boolean;
  readonly init: ExpressionContext | null;
  readonly property: PropertyAccessors | null;
  /** Lower-cased annotations without '@' (auraenabled, testvisible, …; parameters as `name:key=value`). */
  readonly annotations?: ReadonlySet<string>;
  readonly owner: ClassInfo;
  readonly access?: Access;
  readonly line: number;
  readonly column: number;
}

export type Initializer = { kind: 'field'; field: FieldInfo } | { kind: 'block'; block: BlockContext };

export type ClassKind = 'class' | 'interface' | 'enum';

export interface ClassInfo {
  /** Display name: "Foo", "Outer.Inner", or "System.NullPointerException" for built-ins. */
  readonly name: string;
  readonly kind: ClassKind;
  readonly file: string;
  readonly outer: ClassInfo | null;
  readonly superRef: TypeRef | null;
  readonly interfaceRefs: readonly TypeRef[];
  superClass: ClassInfo | null;
  interfaces: ClassInfo[];
  readonly isAbstract: boolean;
  readonly isVirtual: boolean;
  readonly builtin: boolean;
  /** lower-cased name → field or property. */
  readonly fields: Map<string, FieldInfo>;
  /** lower-cased name → overloads. */
  readonly methods: Map<string, MethodInfo[]>;
  readonly ctors: MethodInfo[];
  readonly staticInits: Initializer[];
  readonly instanceInits: Initializer[];
  /** lower-cased simple name → inner type. */
  readonly inner: Map<string, ClassInfo>;
  readonly enumValues: string[];
  readonly decl: ParserRuleContext | null;
  readonly line: number;
  readonly column: number;
}

export function newClassInfo(init: {
  name: string;
  kind: ClassKind;
  file: string;
  outer?: ClassInfo | null;
  superRef?: TypeRef | null;
  interfaceRefs?: TypeRef[];
  isAbstract?: boolean;
  isVirtual?: boolean;
  builtin?: boolean;
  decl?: ParserRuleContext | null;
  line?: number;
  column?: number;
}): ClassInfo {
  return {
    name: init.name,
    kind: init.kind,
    file: init.file,
    outer: init.outer ?? null,
    superRef: init.superRef ?? null,
    interfaceRefs: init.interfaceRefs ?? [],
    superClass: null,
    interfaces: [],
    isAbstract: init.isAbstract ?? false,
    isVirtual: init.isVirtual ?? false,
    builtin: init.builtin ?? false,
    fields: new Map(),
    methods: new Map(),
    ctors: [],
    staticInits: [],
    instanceInits: [],
    inner: new Map(),
    enumValues: [],
    decl: init.decl ?? null,
    line: init.line ?? 1,
    column: init.column ?? 1
  };
}

/** True when `cls` is `ancestor` or inherits from / implements it. */
export function isSubclassOf(cls: ClassInfo, ancestor: ClassInfo): boolean {
  for (let c: ClassInfo | null = cls; c; c = c.superClass) {
    if (c === ancestor) return true;
    for (const i of c.interfaces) if (isSubclassOf(i, ancestor)) return true;
  }
  return false;
}

/** Finds a method's overloads along the superclass chain (and interfaces, for abstract lookups). */
const methodCache = new WeakMap<ClassInfo, Map<string, MethodInfo[]>>();

const linkedOnce = new WeakSet<ClassInfo>();
let generation = 0;

/**
 * Clears cached method lookups (call after re-linking classes). Re-linking a class that was linked before
 * (a redeploy) starts a new link generation: code lowered against the old links (lower/) is then stale.
 */
export function clearMethodCache(cls: ClassInfo): void {
  methodCache.delete(cls);
  if (linkedOnce.has(cls)) generation++;
  else linkedOnce.add(cls);
}

/** The current link generation (see clearMethodCache). */
export function linkGeneration(): number {
  return generation;
}

export function findMethods(cls: ClassInfo, lowerName: string): MethodInfo[] {
  let byName = methodCache.get(cls);
  if (!byName) {
    byName = new Map();
    methodCache.set(cls, byName);
  }
  let found = byName.get(lowerName);
  if (!found) {
    found = collectMethods(cls, lowerName);
    byName.set(lowerName, found);
  }
  return found;
}

function collectMethods(cls: ClassInfo, lowerName: string): MethodInfo[] {
  const out: MethodInfo[] = [];
  const seen = new Set<ClassInfo>();
  const visit = (c: ClassInfo | null): void => {
    if (!c || seen.has(c)) return;
    seen.add(c);
    out.push(...(c.methods.get(lowerName) ?? []));
    visit(c.superClass);
    for (const i of c.interfaces) visit(i);
  };
  visit(cls);
  return out;
}

export function findField(cls: ClassInfo, lowerName: string): FieldInfo | null {
  for (let c: ClassInfo | null = cls; c; c = c.superClass) {
    const f = c.fields.get(lowerName);
    if (f) return f;
  }
  return null;
}

export function isExceptionClass(cls: ClassInfo): boolean {
  for (let c: ClassInfo | null = cls; c; c = c.superClass) if (c.name === 'Exception') return true;
  return false;
}

/** The top-level class of a (possibly inner) class: the one a file and an ApexClass row are named for. */
export function topClass(c: ClassInfo): ClassInfo {
  let t = c;
  while (t.outer) t = t.outer;
  return t;
}
