/**
 * Lowered names: locals (slots), fields (keys fixed at lowering), type qualifiers (resolved once), member
 * access with a per-site cache of the receiver's class, method calls (candidates found once; overloads
 * still chosen by the runtime argument types, as the tree walker does) and assignment targets.
 */
import {
  ArrayExpressionContext,
  DotExpressionContext,
  IdPrimaryContext,
  PrimaryExpressionContext,
  SuperPrimaryContext,
  type ExpressionContext,
  type MethodCallContext,
  type DotMethodCallContext
} from '@apexdevtools/apex-parser';
import { findInstanceField, getFieldValue, invoke, rawStore, selectOverload, setFieldValue } from '../calls.js';
import {
  findField,
  findMethods,
  isSubclassOf,
  type ClassInfo,
  type FieldInfo,
  type MethodInfo
} from '../class-table.js';
import type { Interpreter } from '../interpreter.js';
import { callInstanceLibrary, instanceEntry, kindOf, staticEntry, type InstanceFn } from '../library/registry.js';
import { TypeName, callStatic, compileError, getMember, listIndex, staticMember, staticTypeName } from '../members.js';
import { runtimeProbes } from '../probe.js';
import { addErrorMessage, addRecordError } from '../library/triggers.js';
import { builtinEnumName, coerce } from '../types.js';
import { ApexNative, ApexObject, ApexSObject, type Value } from '../values.js';
import { coercerFor, type Ev, type LowerContext, type Wr } from './context.js';
import { argsOf, lowerArgs, lowerExpression } from './expressions.js';

type FieldRead = (it: Interpreter, self: ApexObject | null) => Value;

/** Reads a field: the store key fixed now, the getter only for properties with a get block. */
function fieldReader(fi: FieldInfo): FieldRead {
  const key = fi.name.toLowerCase();
  const getter = fi.property?.getter;
  if (getter && getter !== 'auto') return (it, self) => getFieldValue(it, fi, self);
  if (fi.isStatic) return (it) => rawStore(it, fi, null).get(key) ?? null;
  return (_it, self) => self!.fields.get(key) ?? null;
}

/** Writes a field as setFieldValue does (conversion to the field's type, property setters). */
function fieldWriter(fi: FieldInfo): (it: Interpreter, self: ApexObject | null, v: Value) => void {
  if (fi.property) return (it, self, v) => setFieldValue(it, fi, self, v);
  const key = fi.name.toLowerCase();
  const co = coercerFor(fi.type);
  if (fi.isStatic) return (it, _self, v) => void rawStore(it, fi, null).set(key, co(v));
  return (_it, self, v) => void self!.fields.set(key, co(v));
}

/** The field a bare name means: own or inherited, then an outer class's (whether found on the own class). */
function visibleField(lc: LowerContext, lower: string): { fi: FieldInfo; own: boolean } | null {
  for (let c: ClassInfo | null = lc.cls; c; c = c.outer) {
    const fi = findField(c, lower);
    if (fi) return { fi, own: c === lc.cls };
  }
  return null;
}

export function lowerIdentifier(lc: LowerContext, p: IdPrimaryContext): Ev | null {
  const name = p.getText();
  const lower = name.toLowerCase();
  const local = lc.lookup(lower);
  if (local) {
    const s = local.slot;
    return (_it, f) => f.slots[s];
  }
  const acc = lc.accessorOf;
  if (acc && acc.name.toLowerCase() === lower) return (it, f) => rawStore(it, acc, f.self).get(lower) ?? null;
  const found = visibleField(lc, lower);
  if (!found) return null; // a type name, or unknown: the tree walker resolves (and reports) it
  const { fi, own } = found;
  const read = fieldReader(fi);
  if (fi.isStatic) return (it) => read(it, null);
  if (own && !lc.isStatic) return (it, f) => read(it, f.self);
  return (it, f) => {
    const self = f.self;
    // An inner class has no enclosing instance: an outer instance field is not visible from it.
    if (!self || !isSubclassOf(self.cls, fi.owner))
      compileError(it, `Non static field cannot be referenced from a static context: ${name}`, p);
    return read(it, self);
  };
}

type Qualifier = { type: TypeName; value?: undefined } | { type?: undefined; value: Ev };

/** The left side of a dot: a type (resolved now) or a value; null leaves the whole expression to the tree walker. */
function lowerQualifier(lc: LowerContext, e: ExpressionContext): Qualifier | null {
  if (e instanceof PrimaryExpressionContext) {
    const p = e.primary();
    if (p instanceof IdPrimaryContext) {
      const lower = p.getText().toLowerCase();
      if (lc.lookup(lower) || lc.accessorOf?.name.toLowerCase() === lower || visibleField(lc, lower))
        return { value: lowerExpression(lc, e) };
      const t = staticTypeName(lc.it, p.getText(), lc.cls);
      return t ? { type: t } : null;
    }
    if (p instanceof SuperPrimaryContext) return null;
  }
  if (e instanceof DotExpressionContext && !e.dotMethodCall()) {
    const left = lowerQualifier(lc, e.expression());
    if (!left || left.type) return null;
  }
  return { value: lowerExpression(lc, e) };
}

const NOT_FOUND = Symbol('not found') as unknown as Value;

/** Virtual dispatch of an instance method from the receiver's class, with the candidates cached per class. */
function dispatcher(lower: string): (it: Interpreter, obj: ApexObject, args: Value[]) => Value {
  let cachedCls: ClassInfo | null = null;
  let cached: MethodInfo[] = [];
  return (it, obj, args) => {
    if (obj.cls !== cachedCls) {
      cachedCls = obj.cls;
      cached = findMethods(obj.cls, lower).filter((m) => m.body || m.native);
    }
    let candidates = cached;
    // A Test.createStub object of an interface or abstract class answers its abstract methods too.
    if (!candidates.length && runtimeProbes.call) candidates = findMethods(obj.cls, lower);
    if (!candidates.length) return NOT_FOUND;
    const m = selectOverload(it, candidates, args);
    if (!m) return NOT_FOUND;
    return invoke(it, m, m.isStatic ? null : obj, args);
  };
}

function lowerStaticCall(lc: LowerContext, tn: TypeName, mc: DotMethodCallContext, e: DotExpressionContext): Ev {
  const name = mc.anyId().getText();
  const lower = name.toLowerCase();
  const argEvs = lowerArgs(lc, mc.expressionList());
  const nargs = argEvs.length;
  const args = argsOf(argEvs);
  const cls = tn.cls;
  if (cls) {
    if (cls.kind === 'enum' && (lower === 'values' || lower === 'valueof'))
      return (it, f) => callStatic(it, tn, name, args(it, f), e);
    const statics = findMethods(cls, lower).filter((x) => x.isStatic);
    return (it, f) => {
      const a = args(it, f);
      const m = selectOverload(it, statics, a);
      return m ? invoke(it, m, null, a) : callStatic(it, tn, name, a, e);
    };
  }
  // Library methods may read the caller's locals by name (dynamic SOQL binds): they see this site's.
  const names = lc.visible();
  const entry = builtinEnumName(tn.name) && lower === 'values' ? undefined : staticEntry(tn.name, name);
  if (entry && entry.arity.includes(nargs)) {
    const fn = entry.fn;
    return (it, f) => {
      const a = args(it, f);
      f.names = names;
      return fn(it, a, e);
    };
  }
  return (it, f) => {
    const a = args(it, f);
    f.names = names;
    return callStatic(it, tn, name, a, e);
  };
}

export function lowerDot(lc: LowerContext, e: DotExpressionContext): Ev | null {
  const mc = e.dotMethodCall();
  const q = lowerQualifier(lc, e.expression());
  if (!q) return null;
  if (q.type) {
    const tn = q.type;
    if (mc) return lowerStaticCall(lc, tn, mc, e);
    const member = e.anyId().getText();
    return (it) => staticMember(it, tn, member, e, false) as Value;
  }
  const target = q.value;
  const safe = !!e.QUESTIONDOT();
  if (!mc) {
    const name = e.anyId().getText();
    const lower = name.toLowerCase();
    let cachedCls: ClassInfo | null = null;
    let cachedField: FieldInfo | null = null;
    return (it, f) => {
      const t = target(it, f);
      if (t === null) {
        if (safe) return null;
        it.npe();
      }
      if (t instanceof ApexObject) {
        if (t.cls !== cachedCls) {
          cachedCls = t.cls;
          cachedField = findInstanceField(t, lower);
        }
        if (cachedField && !cachedField.property) return t.fields.get(lower) ?? null;
      }
      return getMember(it, t, name, e);
    };
  }
  const inner = e.expression();
  if (
    mc.anyId().getText().toLowerCase() === 'adderror' &&
    inner instanceof DotExpressionContext &&
    !inner.dotMethodCall()
  )
    return lowerFieldAddError(lc, inner, mc, lowerInstanceCall(lc, target, safe, mc, e));
  return lowerInstanceCall(lc, target, safe, mc, e);
}

/**
 * `record.Field.addError(msg)`: the error goes on the record, for that field ("Trigger Exceptions");
 * any other receiver (an Id value, …) takes the ordinary call.
 */
function lowerFieldAddError(lc: LowerContext, field: DotExpressionContext, mc: DotMethodCallContext, normal: Ev): Ev {
  const base = lowerQualifier(lc, field.expression());
  if (!base || base.type) return normal;
  const record = base.value;
  const fieldName = field.anyId().getText();
  const args = argsOf(lowerArgs(lc, mc.expressionList()));
  return (it, f) => {
    const r = record(it, f);
    if (!(r instanceof ApexSObject)) return normal(it, f);
    const a = args(it, f);
    addRecordError(r, addErrorMessage(it, a[0] ?? null), fieldName);
    return null;
  };
}

function lowerInstanceCall(
  lc: LowerContext,
  target: Ev,
  safe: boolean,
  mc: DotMethodCallContext,
  e: DotExpressionContext
): Ev {
  const name = mc.anyId().getText();
  const lower = name.toLowerCase();
  const argEvs = lowerArgs(lc, mc.expressionList());
  const nargs = argEvs.length;
  const args = argsOf(argEvs);
  const dispatch = dispatcher(lower);
  // The library method per receiver kind, cached for the last receiver's class (or typeof, for primitives).
  let cachedKey: unknown = null;
  let cachedFn: InstanceFn | null = null;
  return (it: Interpreter, f) => {
    const t = target(it, f);
    if (t === null) {
      if (safe) return null;
      it.npe();
    }
    const a = args(it, f);
    if (t instanceof ApexObject) {
      if (!t.cls.builtin) {
        const v = dispatch(it, t, a);
        if (v !== NOT_FOUND) return v;
      }
      return callInstanceLibrary(it, t, name, a, e);
    }
    if (t instanceof ApexNative) return callInstanceLibrary(it, t, name, a, e);
    const key = typeof t === 'object' ? t.constructor : typeof t;
    if (key !== cachedKey) {
      cachedKey = key;
      const entry = instanceEntry(kindOf(t), lower) ?? instanceEntry('Object', lower);
      cachedFn = entry && entry.arity.includes(nargs) ? entry.fn : null;
    }
    // No entry (or not this arity): the library reports the missing method.
    return cachedFn ? cachedFn(it, t, a, e) : callInstanceLibrary(it, t, name, a, e);
  };
}

/** `foo(args)`: a method of the current class (virtual from `this`) or an outer class's static. */
export function lowerMethodCall(lc: LowerContext, mc: MethodCallContext): Ev | null {
  if (mc.THIS() || mc.SUPER()) return null;
  const name = mc.id()?.getText() ?? '';
  const lower = name.toLowerCase();
  const args = argsOf(lowerArgs(lc, mc.expressionList()));
  const chain: { own: boolean; all: MethodInfo[]; statics: MethodInfo[] }[] = [];
  for (let c: ClassInfo | null = lc.cls; c; c = c.outer) {
    const all = findMethods(c, lower);
    if (all.length) chain.push({ own: c === lc.cls, all, statics: all.filter((x) => x.isStatic) });
  }
  const dispatch = dispatcher(lower);
  return (it, f) => {
    const a = args(it, f);
    for (const link of chain) {
      const self = link.own ? f.self : null;
      if (self) {
        const v = dispatch(it, self, a);
        if (v !== NOT_FOUND) return v;
      }
      const m = selectOverload(it, link.statics, a);
      if (m) return invoke(it, m, null, a);
      const inst = selectOverload(it, link.all, a);
      if (inst && !self) compileError(it, `Non static method cannot be referenced from a static context: ${name}`, mc);
    }
    return compileError(it, `Method does not exist or incorrect signature: ${name}(${a.length} args)`, mc);
  };
}

/** Reads what may also be assigned (`a[i]` included). */
export function lowerReader(lc: LowerContext, e: ExpressionContext): Ev {
  if (e instanceof ArrayExpressionContext) {
    const list = lowerExpression(lc, e.expression(0));
    const index = lowerExpression(lc, e.expression(1));
    return (it, f) => {
      const r = listIndex(it, list(it, f), index(it, f));
      return r.list.items[r.i];
    };
  }
  return lowerExpression(lc, e);
}

/** An assignment target; null leaves the assignment to the tree walker. */
export function lowerWriter(lc: LowerContext, e: ExpressionContext): Wr | null {
  if (e instanceof PrimaryExpressionContext && e.primary() instanceof IdPrimaryContext) {
    const name = e.primary().getText();
    const lower = name.toLowerCase();
    const local = lc.lookup(lower);
    if (local) {
      const { slot, coerce: co } = local;
      return (_it, f, v) => (f.slots[slot] = co(v));
    }
    const acc = lc.accessorOf;
    if (acc && acc.name.toLowerCase() === lower)
      return (it, f, v) => {
        const x = coerce(v, acc.type);
        rawStore(it, acc, f.self).set(lower, x);
        return x;
      };
    const found = visibleField(lc, lower);
    if (!found) return null;
    const write = fieldWriter(found.fi);
    if (found.fi.isStatic)
      return (it, _f, v) => {
        write(it, null, v);
        return v;
      };
    return (it, f, v) => {
      write(it, f.self, v);
      return v;
    };
  }
  if (e instanceof DotExpressionContext && !e.dotMethodCall()) {
    const q = lowerQualifier(lc, e.expression());
    if (!q || q.type) return null;
    const target = q.value;
    const name = e.anyId().getText();
    const lower = name.toLowerCase();
    return (it, f, v) => {
      const t = target(it, f);
      if (t === null) it.npe();
      if (t instanceof ApexSObject) {
        if (t.readOnly) it.throwApex('FinalException', 'Record is read-only');
        t.put(name, v);
        return v;
      }
      if (t instanceof ApexObject) {
        const fi = findInstanceField(t, lower);
        if (fi) {
          setFieldValue(it, fi, t, v);
          return v;
        }
      }
      return compileError(it, `Variable does not exist: ${name}`, e);
    };
  }
  if (e instanceof ArrayExpressionContext) {
    const list = lowerExpression(lc, e.expression(0));
    const index = lowerExpression(lc, e.expression(1));
    return (it, f, v) => {
      const r = listIndex(it, list(it, f), index(it, f));
      r.list.items[r.i] = coerce(v, r.list.elemType);
      return r.list.items[r.i];
    };
  }
  return null;
}
