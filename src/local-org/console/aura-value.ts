/**
 * Apex values as the Lightning framework hands them to a component: user-class instances carry their
 * @AuraEnabled fields and properties only; null members are left out; Date as `YYYY-MM-DD`, Datetime as an
 * ISO-8601 UTC string, numbers as JSON numbers, Ids as strings, sObjects as their fields.
 * https://developer.salesforce.com/docs/platform/lwc/guide/apex-wire-method (the returned data),
 * https://developer.salesforce.com/docs/platform/lwc/guide/apex-call-imperative
 */
import { getFieldValue } from '../apex/calls.js';
import { isExceptionClass, type ClassInfo } from '../apex/class-table.js';
import { ApexDecimal } from '../apex/decimal.js';
import type { Interpreter } from '../apex/interpreter.js';
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
  ApexTime
} from '../apex/values.js';
import type { Value } from '../apex/values.js';

/** A value the local org cannot hand to a component (reported as not supported). */
export class AuraSerializationError extends Error {
  constructor(what: string) {
    super(`not supported by the local runtime: returning ${what} from an @AuraEnabled method`);
    this.name = 'AuraSerializationError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function toAuraJson(it: Interpreter, v: Value): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDecimal) return v.toNumber();
  if (v instanceof ApexDouble) return v.v;
  if (v instanceof ApexEnumValue) return v.name;
  if (v instanceof ApexDate) return v.iso();
  if (v instanceof ApexDatetime) return new Date(v.ms).toISOString();
  if (v instanceof ApexTime) {
    const p = v.parts;
    return `${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${pad(p.ms, 3)}Z`;
  }
  if (v instanceof ApexList) return v.items.map((x) => toAuraJson(it, x));
  if (v instanceof ApexSet) return [...v.items.values()].map((x) => toAuraJson(it, x));
  if (v instanceof ApexMap) {
    const out: Record<string, Json> = {};
    for (const [k, x] of v.entries.values())
      out[k === null ? 'null' : String(k instanceof ApexEnumValue ? k.name : k)] = toAuraJson(it, x);
    return out;
  }
  if (v instanceof ApexSObject) {
    const out: Record<string, Json> = {};
    for (const f of v.fields.values()) if (f.value !== null) out[f.name] = toAuraJson(it, f.value);
    return out;
  }
  if (v instanceof ApexObject) {
    if (isExceptionClass(v.cls)) throw new AuraSerializationError(`an exception (${v.cls.name})`);
    const out: Record<string, Json> = {};
    const chain: ClassInfo[] = [];
    for (let c: ClassInfo | null = v.cls; c && !c.builtin; c = c.superClass) chain.unshift(c);
    for (const c of chain)
      for (const f of c.fields.values()) {
        if (f.isStatic || !f.annotations?.has('auraenabled')) continue;
        const value = getFieldValue(it, f, v);
        if (value !== null) out[f.name] = toAuraJson(it, value);
      }
    return out;
  }
  throw new AuraSerializationError(`a value of type ${(v as object).constructor?.name ?? typeof v}`);
}
