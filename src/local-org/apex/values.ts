/**
 * Runtime values of the Apex interpreter.
 * Integer is a JS number (always a 32-bit integer), Long a bigint, Double an ApexDouble wrapper,
 * Decimal an ApexDecimal, String and Id JS strings, Boolean a JS boolean, null is null.
 */
import { ApexDecimal } from './decimal.js';
import type { ClassInfo } from './class-table.js';
import { ApexDate, ApexDatetime, ApexTime, pad } from './datetime.js';

export { ApexDate, ApexDatetime, ApexTime };

/** A static type as written in source: `Map<String, List<Integer>>` → name "Map", args [String, List<Integer>]. */
export interface TypeRef {
  /** Canonical spelling of the (possibly dotted) name, e.g. "Map", "Outer.Inner", "Account". */
  readonly name: string;
  readonly args: readonly TypeRef[];
}

export function typeRef(name: string, args: readonly TypeRef[] = []): TypeRef {
  return { name, args };
}

export function typeToString(t: TypeRef): string {
  return t.args.length ? `${t.name}<${t.args.map(typeToString).join(',')}>` : t.name;
}

export class ApexDouble {
  constructor(readonly v: number) {}
}

export class ApexList {
  /** Set on the result of inline SOQL: assigning it to a single sObject takes its only row. */
  fromSoql?: boolean;
  constructor(
    readonly elemType: TypeRef,
    public items: Value[] = []
  ) {}
}

export class ApexSet {
  /** key() of the element → the element, insertion ordered. */
  readonly items = new Map<string, Value>();
  constructor(readonly elemType: TypeRef) {}
}

export class ApexMap {
  /** key() of the key → [key, value], insertion ordered. */
  readonly entries = new Map<string, [Value, Value]>();
  /**
   * String keys compare ignoring case (the maps Schema.getGlobalDescribe() and fields.getMap() return:
   * lower-case keys, case-insensitive get/containsKey/remove). Entries are stored under lower-cased keys.
   */
  ignoreKeyCase = false;
  constructor(
    readonly keyType: TypeRef,
    readonly valueType: TypeRef
  ) {}
  /** The entries key of `k` (see ignoreKeyCase). */
  keyOf(k: Value): string {
    return valueKey(this.ignoreKeyCase && typeof k === 'string' ? k.toLowerCase() : k);
  }
}

/** An sObject: field names are case-insensitive; the spelling first used is kept for printing. */
export class ApexSObject {
  readonly fields = new Map<string, { name: string; value: Value }>();
  /** Set on Trigger.new in after triggers and on Trigger.old: assigning a field raises "Record is read-only". */
  readOnly = false;
  /** Errors added with addError (SObject.addError, field-level addError), in order. */
  errors: { message: string; fields: string[] }[] | null = null;
  /**
   * Retrieved by SOQL or SOSL: a field the query did not select (and the code has not set since) cannot be
   * read (`System.SObjectException: SObject row was retrieved via SOQL without querying the requested
   * field: <Object>.<Field>`; readSObjectField in members.ts).
   */
  queried = false;
  /** On a queried record: the fields the code has set since the query (DML leaves the others it cannot write). */
  changed: Set<string> | null = null;
  constructor(readonly type: string) {}
  get(name: string): Value {
    return this.fields.get(name.toLowerCase())?.value ?? null;
  }
  put(name: string, value: Value): void {
    const key = name.toLowerCase();
    this.changed?.add(key);
    const existing = this.fields.get(key);
    this.fields.set(key, { name: existing?.name ?? name, value });
  }
}

/** An instance of a user class or of a built-in exception class. */
export class ApexObject {
  readonly fields = new Map<string, Value>();
  constructor(readonly cls: ClassInfo) {}
}

export class ApexEnumValue {
  constructor(
    /** Full enum type name, e.g. "Season", "Outer.Color", "System.LoggingLevel". */
    readonly enumType: string,
    readonly name: string,
    readonly ordinal: number
  ) {}
}

/** The value of `X.class` (System.Type). */
export class ApexTypeValue {
  constructor(readonly type: TypeRef) {}
}

/** A platform object implemented in TypeScript (Database.SaveResult, Schema.DescribeSObjectResult, …). */
export class ApexNative {
  constructor(
    /** Full type name, e.g. "Database.SaveResult". */
    readonly typeName: string,
    /** lower-cased method name → implementation. */
    readonly methods: Readonly<Record<string, (args: Value[]) => Value>>,
    /** Text System.debug prints. */
    readonly display: string,
    /** Equal natives share it (Set/Map keys, ==): schema tokens are values, e.g. `Account.Name` per object. */
    readonly identity?: string
  ) {}
}

export type Value =
  | null
  | boolean
  | string
  | number
  | bigint
  | ApexDouble
  | ApexDecimal
  | ApexList
  | ApexSet
  | ApexMap
  | ApexSObject
  | ApexObject
  | ApexEnumValue
  | ApexTypeValue
  | ApexNative
  | ApexDate
  | ApexDatetime
  | ApexTime;

/** Java's Double.toString, which Apex uses to print Doubles. */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const a = Math.abs(d);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : s + '.0';
  }
  const [mant, exp] = d.toExponential().split('e');
  const m = mant.includes('.') ? mant : mant + '.0';
  return `${m}E${Number(exp)}`;
}

/** The runtime type name Apex reports for a value (as in TypeException messages). */
export function runtimeTypeName(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'Boolean';
    case 'string':
      return 'String';
    case 'number':
      return 'Integer';
    case 'bigint':
      return 'Long';
  }
  if (v instanceof ApexDouble) return 'Double';
  if (v instanceof ApexDecimal) return 'Decimal';
  if (v instanceof ApexList) return `List<${typeToString(v.elemType)}>`;
  if (v instanceof ApexSet) return `Set<${typeToString(v.elemType)}>`;
  if (v instanceof ApexMap) return `Map<${typeToString(v.keyType)},${typeToString(v.valueType)}>`;
  if (v instanceof ApexSObject) return v.type;
  if (v instanceof ApexObject) return v.cls.name;
  if (v instanceof ApexEnumValue) return v.enumType;
  if (v instanceof ApexDate) return 'Date';
  if (v instanceof ApexDatetime) return 'Datetime';
  if (v instanceof ApexTime) return 'Time';
  if (v instanceof ApexNative) return v.typeName;
  return 'System.Type';
}

/**
 * Set by the running interpreter: the key of a user object whose class defines hashCode() (custom types in
 * Set and Map keys). Objects of one class with equal hash codes are treated as equal.
 */
export const keyHooks: { objectKey: (o: ApexObject) => string | null } = { objectKey: () => null };

/** A key that makes equal Apex values collide in Set and Map (case-sensitive for strings, as Apex). */
export function valueKey(v: Value): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'string':
      return 's' + v;
    case 'number':
      return 'i' + v;
    case 'bigint':
      return 'i' + v.toString();
  }
  if (v instanceof ApexDouble) return Number.isInteger(v.v) ? 'i' + v.v : 'd' + v.v;
  if (v instanceof ApexDecimal) return 'D' + v.toPlainString();
  if (v instanceof ApexEnumValue) return `e${v.enumType}.${v.name}`;
  if (v instanceof ApexList) return 'L(' + v.items.map(valueKey).join(',') + ')';
  if (v instanceof ApexSObject) {
    const parts = [...v.fields.entries()].map(([k, f]) => `${k}=${valueKey(f.value)}`);
    return `O${v.type.toLowerCase()}{${parts.join(',')}}`;
  }
  if (v instanceof ApexTypeValue) return 'T' + typeToString(v.type).toLowerCase();
  if (v instanceof ApexObject) {
    const k = keyHooks.objectKey(v);
    if (k !== null) return k;
  }
  if (v instanceof ApexDate) return 'a' + v.days;
  if (v instanceof ApexDatetime) return 't' + v.ms;
  if (v instanceof ApexTime) return 'h' + v.ms;
  if (v instanceof ApexNative && v.identity !== undefined) return 'N' + v.identity;
  return 'r' + identityKey(v);
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;
export function identityKey(o: object): number {
  let id = identities.get(o);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(o, id);
  }
  return id;
}

/** GMT "yyyy-MM-dd HH:mm:ss", the form System.debug prints a Datetime in. */
export function gmtString(ms: number): string {
  const t = new Date(ms);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}
