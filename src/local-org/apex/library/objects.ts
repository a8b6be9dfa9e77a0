/** Exception accessors, Object/Enum/SObject/Type instance methods, and the string form of user objects. */
import { readSObjectField } from '../queried-fields.js';
import { callUserMethod, findInstanceField, getFieldValue, instantiate } from '../calls.js';
import { isExceptionClass } from '../class-table.js';
import type { Interpreter } from '../interpreter.js';
import { apexEquals, toApexString } from '../operators.js';
import { isKnownPlatformName } from '../platform-names.js';
import { resolveType } from '../types.js';
import {
  ApexEnumValue,
  ApexList,
  ApexNative,
  ApexMap,
  ApexObject,
  ApexSObject,
  ApexTypeValue,
  identityKey,
  typeRef,
  typeToString,
  valueKey,
  type Value
} from '../values.js';
import { argString, defineInstance, defineStatic, idef } from './registry.js';
import { fieldTypesOf } from './soql.js';

function dmlRows(e: ApexObject): ApexNative[] {
  const rows = e.fields.get('$dml');
  return rows instanceof ApexList ? (rows.items as ApexNative[]) : [];
}

/** The i-th failed row of a DmlException (getDmlMessage(i) and friends); other exceptions have none. */
function dmlRow(it: Interpreter, e: ApexObject, i: Value): ApexNative {
  const rows = dmlRows(e);
  const n = Number(i);
  if (!(n >= 0 && n < rows.length)) return it.throwApex('ListException', `List index out of bounds: ${n}`);
  return rows[n];
}

/** Exception type names as getTypeName() reports them: "System.NullPointerException", "MyException". */
export function exceptionTypeName(e: ApexObject): string {
  return e.cls.name;
}

defineInstance('Exception', {
  // AuraHandledException.getMessage() is "Script-thrown exception" unless setMessage() was called
  // (Lightning Web Components Developer Guide, "Handle Errors in Apex").
  getMessage: [
    0,
    (_it, e: ApexObject) =>
      e.cls.name === 'System.AuraHandledException' && !e.fields.get('$messageSet')
        ? 'Script-thrown exception'
        : (e.fields.get('$message') ?? null)
  ],
  setMessage: [1, (_it, e: ApexObject, [m]) => (e.fields.set('$message', m), e.fields.set('$messageSet', true), null)],
  getTypeName: [0, (_it, e: ApexObject) => exceptionTypeName(e)],
  getLineNumber: [0, (_it, e: ApexObject) => e.fields.get('$line') ?? -1],
  getStackTraceString: [0, (_it, e: ApexObject) => e.fields.get('$stack') ?? ''],
  getCause: [0, (_it, e: ApexObject) => e.fields.get('$cause') ?? null],
  initCause: [1, (_it, e: ApexObject, [c]) => (e.fields.set('$cause', c), null)],
  toString: idef(0, (it, e: ApexObject) => objectToString(it, e)),
  getNumDml: [0, (_it, e: ApexObject) => dmlRows(e).length],
  getDmlMessage: [1, (it, e: ApexObject, [i]) => dmlRow(it, e, i).methods.message([])],
  getDmlStatusCode: [1, (it, e: ApexObject, [i]) => dmlRow(it, e, i).methods.statuscode([])],
  getDmlFieldNames: [1, (it, e: ApexObject, [i]) => dmlRow(it, e, i).methods.fields([])],
  getDmlId: [1, (it, e: ApexObject, [i]) => dmlRow(it, e, i).methods.id([])],
  getDmlIndex: [1, (it, e: ApexObject, [i]) => dmlRow(it, e, i).methods.index([])],
  equals: [1, (_it, e: ApexObject, [o]) => e === o],
  hashCode: [0, (_it, e: ApexObject) => identityKey(e)]
});

defineInstance('Object', {
  toString: idef(0, (it, v: Value) => toApexString(it, v)),
  equals: [1, (it, v: Value, [o]) => apexEquals(it, v, o)],
  hashCode: [0, (_it, v: Value) => hashOf(valueKey(v))]
});

defineInstance('Enum', {
  name: [0, (_it, e: ApexEnumValue) => e.name],
  ordinal: [0, (_it, e: ApexEnumValue) => e.ordinal],
  toString: idef(0, (_it, e: ApexEnumValue) => e.name),
  equals: [1, (_it, e: ApexEnumValue, [o]) => e === o],
  hashCode: [0, (_it, e: ApexEnumValue) => hashOf(e.enumType + '.' + e.name)]
});

/**
 * `record.get(name)` / `put(name, value)` of a field the object does not have:
 * `System.SObjectException: Invalid field <name> for <Object>` (fields read from a query result — parent and
 * child relationships, aggregate aliases — stay readable).
 */
/** A field argument: its name, or a field token (`record.get(Account.Name)`). */
function fieldName(it: Interpreter, f: Value): string {
  return f instanceof ApexNative && f.typeName === 'Schema.SObjectField' ? f.display : argString(it, f);
}

function checkField(it: Interpreter, s: ApexSObject, name: string, reading: boolean): void {
  const fields = fieldTypesOf(it)(s.type);
  if (!fields || fields.has(name.toLowerCase())) return;
  if (reading && s.fields.has(name.toLowerCase())) return;
  it.throwApex('SObjectException', `Invalid field ${name} for ${s.type}`);
}

defineInstance('SObject', {
  get: [
    1,
    (it, s: ApexSObject, [f]) => {
      const name = fieldName(it, f);
      checkField(it, s, name, true);
      return readSObjectField(it, s, name);
    }
  ],
  put: [
    2,
    (it, s: ApexSObject, [f, v]) => {
      const name = fieldName(it, f);
      checkField(it, s, name, false);
      if (s.readOnly) it.throwApex('FinalException', 'Record is read-only');
      const old = s.get(name);
      s.put(name, v);
      return old;
    }
  ],
  getPopulatedFieldsAsMap: [
    0,
    (_it, s: ApexSObject) => {
      const m = new ApexMap(typeRef('String'), typeRef('Object'));
      for (const f of s.fields.values()) m.entries.set(valueKey(f.name), [f.name, f.value]);
      return m;
    }
  ],
  clone: [
    [0, 1, 2, 3, 4],
    (_it, s: ApexSObject, [preserveId]) => {
      const c = new ApexSObject(s.type);
      for (const f of s.fields.values())
        if (preserveId === true || f.name.toLowerCase() !== 'id') c.put(f.name, f.value);
      return c;
    }
  ]
});

defineInstance('Type', {
  getName: [0, (_it, t: ApexTypeValue) => typeToString(t.type)],
  toString: idef(0, (_it, t: ApexTypeValue) => typeToString(t.type)),
  newInstance: [
    0,
    (it, t: ApexTypeValue, _a, ctx) => {
      const r = resolveType(t.type, it.frame.cls, it);
      if (r?.kind === 'class') return instantiate(it, r.cls, [], ctx);
      if (r?.kind === 'sobject') return new ApexSObject(r.name);
      return it.unsupported(`Type.newInstance for ${typeToString(t.type)}`, ctx);
    }
  ],
  equals: [1, (it, t: ApexTypeValue, [o]) => apexEquals(it, t, o)]
});

defineStatic('Type', {
  // forName(name) and forName(namespace, name): a null or empty namespace means no namespace (the local org
  // has none, so another namespace names no class of it; platform namespaces such as System still resolve).
  // https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_type.htm
  forName: [
    [1, 2],
    (it, args) => {
      const name = argString(it, args[args.length - 1]);
      const ns = args.length === 2 && args[0] !== null ? argString(it, args[0]).trim() : '';
      if (ns !== '' && !isKnownPlatformName(ns)) return null;
      const full = ns !== '' ? `${ns}.${name}` : name;
      const t = typeRef(full);
      const r = resolveType(t, it.frame.cls, it);
      if (!r) return null;
      if (r.kind === 'class') return new ApexTypeValue(typeRef(r.cls.name));
      // Platform types by their own name (`Type.forName('System', 'String')` is String).
      return new ApexTypeValue(r.kind === 'primitive' || r.kind === 'sobject' ? typeRef(r.name) : t);
    }
  ]
});

function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** String form of a user object: its toString() if it has one, else "Name:[field=value, …]" as an org prints. */
export function objectToString(it: Interpreter, o: ApexObject): string {
  if (isExceptionClass(o.cls)) {
    const msg = o.fields.get('$message') ?? null;
    return msg === null ? o.cls.name : `${o.cls.name}: ${toApexString(it, msg)}`;
  }
  const r = callUserMethod(it, o, 'tostring', []);
  if (r.found) return toApexString(it, r.value);
  const parts: string[] = [];
  for (let c: typeof o.cls | null = o.cls; c; c = c.superClass) {
    for (const f of c.fields.values()) {
      if (f.isStatic) continue;
      const field = findInstanceField(o, f.name.toLowerCase());
      parts.push(`${f.name}=${toApexString(it, field ? getFieldValue(it, field, o) : null)}`);
    }
  }
  return `${o.cls.name}:[${parts.join(', ')}]`;
}

export function userEquals(it: Interpreter, a: ApexObject, b: Value): boolean | undefined {
  if (isExceptionClass(a.cls)) return undefined;
  const r = callUserMethod(it, a, 'equals', [b]);
  return r.found ? r.value === true : undefined;
}
