/**
 * Binds names (local, parameter, field, static of an outer class, type, sObject field) and resolves
 * member access and calls, with the compiler's wording for what does not resolve. Unknown types never
 * produce an error. Wordings: the Apex compiler's message catalogue (see expression-typer.ts).
 */
import {
  AssignExpressionContext,
  BoundExpressionContext,
  DotExpressionContext,
  ExpressionContext,
  IdPrimaryContext,
  LiteralPrimaryContext,
  MethodCallExpressionContext,
  PrimaryExpressionContext,
  SoqlPrimaryContext,
  ThisPrimaryContext,
  type ExpressionListContext,
  type LiteralContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import {
  findMethods,
  isExceptionClass,
  type Access,
  type ClassInfo,
  type FieldInfo,
  type MethodInfo
} from '../class-table.js';
import { accessible } from './access.js';
import {} from '../creators.js';
import type { CompileProblem } from '../errors.js';
import type { Interpreter } from '../interpreter.js';
import { instanceEntry, isLibraryClass, staticEntry, type Kind } from '../library/registry.js';
import { isDocumentedInstanceMethod, isDocumentedStaticMethod } from '../platform-members.js';
import { isKnownPlatformName } from '../platform-names.js';
import { builtinEnumName, stripSystem } from '../types.js';
import { signatureOf } from '../linker.js';
import {} from '../loader.js';
import { soqlProblems } from './soql-check.js';
import { unwritableField } from './field-writes.js';
import { instanceParams, instanceResult, staticParams, staticResult } from './library-types.js';
import {
  BOOLEAN,
  DECIMAL,
  DOUBLE,
  INTEGER,
  LONG,
  NULL_TYPE,
  STRING,
  assignable,
  display,
  fromTypeRef,
  prim,
  type SType,
  type Typed
} from './static-types.js';

export interface Local {
  readonly type: Typed;
}

/** What the left side of a dot denotes: a value of a static type, or a type name (`Util`, `System`). */
export type Qualifier = { value: Typed } | { typeName: string; cls: ClassInfo | null };

const FIELD_TYPES: Record<string, SType> = {
  id: prim('Id'),
  reference: prim('Id'),
  string: STRING,
  textarea: STRING,
  picklist: STRING,
  multipicklist: STRING,
  email: STRING,
  url: STRING,
  phone: STRING,
  boolean: BOOLEAN,
  int: INTEGER,
  double: DECIMAL,
  currency: DECIMAL,
  percent: DECIMAL,
  date: prim('Date'),
  datetime: prim('Datetime'),
  time: prim('Time')
};

/** Name binding and member resolution; ExpressionTyper adds operators, creators and casts. */
export abstract class NameResolver {
  readonly problems: CompileProblem[] = [];
  protected cls!: ClassInfo;
  protected isStatic = false;
  protected scopes: Map<string, Local>[] = [];
  /** The object of the trigger being checked (types `Trigger.new` and friends), else null. */
  protected triggerObject: string | null = null;

  constructor(protected readonly it: Interpreter) {}

  protected report(ctx: { start: { line: number; column: number } }, message: string): void {
    const p = { file: this.cls.file, line: ctx.start.line, column: ctx.start.column + 1, message };
    if (this.problems.some((q) => q.line === p.line && q.column === p.column && q.message === p.message)) return;
    this.problems.push(p);
  }

  protected lookupLocal(lower: string): Local | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(lower);
      if (v) return v;
    }
    return undefined;
  }

  /** A field or property visible by its simple name: this class, its superclasses, then outer classes. */
  protected lookupField(lower: string): { field: FieldInfo; outer: boolean } | null {
    for (let c: ClassInfo | null = this.cls; c; c = c.outer) {
      for (let s: ClassInfo | null = c; s; s = s.superClass) {
        const f = s.fields.get(lower);
        if (f) return { field: f, outer: c !== this.cls };
      }
    }
    return null;
  }

  /** Access rules (sema/access.ts): private, protected, `@TestVisible` (test classes), public, global. */
  protected visible(member: { access?: Access; owner: ClassInfo }): boolean {
    return accessible(member.access, member.owner, this.cls);
  }

  protected typeOfRef(t: Parameters<typeof fromTypeRef>[0], from: ClassInfo): Typed {
    return fromTypeRef(t, from, this.it);
  }

  /** The static type of an expression (null when not known offline). */
  /** The static type of an expression (null when not known offline). */
  abstract typeOf(e: ExpressionContext): Typed;

  /** Types every expression below a node this class does not model (keeps name checks complete). */
  protected walkChildren(ctx: ParserRuleContext): void {
    for (const c of ctx.children ?? []) {
      if (c instanceof ExpressionContext) this.typeOf(c);
      else if (c instanceof BoundExpressionContext) this.typeOf(c.expression());
      else if ('children' in c) this.walkChildren(c as ParserRuleContext);
    }
  }

  protected args(list: ExpressionListContext | null | undefined): Typed[] {
    return (list?.expression_list() ?? []).map((a) => this.typeOf(a));
  }

  private literal(l: LiteralContext): Typed {
    // Out-of-range literals do not compile, whatever their sign (glade's probes: `-9223372036854775808L`).
    if (l.IntegerLiteral()) {
      if (Number(l.getText()) > 2147483647) this.report(l, 'Illegal integer');
      return INTEGER;
    }
    if (l.LongLiteral()) {
      if (BigInt(l.getText().slice(0, -1)) > 9223372036854775807n) this.report(l, 'Illegal long');
      return LONG;
    }
    if (l.NumberLiteral()) return /[dD]$/.test(l.getText()) ? DOUBLE : DECIMAL;
    if (l.StringLiteral()) return STRING;
    if (l.BooleanLiteral()) return BOOLEAN;
    if (l.NULL()) return NULL_TYPE;
    return null;
  }

  /** A primary expression; as a qualifier (left of a dot) a bare name may also be a type. */
  protected primary(e: PrimaryExpressionContext, qualifier: boolean): Typed | Qualifier {
    const p = e.primary();
    if (p instanceof LiteralPrimaryContext) return this.wrap(this.literal(p.literal()), qualifier);
    if (p instanceof ThisPrimaryContext) {
      if (this.isStatic) this.report(p, 'This cannot be referenced in a static context');
      return this.wrap({ k: 'class', cls: this.cls }, qualifier);
    }
    if (p instanceof SoqlPrimaryContext) {
      this.soqlFields(p);
      this.walkChildren(p);
      return this.wrap(null, qualifier);
    }
    if (p instanceof IdPrimaryContext) return this.identifier(p, qualifier);
    this.walkChildren(p);
    return this.wrap(null, qualifier);
  }

  /** Inline SOQL: custom fields and custom objects the query names exist (soql-check.ts). */
  private soqlFields(p: SoqlPrimaryContext): void {
    for (const x of soqlProblems(p.soqlLiteral().query(), (n) => this.it.data.describe(n)))
      this.report(x.at, x.message);
  }

  private wrap(t: Typed, qualifier: boolean): Typed | Qualifier {
    return qualifier ? { value: t } : t;
  }

  private identifier(p: IdPrimaryContext, qualifier: boolean): Typed | Qualifier {
    const name = p.id().getText();
    const lower = name.toLowerCase();
    const local = this.lookupLocal(lower);
    if (local) return this.wrap(local.type, qualifier);
    const hit = this.lookupField(lower);
    if (hit) {
      const { field } = hit;
      if (!field.isStatic && (this.isStatic || hit.outer)) {
        this.report(
          p,
          `Non static field cannot be referenced from a static context: ${field.name} from the type ${field.owner.name}`
        );
      }
      return this.wrap(this.typeOfRef(field.type, field.owner), qualifier);
    }
    if (qualifier) {
      const cls = this.it.findClass(name, this.cls);
      if (cls) return { typeName: cls.name, cls };
      return { typeName: name, cls: null };
    }
    this.report(p, `Variable does not exist: ${name}`);
    return null;
  }

  private qualifierOf(e: ExpressionContext): Qualifier {
    if (e instanceof PrimaryExpressionContext) return this.primary(e, true) as Qualifier;
    if (e instanceof DotExpressionContext && !e.dotMethodCall()) {
      const left = this.qualifierOf(e.expression());
      if ('typeName' in left) {
        const member = e.anyId().getText();
        if (left.cls) {
          const inner = left.cls.inner.get(member.toLowerCase());
          if (inner) return { typeName: inner.name, cls: inner };
          return { value: this.staticField(left.cls, member, e) };
        }
        const dotted = `${left.typeName}.${member}`;
        const cls = this.it.findClass(dotted, this.cls);
        if (cls) return { typeName: cls.name, cls };
        return { typeName: dotted, cls: null };
      }
      return { value: this.member(left.value, e) };
    }
    return { value: this.typeOf(e) };
  }

  private staticField(cls: ClassInfo, member: string, ctx: DotExpressionContext): Typed {
    const lower = member.toLowerCase();
    if (cls.kind === 'enum') return cls.enumValues.some((v) => v.toLowerCase() === lower) ? { k: 'class', cls } : null;
    for (let s: ClassInfo | null = cls; s; s = s.superClass) {
      const f = s.fields.get(lower);
      if (f) return this.fieldType(f, ctx);
    }
    if (!cls.builtin) this.report(ctx.anyId(), `Variable does not exist: ${member}`);
    return null;
  }

  private fieldType(f: FieldInfo, at: DotExpressionContext): Typed {
    if (!this.visible(f)) this.report(at.anyId(), `Variable is not visible: ${f.name}`);
    return this.typeOfRef(f.type, f.owner);
  }

  /** `receiver.name` (no call) on a value of static type `receiver`. */
  private member(receiver: Typed, e: DotExpressionContext): Typed {
    const name = e.anyId().getText();
    const lower = name.toLowerCase();
    if (!receiver) return null;
    if (receiver.k === 'class' && !receiver.cls.builtin && receiver.cls.kind === 'class') {
      for (let s: ClassInfo | null = receiver.cls; s; s = s.superClass) {
        const f = s.fields.get(lower);
        if (f) return this.fieldType(f, e);
      }
      if (!isExceptionClass(receiver.cls)) this.report(e.anyId(), `Variable does not exist: ${name}`);
      return null;
    }
    if (receiver.k === 'sobject') return this.sobjectField(receiver.name, name, e);
    return null;
  }

  /**
   * An sObject field by the org's describe. Only custom fields (`__c`) are checked: the local schema's
   * standard objects do not carry every standard field an org has, and rejecting a real one would be
   * a false compile error.
   */
  private sobjectField(sobject: string, field: string, e: DotExpressionContext): Typed {
    const describe = this.it.data.describe(sobject);
    // A describe without fields (a stub) says nothing about which fields exist.
    if (!describe || describe.fields.length === 0) return null;
    const f = describe.fields.find((x) => x.name.toLowerCase() === field.toLowerCase());
    if (f) {
      const target = e.parentCtx;
      if (target instanceof AssignExpressionContext && target.expression(0) === e) {
        const problem = unwritableField(describe, field);
        if (problem) this.report(target, problem);
      }
      return FIELD_TYPES[f.type.toLowerCase()] ?? null;
    }
    if (/__c$/i.test(field)) this.report(e.anyId(), `Variable does not exist: ${field}`);
    return null;
  }

  protected dot(e: DotExpressionContext): Typed {
    const mc = e.dotMethodCall();
    const target = e.expression();
    if (target instanceof PrimaryExpressionContext && target.primary().getText().toLowerCase() === 'super') {
      this.args(mc?.expressionList());
      return null;
    }
    const q = this.qualifierOf(target);
    if (!mc) {
      if ('typeName' in q && !q.cls && this.triggerObject && stripSystem(q.typeName).toLowerCase() === 'trigger')
        return triggerVariable(this.triggerObject, e.anyId().getText());
      if ('typeName' in q) return q.cls ? this.staticField(q.cls, e.anyId().getText(), e) : null;
      return this.member(q.value, e);
    }
    const method = mc.anyId().getText();
    const argTypes = this.args(mc.expressionList());
    if ('typeName' in q) {
      if (q.cls && !q.cls.builtin) return this.userCall(q.cls, method, argTypes, mc, 'static');
      if (!q.cls && isLibraryClass(q.typeName)) {
        const entry = staticEntry(q.typeName, method);
        // documented on the org but not in the runtime's library: it compiles and fails loudly when run
        if (!entry && isDocumentedStaticMethod(q.typeName, method)) return null;
        if (!entry || !entry.arity.includes(argTypes.length) || !fits(staticParams(q.typeName, method), argTypes))
          this.notFound(e, method, argTypes, stripSystem(q.typeName));
        return staticResult(q.typeName, method);
      }
      if (!q.cls && target instanceof PrimaryExpressionContext && !this.knownTypeName(q.typeName)) {
        this.report(e, `Variable does not exist: ${q.typeName}`);
      }
      return null;
    }
    const r = q.value;
    if (!r) return null;
    // Field-level addError (`record.Field__c.addError(msg)`, "Trigger Exceptions"): on a field of an sObject.
    if (method.toLowerCase() === 'adderror' && target instanceof DotExpressionContext && !target.dotMethodCall()) {
      const base = this.qualifierOf(target.expression());
      if ('value' in base && base.value?.k === 'sobject') return { k: 'void' };
    }
    if (r.k === 'class') {
      if (r.cls.builtin || r.cls.kind === 'enum' || isExceptionClass(r.cls)) return null;
      if (['tostring', 'equals', 'hashcode'].includes(method.toLowerCase())) return null;
      return this.userCall(r.cls, method, argTypes, mc, 'instance');
    }
    const kind = libraryKind(r);
    if (kind && platformOnlyMember(r, method)) return null;
    if (kind) {
      const entry = instanceEntry(kind, method) ?? instanceEntry('Object', method);
      // documented on the org but not in the runtime's library: it compiles and fails loudly when run
      if (!entry && isDocumentedInstanceMethod(kind, method)) return null;
      if (
        !entry ||
        !entry.arity.includes(argTypes.length) ||
        absentOnTheOrg(kind, method) ||
        !fits(instanceParams(r, method), argTypes)
      ) {
        this.notFound(mc, method, argTypes, display(r));
        return null;
      }
    }
    return instanceResult(r, method);
  }

  private knownTypeName(name: string): boolean {
    return !!(
      this.it.findClass(name, this.cls) ||
      isLibraryClass(name) ||
      builtinEnumName(name) ||
      isKnownPlatformName(name) ||
      this.it.isSObjectType(name)
    );
  }

  protected notFound(at: ParserRuleContext, method: string, argTypes: readonly Typed[], type: string): void {
    this.report(
      at,
      `Method does not exist or incorrect signature: void ${method}(${argTypes.map(display).join(', ')}) from the type ${type}`
    );
  }

  protected localCall(e: MethodCallExpressionContext): Typed {
    const mc = e.methodCall();
    const argTypes = this.args(mc.expressionList());
    const id = mc.id();
    if (!id) return null; // this(...) / super(...)
    const name = id.getText();
    for (let c: ClassInfo | null = this.cls; c; c = c.outer) {
      const all = findMethods(c, name.toLowerCase());
      if (!all.length) continue;
      const byArity = all.filter((m) => m.params.length === argTypes.length);
      // From a static method (or an inner class, which has no outer instance) only statics are callable.
      if (byArity.length && byArity.every((m) => !m.isStatic) && (this.isStatic || c !== this.cls)) {
        this.report(mc, `Non static method cannot be referenced from a static context: ${signatureOf(byArity[0])}`);
        return this.resultOf(byArity[0]);
      }
      return this.userCall(c, name, argTypes, mc, 'local');
    }
    this.notFound(mc, name, argTypes, this.cls.name);
    return null;
  }

  /** Resolves a call on a user class by arity and static argument types; returns the result type. */
  protected userCall(
    cls: ClassInfo,
    method: string,
    argTypes: readonly Typed[],
    at: ParserRuleContext,
    mode: 'static' | 'instance' | 'local'
  ): Typed {
    const lower = method.toLowerCase();
    if (cls.kind === 'enum' && (lower === 'values' || lower === 'valueof')) return null;
    let candidates = findMethods(cls, lower).filter((m) => m.params.length === argTypes.length);
    if (mode === 'static') {
      const statics = candidates.filter((m) => m.isStatic);
      if (candidates.length && !statics.length) {
        this.report(at, `Non static method cannot be referenced from a static context: ${signatureOf(candidates[0])}`);
        return this.resultOf(candidates[0]);
      }
      candidates = statics;
    }
    const applicable = candidates.filter((m) =>
      m.params.every((p, i) => assignable(argTypes[i], this.typeOfRef(p.type, m.owner)))
    );
    if (!applicable.length) {
      this.notFound(at, method, argTypes, cls.name);
      return null;
    }
    if (applicable.every((m) => !this.visible(m)))
      this.report(at, `Method is not visible: ${signatureOf(applicable[0])}`);
    else if (mode === 'instance' && applicable.every((m) => m.isStatic))
      this.report(at, `Static method cannot be referenced from a non static context: ${signatureOf(applicable[0])}`);
    const results = applicable.map((m) => this.resultOf(m));
    return results.every((r) => r && results[0] && display(r) === display(results[0])) ? results[0] : null;
  }

  private resultOf(m: MethodInfo): Typed {
    return m.returnType ? this.typeOfRef(m.returnType, m.owner) : { k: 'void' };
  }
}

/** The static type of a trigger context variable (`Trigger.new`, …) for a trigger on `sobject`. */
function triggerVariable(sobject: string, name: string): Typed {
  const row: SType = { k: 'sobject', name: sobject };
  const n = name.toLowerCase();
  if (n === 'new' || n === 'old') return { k: 'coll', name: 'List', args: [row] };
  if (n === 'newmap' || n === 'oldmap') return { k: 'coll', name: 'Map', args: [prim('Id'), row] };
  if (n === 'size') return INTEGER;
  if (/^is(executing|insert|update|delete|undelete|before|after)$/.test(n)) return BOOLEAN;
  return null;
}

/**
 * Members the Apex Reference documents on Id ("Id Class": addError, getSObjectType, to15) and List
 * (getSObjectType) that the runtime's String and List tables do not carry: they compile (a call the
 * runtime cannot run fails loudly there), so valid code such as apex-recipes' `recordId.getSObjectType()`
 * is not rejected.
 */
function platformOnlyMember(t: SType, method: string): boolean {
  const m = method.toLowerCase();
  if (isPrimType(t, 'Id')) return ['adderror', 'getsobjecttype', 'to15'].includes(m);
  return t.k === 'coll' && t.name === 'List' && m === 'getsobjecttype';
}

function isPrimType(t: SType, name: string): boolean {
  return t.k === 'prim' && t.name === name;
}

/** The runtime library's method-table kind of a static type (for existence and arity checks). */
function libraryKind(t: SType): Kind | null {
  if (t.k === 'coll') return t.name;
  if (t.k !== 'prim') return null;
  if (t.name === 'Id') return 'String';
  const kinds: readonly string[] = [
    'String',
    'Integer',
    'Long',
    'Double',
    'Decimal',
    'Boolean',
    'Date',
    'Datetime',
    'Time'
  ];
  return kinds.includes(t.name) ? (t.name as Kind) : null;
}

/**
 * Whether static argument types fit one of a platform method's recorded overloads. Overloads are
 * compared only at the call's argument count: a count the table does not list is left to the arity
 * check, so a partial table never rejects a call the runtime library accepts.
 */
function fits(sigs: readonly (readonly Typed[])[] | null, argTypes: readonly Typed[]): boolean {
  const same = (sigs ?? []).filter((s) => s.length === argTypes.length);
  return !same.length || same.some((s) => s.every((p, i) => assignable(argTypes[i], p)));
}

/**
 * Methods the runtime's shared number table answers for every numeric kind but an org's compiler
 * rejects on these types (scratch-org probes published by glade-sh/glade, internal/sema value-collection
 * wording tests: `Integer.intValue()`, `Double.setScale(2)`, `Double.abs()`, …).
 */
const ABSENT: Partial<Record<Kind, readonly string[]>> = {
  Integer: ['intvalue', 'longvalue'],
  Double: ['setscale', 'doublevalue', 'abs', 'compareto']
};

function absentOnTheOrg(kind: Kind, method: string): boolean {
  return ABSENT[kind]?.includes(method.toLowerCase()) ?? false;
}
