/**
 * The platform library's method tables. Each library file registers static methods (`String.join`),
 * static fields (`Math.PI`) and instance methods per value kind (`'abc'.length()`), with their arities
 * so the checker can reject wrong argument counts offline.
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import { ApexDecimal } from '../decimal.js';
import { ApexCompileError } from '../errors.js';
import type { Interpreter } from '../interpreter.js';
import { isDocumentedInstanceMethod, isDocumentedStaticMethod } from '../platform-members.js';
import { isKnownPlatformName } from '../platform-names.js';
import { stripSystem } from '../types.js';
import {
  ApexNative,
  ApexDate,
  ApexDatetime,
  ApexTime,
  ApexDouble,
  ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexSObject,
  ApexTypeValue,
  runtimeTypeName,
  type Value
} from '../values.js';

export type Kind =
  | 'String'
  | 'Integer'
  | 'Long'
  | 'Double'
  | 'Decimal'
  | 'Boolean'
  | 'List'
  | 'Set'
  | 'Map'
  | 'SObject'
  | 'Exception'
  | 'Enum'
  | 'Type'
  | 'Date'
  | 'Datetime'
  | 'Time'
  | 'Object';

export type StaticFn = (it: Interpreter, args: Value[], ctx: ParserRuleContext) => Value;
// `self` is typed per kind by the registering file; the table stores the erased signature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind's table narrows `self` itself
export type InstanceFn = (it: Interpreter, self: any, args: Value[], ctx: ParserRuleContext) => Value;

export interface Entry<F> {
  readonly arity: readonly number[];
  readonly fn: F;
  /** The member's name as registered (tables are keyed by lower case). */
  readonly name?: string;
}

const staticTable = new Map<string, Map<string, Entry<StaticFn>>>();
const fieldTable = new Map<string, Map<string, (it: Interpreter) => Value>>();
const instanceTable = new Map<Kind, Map<string, Entry<InstanceFn>>>();
/** Class names as registered, by lower-case key (for the capability table). */
const classNames = new Map<string, string>();
const fieldNames = new Map<string, string>();
/** Members registered only so that code compiles: calling them raises "not supported by the local runtime". */
const placeholders = new WeakSet<StaticFn>();

/** Marks a static function as a placeholder that fails loudly (listed as not supported in docs/capabilities.md). */
export function placeholder(fn: StaticFn): StaticFn {
  placeholders.add(fn);
  return fn;
}

export interface LibraryMember {
  owner: string;
  name: string;
  placeholder: boolean;
}

/** Every registered library member: static methods, static fields, instance methods by value kind. */
export function libraryMembers(): { statics: LibraryMember[]; fields: LibraryMember[]; instances: LibraryMember[] } {
  const statics = [...staticTable.entries()].flatMap(([cls, t]) =>
    [...t.entries()].map(([key, e]) => ({
      owner: classNames.get(cls) ?? cls,
      name: e.name ?? key,
      placeholder: placeholders.has(e.fn)
    }))
  );
  const fields = [...fieldTable.entries()].flatMap(([cls, t]) =>
    [...t.keys()].map((key) => ({
      owner: classNames.get(cls) ?? cls,
      name: fieldNames.get(`${cls}.${key}`) ?? key,
      placeholder: false
    }))
  );
  for (const cls of dynamicFieldTable.keys())
    fields.push({ owner: classNames.get(cls) ?? cls, name: '<any deployed name>', placeholder: false });
  const instances = [...instanceTable.entries()].flatMap(([kind, t]) =>
    [...t.entries()].map(([key, e]) => ({ owner: kind, name: e.name ?? key, placeholder: false }))
  );
  return { statics, fields, instances };
}

function arities(a: number | readonly number[]): readonly number[] {
  return typeof a === 'number' ? [a] : a;
}

export function defineStatic(cls: string, methods: Record<string, [number | readonly number[], StaticFn]>): void {
  const key = cls.toLowerCase();
  classNames.set(key, cls);
  const table = staticTable.get(key) ?? new Map<string, Entry<StaticFn>>();
  for (const [name, [a, fn]] of Object.entries(methods)) table.set(name.toLowerCase(), { arity: arities(a), fn, name });
  staticTable.set(key, table);
}

export function defineStaticFields(cls: string, fields: Record<string, (it: Interpreter) => Value>): void {
  const key = cls.toLowerCase();
  classNames.set(key, cls);
  const table = fieldTable.get(key) ?? new Map<string, (it: Interpreter) => Value>();
  for (const [name, fn] of Object.entries(fields)) {
    table.set(name.toLowerCase(), fn);
    fieldNames.set(`${key}.${name.toLowerCase()}`, name);
  }
  fieldTable.set(key, table);
}

type DynamicField = (it: Interpreter, name: string, ctx: ParserRuleContext) => Value;
const dynamicFieldTable = new Map<string, DynamicField>();
/** Static fields whose names come from the org (e.g. `Label.<custom label>`), resolved when read. */
export function defineDynamicStaticFields(cls: string, fn: DynamicField): void {
  dynamicFieldTable.set(cls.toLowerCase(), fn);
  classNames.set(cls.toLowerCase(), cls);
}

export function defineInstance(kind: Kind, methods: Record<string, [number | readonly number[], InstanceFn]>): void {
  const table = instanceTable.get(kind) ?? new Map<string, Entry<InstanceFn>>();
  for (const [name, [a, fn]] of Object.entries(methods)) table.set(name.toLowerCase(), { arity: arities(a), fn, name });
  instanceTable.set(kind, table);
}

export function isLibraryClass(name: string): boolean {
  const key = stripSystem(name).toLowerCase();
  return staticTable.has(key) || fieldTable.has(key) || dynamicFieldTable.has(key);
}

/** Static method entry, for the checker. */
export function staticEntry(cls: string, method: string): Entry<StaticFn> | undefined {
  return staticTable.get(stripSystem(cls).toLowerCase())?.get(method.toLowerCase());
}

function noMethod(it: Interpreter, owner: string, name: string, args: Value[], ctx: ParserRuleContext): never {
  const p = it.pos(ctx);
  const sig = args.map(runtimeTypeName).join(', ');
  throw new ApexCompileError([
    { ...p, message: `Method does not exist or incorrect signature: void ${name}(${sig}) from the type ${owner}` }
  ]);
}

export interface SObjectStaticHandlers {
  field(it: Interpreter, type: string, name: string, ctx: ParserRuleContext): Value | undefined;
  method(it: Interpreter, type: string, name: string, args: Value[], ctx: ParserRuleContext): Value | undefined;
}
let sobjectStatics: SObjectStaticHandlers | null = null;
/** Registered by library/schema.ts: `Account.SObjectType`, `Account.Name`, `X__mdt.getAll()`. */
export function setSObjectStaticHandlers(h: SObjectStaticHandlers): void {
  sobjectStatics = h;
}

export function callStaticLibrary(
  it: Interpreter,
  cls: string,
  name: string,
  args: Value[],
  ctx: ParserRuleContext
): Value {
  const e = staticTable.get(stripSystem(cls).toLowerCase())?.get(name.toLowerCase());
  if (!e || !e.arity.includes(args.length)) {
    const so = !staticTable.has(stripSystem(cls).toLowerCase()) ? it.isSObjectType(cls) : null;
    if (so) {
      const v = sobjectStatics?.method(it, so, name, args, ctx);
      if (v !== undefined) return v;
      return it.unsupported(`static method ${cls}.${name}`, ctx);
    }
    // A documented method the library lacks (or a platform namespace it does not model) is not supported here, not absent.
    if (!e && (isKnownPlatformName(cls) || isDocumentedStaticMethod(cls, name)))
      return it.unsupported(`${cls}.${name}`, ctx);
    return noMethod(it, stripSystem(cls), name, args, ctx);
  }
  return e.fn(it, args, ctx);
}

export function staticLibraryField(
  it: Interpreter,
  cls: string,
  name: string,
  ctx: ParserRuleContext
): Value | undefined {
  const f = fieldTable.get(stripSystem(cls).toLowerCase())?.get(name.toLowerCase());
  if (f) return f(it);
  const dynamic = dynamicFieldTable.get(stripSystem(cls).toLowerCase());
  if (dynamic) return dynamic(it, name, ctx);
  const so = it.isSObjectType(cls);
  if (so) {
    const v = sobjectStatics?.field(it, so, name, ctx);
    if (v !== undefined) return v;
    return it.unsupported(`${cls}.${name}`, ctx);
  }
  return undefined;
}

export function kindOf(v: Value): Kind {
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'Integer';
  if (typeof v === 'bigint') return 'Long';
  if (typeof v === 'boolean') return 'Boolean';
  if (v instanceof ApexDouble) return 'Double';
  if (v instanceof ApexDecimal) return 'Decimal';
  if (v instanceof ApexList) return 'List';
  if (v instanceof ApexSet) return 'Set';
  if (v instanceof ApexMap) return 'Map';
  if (v instanceof ApexSObject) return 'SObject';
  if (v instanceof ApexEnumValue) return 'Enum';
  if (v instanceof ApexTypeValue) return 'Type';
  if (v instanceof ApexDate) return 'Date';
  if (v instanceof ApexDatetime) return 'Datetime';
  if (v instanceof ApexTime) return 'Time';
  if (v instanceof ApexObject) return 'Exception';
  return 'Object';
}

export function callInstanceLibrary(
  it: Interpreter,
  target: Value,
  name: string,
  args: Value[],
  ctx: ParserRuleContext
): Value {
  if (target === null) it.npe();
  if (target instanceof ApexNative) {
    const m = target.methods[name.toLowerCase()];
    if (!m) return noMethod(it, target.typeName, name, args, ctx);
    return m(args);
  }
  const kind = kindOf(target);
  const lower = name.toLowerCase();
  const e = instanceTable.get(kind)?.get(lower) ?? instanceTable.get('Object')?.get(lower);
  if (!e && isDocumentedInstanceMethod(kind, name)) return it.unsupported(`${runtimeTypeName(target)}.${name}`, ctx);
  if (!e || !e.arity.includes(args.length)) return noMethod(it, runtimeTypeName(target), name, args, ctx);
  return e.fn(it, target, args, ctx);
}

export function instanceEntry(kind: Kind, method: string): Entry<InstanceFn> | undefined {
  return instanceTable.get(kind)?.get(method.toLowerCase());
}

// ---- argument helpers ------------------------------------------------------------------------

export function argString(it: Interpreter, v: Value): string {
  if (v === null) it.npe();
  return typeof v === 'string' ? v : String(v);
}

export function argInt(it: Interpreter, v: Value): number {
  if (v === null) it.npe();
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDouble) return Math.trunc(v.v);
  if (v instanceof ApexDecimal) return Number(v.toBigInt());
  throw new TypeError(`expected an Integer, got ${runtimeTypeName(v)}`);
}

export function argBool(it: Interpreter, v: Value): boolean {
  if (v === null) it.npe();
  return v === true;
}

/** Entry helpers: keep the tuple type where TypeScript drops contextual typing (keys such as toString/valueOf). */
export function sdef(a: number | readonly number[], fn: StaticFn): [number | readonly number[], StaticFn] {
  return [a, fn];
}
export function idef(a: number | readonly number[], fn: InstanceFn): [number | readonly number[], InstanceFn] {
  return [a, fn];
}
