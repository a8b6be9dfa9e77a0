/** Names, member access, method calls and assignment targets. */
import { readSObjectField } from './queried-fields.js';
import {
  ArrayExpressionContext,
  DotExpressionContext,
  IdPrimaryContext,
  LiteralPrimaryContext,
  PrimaryExpressionContext,
  SoqlPrimaryContext,
  SoslPrimaryContext,
  SuperPrimaryContext,
  ThisPrimaryContext,
  TypeRefPrimaryContext,
  VoidPrimaryContext,
  type ExpressionContext,
  type MethodCallContext,
  type ApexParserRuleContext as ParserRuleContext,
  type PrimaryContext
} from '@apexdevtools/apex-parser';
import {
  accessorBacking,
  callUserMethod,
  findInstanceField,
  getFieldValue,
  invoke,
  rawStore,
  selectOverload,
  setFieldValue
} from './calls.js';
import { findMethods, isSubclassOf, type ClassInfo } from './class-table.js';
import { ApexCompileError } from './errors.js';
import { evaluate, evaluateArgs } from './expressions.js';
import type { Interpreter } from './interpreter.js';
import { callInstanceLibrary, callStaticLibrary, isLibraryClass, staticLibraryField } from './library/registry.js';
import { addErrorMessage, addRecordError } from './library/triggers.js';
import { runSoql } from './library/soql.js';
import { runSosl } from './library/sosl.js';
import { describeResult } from './library/schema.js';
import { parseLiteral } from './literals.js';
import { isKnownPlatformName } from './platform-names.js';
import { memo, textOf } from './node-cache.js';
import { toTypeRef } from './loader.js';
import { builtinEnumName, coerce, BUILTIN_ENUMS } from './types.js';
import {
  ApexEnumValue,
  ApexList,
  ApexNative,
  ApexObject,
  ApexSObject,
  ApexTypeValue,
  typeRef,
  type Value
} from './values.js';

/** A type used as a qualifier: `Foo.bar()`, `System.debug`, `LoggingLevel.DEBUG`, `Account.SObjectType`. */
export class TypeName {
  constructor(
    readonly name: string,
    readonly cls: ClassInfo | null
  ) {}
}

const enumCache = new Map<string, ApexEnumValue[]>();
export function enumValues(type: string, names: readonly string[]): ApexEnumValue[] {
  let vals = enumCache.get(type);
  if (!vals) {
    vals = names.map((n, i) => new ApexEnumValue(type, n, i));
    enumCache.set(type, vals);
  }
  return vals;
}
export function builtinEnumValue(fullName: string, constant: string): ApexEnumValue | null {
  const names = BUILTIN_ENUMS.get(fullName) ?? [];
  const i = names.findIndex((n) => n.toLowerCase() === constant.toLowerCase());
  return i < 0 ? null : enumValues(fullName, names)[i];
}

export function compileError(it: Interpreter, message: string, ctx: ParserRuleContext): never {
  const p = it.pos(ctx);
  throw new ApexCompileError([{ ...p, message }]);
}

/** Resolves a bare identifier: local, field, then a type name. */
function evalIdentifier(it: Interpreter, name: string, ctx: ParserRuleContext, allowType: boolean): Value | TypeName {
  const lower = name.toLowerCase();
  const local = it.lookupLocal(lower);
  if (local) return local.value;
  const backing = accessorBacking(it, lower);
  if (backing) return rawStore(it, backing, it.frame.self).get(lower) ?? null;
  const f = it.lookupField(lower);
  if (f) {
    // An inner class has no enclosing instance: an outer instance field is not visible from it.
    if (!f.isStatic && (!it.frame.self || !isSubclassOf(it.frame.self.cls, f.owner))) {
      compileError(it, `Non static field cannot be referenced from a static context: ${name}`, ctx);
    }
    return getFieldValue(it, f, f.isStatic ? null : it.frame.self);
  }
  if (allowType) {
    // Resolved once per node: no local or field of that name is in scope here, so it is a type.
    const cached = it.typeNameCache.get(ctx) as TypeName | undefined;
    if (cached) return cached;
    let t = staticTypeName(it, name, it.frame.cls);
    if (!t && it.isSObjectType(name)) t = new TypeName(name, null);
    if (t) {
      it.typeNameCache.set(ctx, t);
      return t;
    }
  }
  return compileError(it, `Variable does not exist: ${name}`, ctx);
}

/**
 * A name as a type, when that does not depend on the org's schema: a user class (from `from`), a library
 * class, a built-in enum or a known platform name. sObject types are the caller's (they come from describe).
 */
export function staticTypeName(it: Interpreter, name: string, from: ClassInfo): TypeName | null {
  const cls = it.findClass(name, from);
  if (cls) return new TypeName(cls.name, cls);
  if (isLibraryClass(name) || builtinEnumName(name) || isKnownPlatformName(name)) return new TypeName(name, null);
  return null;
}

export function evalPrimary(it: Interpreter, p: PrimaryContext): Value {
  const v = evalPrimaryOrType(it, p, false);
  return v as Value;
}

function evalPrimaryOrType(it: Interpreter, p: PrimaryContext, allowType: boolean): Value | TypeName {
  if (p instanceof LiteralPrimaryContext)
    return parseLiteral(
      it,
      memo(p, () => p.literal())
    );
  if (p instanceof IdPrimaryContext) return evalIdentifier(it, textOf(p), p, allowType);
  if (p instanceof ThisPrimaryContext) {
    if (!it.frame.self) compileError(it, 'This cannot be referenced in a static context', p);
    return it.frame.self;
  }
  if (p instanceof TypeRefPrimaryContext) {
    const t = toTypeRef(p.typeRef());
    const cls = it.findClass(t.name, it.frame.cls);
    return new ApexTypeValue(cls ? typeRef(cls.name, t.args) : t);
  }
  if (p instanceof VoidPrimaryContext) return new ApexTypeValue(typeRef('void'));
  if (p instanceof SoqlPrimaryContext) return runSoql(it, p);
  if (p instanceof SoslPrimaryContext) return runSosl(it, p);
  if (p instanceof SuperPrimaryContext) return it.unsupported('super used as a value', p);
  return it.unsupported(`primary ${p.getText()}`, p);
}

/** Evaluates an expression that may be a type qualifier (the left side of a dot). */
function evalQualifier(it: Interpreter, e: ExpressionContext): Value | TypeName {
  if (e instanceof PrimaryExpressionContext) return evalPrimaryOrType(it, e.primary(), true);
  if (e instanceof DotExpressionContext && !e.dotMethodCall()) {
    const left = evalQualifier(it, e.expression());
    if (left instanceof TypeName) return staticMember(it, left, e.anyId().getText(), e, true);
  }
  return evaluate(it, e);
}

export function staticMember(
  it: Interpreter,
  t: TypeName,
  name: string,
  ctx: ParserRuleContext,
  allowType: boolean
): Value | TypeName {
  const lower = name.toLowerCase();
  if (t.cls) {
    if (t.cls.kind === 'enum') {
      const i = t.cls.enumValues.findIndex((n) => n.toLowerCase() === lower);
      if (i >= 0) return enumValues(t.cls.name, t.cls.enumValues)[i];
    }
    const inner = t.cls.inner.get(lower);
    if (inner && allowType) return new TypeName(inner.name, inner);
    for (let c: ClassInfo | null = t.cls; c; c = c.superClass) {
      const f = c.fields.get(lower);
      if (f && f.isStatic) return getFieldValue(it, f, null);
    }
    return compileError(it, `Variable does not exist: ${name}`, ctx);
  }
  if (t.name.toLowerCase() === 'system' && allowType) return evalIdentifier(it, name, ctx, true);
  const en = builtinEnumName(t.name);
  if (en) {
    const v = builtinEnumValue(en, name);
    if (v) return v;
  }
  const field = staticLibraryField(it, t.name, name, ctx);
  if (field !== undefined) return field;
  // Schema.SObjectType.Account is the describe result of Account.
  if (/^(schema\.)?sobjecttype$/i.test(t.name) && it.isSObjectType(name)) return describeResult(it, name, ctx);
  if (isKnownPlatformName(t.name)) {
    if (allowType) return new TypeName(`${t.name}.${name}`, null);
    return it.unsupported(`${t.name}.${name}`, ctx);
  }
  return compileError(it, `Variable does not exist: ${t.name}.${name}`, ctx);
}

export function evalDot(it: Interpreter, ctx: DotExpressionContext): Value {
  const { safe, targetExpr, mc, argList } = memo(ctx, () => ({
    safe: !!ctx.QUESTIONDOT(),
    targetExpr: ctx.expression(),
    mc: ctx.dotMethodCall(),
    argList: ctx.dotMethodCall()?.expressionList() ?? null
  }));
  if (mc && targetExpr instanceof PrimaryExpressionContext && targetExpr.primary() instanceof SuperPrimaryContext) {
    const owner = it.frame.cls;
    if (!owner.superClass || !it.frame.self) compileError(it, 'No super class', ctx);
    const r = callUserMethod(
      it,
      it.frame.self,
      mc.anyId().getText().toLowerCase(),
      evaluateArgs(it, mc.expressionList()),
      owner.superClass
    );
    if (!r.found) compileError(it, `Method does not exist: super.${mc.anyId().getText()}`, ctx);
    return r.value;
  }
  // `record.Field.addError(msg)`: a field-level error on the record ("Trigger Exceptions").
  if (
    mc &&
    textOf(mc.anyId()).toLowerCase() === 'adderror' &&
    targetExpr instanceof DotExpressionContext &&
    !targetExpr.dotMethodCall()
  ) {
    const record = evalQualifier(it, targetExpr.expression());
    if (record instanceof ApexSObject) {
      const args = evaluateArgs(it, argList);
      addRecordError(record, addErrorMessage(it, args[0] ?? null), textOf(targetExpr.anyId()));
      return null;
    }
  }
  const target = evalQualifier(it, targetExpr);
  if (target instanceof TypeName) {
    if (!mc) return staticMember(it, target, textOf(ctx.anyId()), ctx, false) as Value;
    return callStatic(it, target, textOf(mc.anyId()), evaluateArgs(it, argList), ctx);
  }
  if (target === null) {
    if (safe) return null;
    it.npe();
  }
  if (!mc) return getMember(it, target, textOf(ctx.anyId()), ctx);
  return callMethod(it, target, textOf(mc.anyId()), evaluateArgs(it, argList), ctx);
}

export function getMember(it: Interpreter, target: Value, name: string, ctx: ParserRuleContext): Value {
  // `[SELECT F FROM X LIMIT 1].F` reads the query's single row.
  if (target instanceof ApexList && target.fromSoql) target = coerce(target, typeRef('SObject'));
  if (target === null) return it.npe();
  if (target instanceof ApexSObject) return readSObjectField(it, target, name);
  if (target instanceof ApexNative) {
    const prop = target.methods['$' + name.toLowerCase()] ?? target.methods['$*'];
    if (prop) return prop([name]);
  }
  if (target instanceof ApexObject) {
    const f = findInstanceField(target, name.toLowerCase());
    if (f) return getFieldValue(it, f, target);
  }
  return compileError(it, `Variable does not exist: ${name}`, ctx);
}

export function callStatic(it: Interpreter, t: TypeName, name: string, args: Value[], ctx: ParserRuleContext): Value {
  const lower = name.toLowerCase();
  if (t.cls) {
    if (t.cls.kind === 'enum') {
      const vals = enumValues(t.cls.name, t.cls.enumValues);
      if (lower === 'values') return new ApexList(typeRef(t.cls.name), vals.slice());
      if (lower === 'valueof') return vals.find((v) => v.name === args[0]) ?? null;
    }
    const m = selectOverload(
      it,
      findMethods(t.cls, lower).filter((x) => x.isStatic),
      args
    );
    if (!m)
      return compileError(
        it,
        `Method does not exist or incorrect signature: ${t.cls.name}.${name}(${args.length} args)`,
        ctx
      );
    return invoke(it, m, null, args);
  }
  const en = builtinEnumName(t.name);
  if (en && lower === 'values') return new ApexList(typeRef(en), enumValues(en, BUILTIN_ENUMS.get(en)!).slice());
  return callStaticLibrary(it, t.name, name, args, ctx);
}

export function callMethod(it: Interpreter, target: Value, name: string, args: Value[], ctx: ParserRuleContext): Value {
  if (target === null) it.npe();
  if (target instanceof ApexObject && !target.cls.builtin) {
    const r = callUserMethod(it, target, name.toLowerCase(), args);
    if (r.found) return r.value;
  }
  return callInstanceLibrary(it, target, name, args, ctx);
}

/** `foo(args)` without a target: a method of the current class (or an outer class's static). */
export function evalMethodCall(it: Interpreter, mc: MethodCallContext): Value {
  const { ctorCall, name, lower, argList } = memo(mc, () => ({
    ctorCall: !!(mc.THIS() || mc.SUPER()),
    name: mc.id()?.getText() ?? '',
    lower: mc.id()?.getText().toLowerCase() ?? '',
    argList: mc.expressionList()
  }));
  if (ctorCall) return it.unsupported('this(...)/super(...) outside the first statement of a constructor', mc);
  const args = evaluateArgs(it, argList);
  for (let c: ClassInfo | null = it.frame.cls; c; c = c.outer) {
    const candidates = findMethods(c, lower);
    if (!candidates.length) continue;
    const self = c === it.frame.cls ? it.frame.self : null;
    if (self) {
      const r = callUserMethod(it, self, lower, args);
      if (r.found) return r.value;
    }
    const m = selectOverload(
      it,
      candidates.filter((x) => x.isStatic),
      args
    );
    if (m) return invoke(it, m, null, args);
    const inst = selectOverload(it, candidates, args);
    if (inst && !self) compileError(it, `Non static method cannot be referenced from a static context: ${name}`, mc);
  }
  return compileError(it, `Method does not exist or incorrect signature: ${name}(${args.length} args)`, mc);
}

// ---- assignment targets ------------------------------------------------------------------------

export function listIndex(it: Interpreter, list: Value, index: Value): { list: ApexList; i: number } {
  if (list === null || index === null) it.npe();
  if (!(list instanceof ApexList)) throw new TypeError('index on a non-list');
  const i = Number(index);
  if (i < 0 || i >= list.items.length) it.throwApex('ListException', `List index out of bounds: ${i}`);
  return { list, i };
}

/** Reads a value that may also be assigned (for ++, --, compound assignment and a[i]). */
export function readTarget(it: Interpreter, e: ExpressionContext): Value {
  if (e instanceof ArrayExpressionContext) {
    const { list, i } = listIndex(it, evaluate(it, e.expression(0)), evaluate(it, e.expression(1)));
    return list.items[i];
  }
  return evaluate(it, e);
}

export function assignTo(it: Interpreter, e: ExpressionContext, value: Value): Value {
  if (e instanceof PrimaryExpressionContext && e.primary() instanceof IdPrimaryContext) {
    const name = textOf(e.primary());
    const lower = name.toLowerCase();
    const local = it.lookupLocal(lower);
    if (local) return (local.value = coerce(value, local.type));
    const backing = accessorBacking(it, lower);
    if (backing) {
      const v = coerce(value, backing.type);
      rawStore(it, backing, it.frame.self).set(lower, v);
      return v;
    }
    const f = it.lookupField(lower);
    if (!f) return compileError(it, `Variable does not exist: ${name}`, e);
    setFieldValue(it, f, f.isStatic ? null : it.frame.self, value);
    return value;
  }
  if (e instanceof DotExpressionContext && !e.dotMethodCall()) {
    const target = evalQualifier(it, e.expression());
    const name = e.anyId().getText();
    if (target instanceof TypeName) {
      const f = target.cls?.fields.get(name.toLowerCase());
      if (!f || !f.isStatic) return compileError(it, `Variable does not exist: ${name}`, e);
      setFieldValue(it, f, null, value);
      return value;
    }
    if (target === null) it.npe();
    if (target instanceof ApexSObject) {
      if (target.readOnly) it.throwApex('FinalException', 'Record is read-only');
      target.put(name, value);
      return value;
    }
    if (target instanceof ApexObject) {
      const f = findInstanceField(target, name.toLowerCase());
      if (f) {
        setFieldValue(it, f, target, value);
        return value;
      }
    }
    return compileError(it, `Variable does not exist: ${name}`, e);
  }
  if (e instanceof ArrayExpressionContext) {
    const { list, i } = listIndex(it, evaluate(it, e.expression(0)), evaluate(it, e.expression(1)));
    list.items[i] = coerce(value, list.elemType);
    return list.items[i];
  }
  return it.unsupported(`assignment to ${e.getText()}`, e);
}
