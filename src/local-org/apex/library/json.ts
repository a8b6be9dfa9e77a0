/** JSON: serialize, serializePretty, deserialize and deserializeStrict (typed), deserializeUntyped. */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import { findInstanceField, getFieldValue, rawStore } from '../calls.js';
import { findField, isExceptionClass, type ClassInfo } from '../class-table.js';
import { ApexDecimal } from '../decimal.js';
import type { Interpreter } from '../interpreter.js';
import { JsonSyntaxError, parseJson, writeJson, type JsonNode } from '../json-text.js';
import { enumValues } from '../members.js';
import { formatDouble } from '../values.js';
import { coerce, resolveType } from '../types.js';
import {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexSObject,
  ApexTime,
  ApexTypeValue,
  typeRef,
  valueKey,
  type TypeRef,
  type Value
} from '../values.js';
import { argString, defineStatic } from './registry.js';
import { fieldTypesOf, fromRecord } from './soql.js';

function isoDatetime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, 'Z');
}

export function toNode(it: Interpreter, v: Value, suppressNulls: boolean, ctx: ParserRuleContext): JsonNode {
  if (v === null) return { t: 'null' };
  if (typeof v === 'boolean') return { t: 'bool', v };
  if (typeof v === 'string') return { t: 'str', v };
  if (typeof v === 'number' || typeof v === 'bigint') return { t: 'num', text: v.toString() };
  if (v instanceof ApexDecimal) return { t: 'num', text: v.toPlainString() };
  if (v instanceof ApexDouble) return { t: 'num', text: formatDouble(v.v) };
  if (v instanceof ApexEnumValue) return { t: 'str', v: v.name };
  if (v instanceof ApexDate) return { t: 'str', v: v.iso() };
  if (v instanceof ApexDatetime) return { t: 'str', v: isoDatetime(v.ms) };
  if (v instanceof ApexTime) {
    const p = v.parts;
    return {
      t: 'str',
      v: `${String(p.h).padStart(2, '0')}:${String(p.m).padStart(2, '0')}:${String(p.s).padStart(2, '0')}.${String(p.ms).padStart(3, '0')}Z`
    };
  }
  if (v instanceof ApexList) return { t: 'arr', items: v.items.map((x) => toNode(it, x, suppressNulls, ctx)) };
  if (v instanceof ApexSet)
    return { t: 'arr', items: [...v.items.values()].map((x) => toNode(it, x, suppressNulls, ctx)) };
  if (v instanceof ApexMap) {
    return {
      t: 'obj',
      entries: [...v.entries.values()].map(([k, x]) => [
        k === null ? 'null' : String(k instanceof ApexEnumValue ? k.name : k),
        toNode(it, x, suppressNulls, ctx)
      ])
    };
  }
  if (v instanceof ApexSObject) {
    const entries: [string, JsonNode][] = [['attributes', { t: 'obj', entries: [['type', { t: 'str', v: v.type }]] }]];
    for (const f of v.fields.values()) entries.push([f.name, toNode(it, f.value, suppressNulls, ctx)]);
    return { t: 'obj', entries };
  }
  if (v instanceof ApexObject) {
    if (isExceptionClass(v.cls)) return it.unsupported('JSON.serialize of an exception', ctx);
    const entries: [string, JsonNode][] = [];
    const chain: ClassInfo[] = [];
    for (let c: ClassInfo | null = v.cls; c && !c.builtin; c = c.superClass) chain.unshift(c);
    for (const c of chain) {
      for (const f of c.fields.values()) {
        if (f.isStatic) continue;
        const val = getFieldValue(it, f, v);
        if (val === null && suppressNulls) continue;
        entries.push([f.name, toNode(it, val, suppressNulls, ctx)]);
      }
    }
    return { t: 'obj', entries };
  }
  return it.unsupported('JSON.serialize of a Type', ctx);
}

function numberValue(text: string): Value {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    if (n >= -2147483648 && n <= 2147483647) return n;
    return BigInt(text);
  }
  return ApexDecimal.parse(text);
}

export function untyped(n: JsonNode): Value {
  switch (n.t) {
    case 'null':
      return null;
    case 'bool':
      return n.v;
    case 'str':
      return n.v;
    case 'num':
      return numberValue(n.text);
    case 'arr':
      return new ApexList(typeRef('Object'), n.items.map(untyped));
    case 'obj': {
      const m = new ApexMap(typeRef('String'), typeRef('Object'));
      for (const [k, v] of n.entries) m.entries.set(valueKey(k), [k, untyped(v)]);
      return m;
    }
  }
}

function jsonError(it: Interpreter, message: string): never {
  return it.throwApex('JSONException', message);
}

/**
 * Set while JSON.deserializeStrict runs: an attribute the target type lacks fails instead of being ignored
 * (Apex class: `Unknown field: <Class>.<attr>`; sObject: `No such column '<attr>' on sobject of type <Obj>`).
 */
let strict = false;

/** The object a parent relationship name (`Account` on Contact) refers to, or null. */
function parentType(it: Interpreter, objectName: string, key: string): string | null {
  const k = key.toLowerCase();
  const f = it.data.describe(objectName)?.fields.find((x) => x.relationshipName?.toLowerCase() === k);
  return f?.referenceTo?.length === 1 ? f.referenceTo[0] : null;
}

/** A parent (`Account`) or child (`Contacts`) relationship name of the object: kept by deserialize. */
function isRelationship(it: Interpreter, objectName: string, key: string): boolean {
  const d = it.data.describe(objectName);
  const k = key.toLowerCase();
  return (
    !!d &&
    (d.fields.some((f) => f.relationshipName?.toLowerCase() === k) ||
      (d.childRelationships ?? []).some((c) => c.relationshipName?.toLowerCase() === k))
  );
}

/** Converts a parsed node to a value of the declared type (JSON.deserialize; also the arguments of @AuraEnabled calls). */
export function typed(it: Interpreter, n: JsonNode, t: TypeRef, ctx: ParserRuleContext): Value {
  if (n.t === 'null') return null;
  const r = resolveType(t, it.frame.cls, it);
  if (!r) return it.unsupported(`JSON.deserialize into ${t.name}`, ctx);
  switch (r.kind) {
    case 'collection': {
      if (r.name === 'Map') {
        if (n.t !== 'obj') return jsonError(it, `Expected a Map for ${t.name}`);
        const m = new ApexMap(t.args[0] ?? typeRef('String'), t.args[1] ?? typeRef('Object'));
        for (const [k, v] of n.entries) {
          const key = coerce(typed(it, { t: 'str', v: k }, m.keyType, ctx), m.keyType);
          m.entries.set(valueKey(key), [key, typed(it, v, m.valueType, ctx)]);
        }
        return m;
      }
      if (n.t !== 'arr')
        return jsonError(it, `Expected ${r.name} but found ${n.t === 'obj' ? 'an object' : 'a value'}`);
      const elem = t.args[0] ?? typeRef('Object');
      const items = n.items.map((x) => typed(it, x, elem, ctx));
      if (r.name === 'List') return new ApexList(elem, items);
      const s = new ApexSet(elem);
      for (const x of items) s.items.set(valueKey(x), x);
      return s;
    }
    case 'primitive':
      return primitive(it, n, r.name, ctx);
    case 'enum':
      return null;
    case 'sobject': {
      if (n.t !== 'obj') return jsonError(it, `Expected ${r.name}`);
      const so = new ApexSObject(r.name);
      // Date and Datetime fields are typed by the object's describe, as query results are.
      const types = fieldTypesOf(it)(r.name);
      for (const [k, v] of n.entries) {
        if (k === 'attributes') continue;
        const parent = v.t === 'obj' ? parentType(it, r.name, k) : null;
        if (parent) {
          so.put(k, typed(it, v, typeRef(parent), ctx)); // `"Account": {…}` is the parent record
          continue;
        }
        if (types && !types.has(k.toLowerCase()) && !isRelationship(it, r.name, k)) {
          // API 35.0 and later ignore an extraneous attribute in deserialize; deserializeStrict fails.
          if (strict) return jsonError(it, `No such column '${k}' on sobject of type ${r.name}`);
          continue;
        }
        const type = types?.get(k.toLowerCase())?.type;
        const temporal = v.t === 'str' && (type === 'date' || type === 'datetime');
        so.put(k, temporal ? fromRecord({ [k]: v.v }, r.name, fieldTypesOf(it)).get(k) : untyped(v));
      }
      return so;
    }
    case 'class': {
      const cls = r.cls;
      if (cls.kind === 'enum') {
        if (n.t !== 'str') return jsonError(it, `Expected an enum value of ${cls.name}`);
        return enumValues(cls.name, cls.enumValues).find((e) => e.name === n.v) ?? null;
      }
      if (n.t !== 'obj') return jsonError(it, `Malformed JSON: Expected '{' at the beginning of object`);
      if (cls.kind !== 'class' || cls.isAbstract) return jsonError(it, `Cannot deserialize instance of ${cls.name}`);
      const obj = new ApexObject(cls);
      for (const [k, v] of n.entries) {
        const f = findField(cls, k.toLowerCase());
        if (!f || f.isStatic) {
          if (strict) return jsonError(it, `Unknown field: ${cls.name}.${k}`);
          continue; // deserialize ignores unknown attributes
        }
        const inst = findInstanceField(obj, k.toLowerCase());
        if (inst) rawStore(it, inst, obj).set(inst.name.toLowerCase(), coerce(typed(it, v, inst.type, ctx), inst.type));
      }
      return obj;
    }
    case 'type':
    case 'native':
      return it.unsupported(`JSON.deserialize into ${t.name}`, ctx);
  }
}

function primitive(it: Interpreter, n: JsonNode, name: string, ctx: ParserRuleContext): Value {
  const v = untyped(n);
  switch (name) {
    case 'Object':
      return v;
    case 'String':
    case 'Id':
      return n.t === 'str' ? n.v : n.t === 'num' ? n.text : jsonError(it, `Expected String but found ${n.t}`);
    case 'Boolean':
      return n.t === 'bool' ? n.v : n.t === 'str' ? n.v.toLowerCase() === 'true' : jsonError(it, 'Expected Boolean');
    case 'Integer':
    case 'Long':
    case 'Decimal':
    case 'Double': {
      const num = n.t === 'num' ? numberValue(n.text) : n.t === 'str' ? ApexDecimal.parse(n.v) : null;
      if (num === null) return jsonError(it, `Expected ${name} but found ${n.t}`);
      if (name === 'Integer')
        return typeof num === 'number' ? num : Math.trunc(Number(num instanceof ApexDecimal ? num.toNumber() : num));
      return coerce(num, typeRef(name));
    }
    case 'Date':
    case 'Datetime': {
      if (n.t !== 'str') return jsonError(it, `Expected ${name}`);
      const ms = Date.parse(n.v.length === 10 ? n.v + 'T00:00:00Z' : n.v);
      if (Number.isNaN(ms)) return jsonError(it, `Invalid ${name.toLowerCase()}: ${n.v}`);
      return name === 'Date' ? new ApexDate(Math.floor(ms / 86400000)) : new ApexDatetime(ms);
    }
    default:
      return it.unsupported(`JSON.deserialize into ${name}`, ctx);
  }
}

function parse(it: Interpreter, v: Value): JsonNode {
  try {
    return parseJson(argString(it, v));
  } catch (e) {
    if (e instanceof JsonSyntaxError) return jsonError(it, e.message);
    throw e;
  }
}

defineStatic('JSON', {
  serialize: [[1, 2], (it, [v, suppress], ctx) => writeJson(toNode(it, v, suppress === true, ctx), false)],
  serializePretty: [[1, 2], (it, [v, suppress], ctx) => writeJson(toNode(it, v, suppress === true, ctx), true)],
  deserializeUntyped: [1, (it, [s]) => untyped(parse(it, s))],
  deserialize: [
    2,
    (it, [s, t], ctx) => {
      if (!(t instanceof ApexTypeValue)) return it.npe();
      return typed(it, parse(it, s), t.type, ctx);
    }
  ],
  // https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_System_Json.htm
  deserializeStrict: [
    2,
    (it, [s, t], ctx) => {
      if (!(t instanceof ApexTypeValue)) return it.npe();
      const outer = strict;
      strict = true;
      try {
        return typed(it, parse(it, s), t.type, ctx);
      } finally {
        strict = outer;
      }
    }
  ]
});
