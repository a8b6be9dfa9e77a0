/** Method dispatch, overload resolution, object construction and member access for user classes. */
import { queueFutureCall } from './async/future.js';
import type { BlockContext, ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import {
  findField,
  findMethods,
  isExceptionClass,
  type ClassInfo,
  type FieldInfo,
  type MethodInfo
} from './class-table.js';
import type { Interpreter } from './interpreter.js';
import { runtimeProbes } from './probe.js';
import { loweredAccessor, loweredMethod, slotsFor } from './lower/body.js';
import { execInitializers } from './statements.js';
import { coerce, instanceOf, typeAssignable } from './types.js';
import { ApexDecimal } from './decimal.js';
import { ApexDate, ApexDouble, ApexObject, type TypeRef, type Value } from './values.js';

export function methodLabel(m: MethodInfo): string {
  if (m.owner.name === 'AnonymousBlock') return 'AnonymousBlock';
  return `Class.${m.owner.name}.${m.isConstructor ? '<init>' : m.name}`;
}

/**
 * Implicit conversions Apex applies to arguments: Integer → Long/Double/Decimal, Long → Double/Decimal,
 * Double ↔ Decimal (a Decimal literal initialises a Double: `Double d = 3.14159;`, Apex Developer Guide,
 * Primitive Data Types), Date → Datetime.
 */
function widens(v: Value, t: TypeRef): boolean {
  const target = t.name.toLowerCase().replace(/^system\./, '');
  if (typeof v === 'number') return target === 'long' || target === 'double' || target === 'decimal';
  if (typeof v === 'bigint') return target === 'double' || target === 'decimal';
  if (v instanceof ApexDouble) return target === 'decimal';
  if (v instanceof ApexDecimal) return target === 'double';
  if (v instanceof ApexDate) return target === 'datetime';
  return false;
}

/** Picks the overload whose parameters accept the runtime arguments, preferring exact type matches. */
export function selectOverload(
  it: Interpreter,
  candidates: readonly MethodInfo[],
  args: readonly Value[]
): MethodInfo | null {
  let best: MethodInfo | null = null;
  let bestScore = -1;
  for (const m of candidates) {
    if (m.params.length !== args.length) continue;
    let score = 0;
    let ok = true;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === null) continue;
      if (instanceOf(a, m.params[i].type, m.owner, it)) score += 2;
      else if (widens(a, m.params[i].type)) score += 1;
      else ok = false;
    }
    if (ok && (score > bestScore || (score === bestScore && best && moreSpecific(it, m, best)))) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/** `a` is more specific than `b` when each of its parameter types is assignable to `b`'s (String over Object). */
function moreSpecific(it: Interpreter, a: MethodInfo, b: MethodInfo): boolean {
  return (
    a.params.every((p, i) => typeAssignable(p.type, b.params[i].type, a.owner, it)) &&
    !b.params.every((p, i) => typeAssignable(p.type, a.params[i].type, b.owner, it))
  );
}

/** Runs a method body with its parameters bound. Returns the (coerced) return value. */
export function invoke(it: Interpreter, m: MethodInfo, self: ApexObject | null, args: readonly Value[]): Value {
  if (self && runtimeProbes.call) {
    const stubbed = runtimeProbes.call(it, m, self, args);
    if (stubbed) return stubbed.value;
  }
  if (!m.body) {
    if (m.native) return m.native(self, args) as Value;
    return it.throwApex('UnexpectedException', `Abstract method ${m.owner.name}.${m.name} called`);
  }
  // An @future call is queued to run after the transaction (async/future.ts); the job's own call runs the body.
  if (m.annotations?.has('future') && queueFutureCall(it, m, args)) return null;
  it.ensureStaticInit(m.owner, (c) => runStaticInit(it, c));
  const lowered = loweredMethod(it, m);
  const f = it.pushFrame({
    cls: m.owner,
    self,
    label: methodLabel(m),
    line: m.line,
    column: m.column,
    slots: slotsFor(lowered, args)
  });
  try {
    lowered.run(it, f);
    return lowered.ret ? lowered.ret(f.returnValue) : null;
  } finally {
    it.popFrame();
  }
}

export function runStaticInit(it: Interpreter, cls: ClassInfo): void {
  if (!cls.staticInits.length) return;
  it.pushFrame({ cls, self: null, label: `Class.${cls.name}.<clinit>`, line: cls.line, column: cls.column });
  try {
    execInitializers(it, cls.staticInits, it.staticsOf(cls));
  } finally {
    it.popFrame();
  }
}

/** `new C(args)`. */
export function instantiate(
  it: Interpreter,
  cls: ClassInfo,
  args: readonly Value[],
  ctx: ParserRuleContext
): ApexObject {
  if (cls.kind !== 'class') it.unsupported(`instantiating ${cls.kind} ${cls.name}`, ctx);
  if (cls.isAbstract) it.unsupported(`instantiating abstract class ${cls.name}`, ctx);
  it.ensureStaticInit(cls, (c) => runStaticInit(it, c));
  const obj = new ApexObject(cls);
  construct(it, cls, obj, args, ctx);
  return obj;
}

/** Runs the constructor chain of `cls` on `obj`: super constructor, field initialisers, body. */
export function construct(
  it: Interpreter,
  cls: ClassInfo,
  obj: ApexObject,
  args: readonly Value[],
  ctx: ParserRuleContext
): void {
  if (cls.builtin) {
    constructException(it, obj, args, ctx);
    return;
  }
  let ctor: MethodInfo | null = null;
  if (cls.ctors.length) {
    ctor = selectOverload(it, cls.ctors, args);
    if (!ctor) {
      if (isExceptionClass(cls) && args.length <= 2) {
        construct(it, cls.superClass!, obj, args, ctx);
        execInstanceInits(it, cls, obj);
        return;
      }
      it.unsupported(`no constructor of ${cls.name} accepts ${args.length} argument(s)`, ctx);
    }
  } else if (args.length && !isExceptionClass(cls)) {
    it.unsupported(`no constructor of ${cls.name} accepts ${args.length} argument(s)`, ctx);
  }
  if (!ctor) {
    if (cls.superClass) construct(it, cls.superClass, obj, isExceptionClass(cls) ? args : [], ctx);
    execInstanceInits(it, cls, obj);
    return;
  }
  const lowered = loweredMethod(it, ctor);
  const explicit = lowered.explicit;
  const f = it.pushFrame({
    cls,
    self: obj,
    label: methodLabel(ctor),
    line: ctor.line,
    column: ctor.column,
    slots: slotsFor(lowered, args)
  });
  try {
    if (explicit) {
      const a = explicit.args(it, f);
      if (explicit.kind === 'this') construct(it, cls, obj, a, explicit.ctx);
      else if (cls.superClass) construct(it, cls.superClass, obj, a, explicit.ctx);
    } else if (cls.superClass) {
      construct(it, cls.superClass, obj, [], ctx);
    }
    if (explicit?.kind !== 'this') execInstanceInits(it, cls, obj);
    lowered.run(it, f);
  } finally {
    it.popFrame();
  }
}

function execInstanceInits(it: Interpreter, cls: ClassInfo, obj: ApexObject): void {
  if (!cls.instanceInits.length) return;
  it.pushFrame({ cls, self: obj, label: `Class.${cls.name}.<init>`, line: cls.line, column: cls.column });
  try {
    execInitializers(it, cls.instanceInits, obj.fields);
  } finally {
    it.popFrame();
  }
}

/** The four standard exception constructors: (), (String), (Exception), (String, Exception). */
function constructException(it: Interpreter, obj: ApexObject, args: readonly Value[], ctx: ParserRuleContext): void {
  let message: Value = null;
  let cause: Value = null;
  if (args.length === 1) {
    if (args[0] instanceof ApexObject && isExceptionClass(args[0].cls)) cause = args[0];
    else message = args[0];
  } else if (args.length === 2) {
    [message, cause] = args;
  } else if (args.length > 2) it.unsupported('exception constructor with more than 2 arguments', ctx);
  const e = it.newException(obj.cls, message === null ? null : String(message), cause as ApexObject | null);
  for (const [k, v] of e.fields) obj.fields.set(k, v);
  if (cause !== null && message === null) obj.fields.set('$message', it.hooks.objectToString(cause as ApexObject));
}

// ---- member access ---------------------------------------------------------------------------

export function getFieldValue(it: Interpreter, f: FieldInfo, self: ApexObject | null): Value {
  const store = f.isStatic ? staticStore(it, f.owner) : self!.fields;
  const key = f.name.toLowerCase();
  const getter = f.property?.getter;
  if (getter && getter !== 'auto') {
    return runAccessor(it, f, self, getter.block(), null, true);
  }
  return store.get(key) ?? null;
}

export function setFieldValue(it: Interpreter, f: FieldInfo, self: ApexObject | null, value: Value): void {
  const store = f.isStatic ? staticStore(it, f.owner) : self!.fields;
  const v = coerce(value, f.type);
  const setter = f.property?.setter;
  if (setter && setter !== 'auto') {
    runAccessor(it, f, self, setter.block(), v, false);
    return;
  }
  if (f.property && !setter) it.throwApex('FinalException', `Property ${f.name} has no setter`);
  store.set(f.name.toLowerCase(), v);
}

function staticStore(it: Interpreter, cls: ClassInfo): Map<string, Value> {
  it.ensureStaticInit(cls, (c) => runStaticInit(it, c));
  return it.staticsOf(cls);
}

/** Runs a property's get/set block. Inside, the property name refers to its backing storage. */
function runAccessor(
  it: Interpreter,
  f: FieldInfo,
  self: ApexObject | null,
  block: BlockContext,
  value: Value,
  isGet: boolean
): Value {
  const lowered = loweredAccessor(it, f, block, isGet);
  const frame = it.pushFrame({
    cls: f.owner,
    self,
    label: `Class.${f.owner.name}.${f.name}.${isGet ? 'get' : 'set'}`,
    line: f.line,
    column: f.column,
    slots: slotsFor(lowered, isGet ? [] : [value])
  });
  (frame as { accessorOf?: FieldInfo }).accessorOf = f;
  try {
    lowered.run(it, frame);
    return lowered.ret ? lowered.ret(frame.returnValue) : null;
  } finally {
    it.popFrame();
  }
}

/** Backing storage read/write for a property inside its own accessor. */
export function accessorBacking(it: Interpreter, lowerName: string): FieldInfo | null {
  const f = (it.frame as { accessorOf?: FieldInfo }).accessorOf;
  return f && f.name.toLowerCase() === lowerName ? f : null;
}

export function rawStore(it: Interpreter, f: FieldInfo, self: ApexObject | null): Map<string, Value> {
  return f.isStatic ? staticStore(it, f.owner) : self!.fields;
}

/** Calls an instance method of a user object with virtual dispatch from its runtime class. */
export function callUserMethod(
  it: Interpreter,
  obj: ApexObject,
  lowerName: string,
  args: readonly Value[],
  startCls: ClassInfo = obj.cls
): { found: boolean; value: Value } {
  let candidates = findMethods(startCls, lowerName).filter((m) => m.body || m.native);
  // A Test.createStub object of an interface or abstract class answers its abstract methods too.
  if (!candidates.length && runtimeProbes.call) candidates = findMethods(startCls, lowerName);
  if (!candidates.length) return { found: false, value: null };
  const m = selectOverload(it, candidates, args);
  if (!m) return { found: false, value: null };
  return { found: true, value: invoke(it, m, m.isStatic ? null : obj, args) };
}

export function findInstanceField(obj: ApexObject, lowerName: string): FieldInfo | null {
  const f = findField(obj.cls, lowerName);
  return f && !f.isStatic ? f : null;
}
