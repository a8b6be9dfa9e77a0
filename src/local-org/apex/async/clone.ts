/**
 * Deep copy of Apex values: what serializing a batch instance and reading it back gives. A batch that
 * is not Database.Stateful starts every execute (and finish) from the copy taken after start.
 */
import { ApexList, ApexMap, ApexObject, ApexSet, ApexSObject, type Value } from '../values.js';

export function deepClone<T extends Value>(v: T, seen = new Map<object, unknown>()): T {
  if (v === null || typeof v !== 'object') return v;
  const done = seen.get(v);
  if (done) return done as T;
  if (v instanceof ApexObject) {
    const o = new ApexObject(v.cls);
    seen.set(v, o);
    for (const [k, x] of v.fields) o.fields.set(k, deepClone(x, seen));
    return o as T;
  }
  if (v instanceof ApexList) {
    const l = new ApexList(v.elemType);
    seen.set(v, l);
    l.fromSoql = v.fromSoql;
    l.items = v.items.map((x) => deepClone(x, seen));
    return l as T;
  }
  if (v instanceof ApexSet) {
    const s = new ApexSet(v.elemType);
    seen.set(v, s);
    for (const [k, x] of v.items) s.items.set(k, deepClone(x, seen));
    return s as T;
  }
  if (v instanceof ApexMap) {
    const m = new ApexMap(v.keyType, v.valueType);
    seen.set(v, m);
    for (const [k, [kk, vv]] of v.entries) m.entries.set(k, [deepClone(kk, seen), deepClone(vv, seen)]);
    return m as T;
  }
  if (v instanceof ApexSObject) {
    const so = new ApexSObject(v.type);
    so.queried = v.queried;
    seen.set(v, so);
    for (const f of v.fields.values()) so.put(f.name, deepClone(f.value, seen));
    so.changed = v.changed && new Set(v.changed);
    return so as T;
  }
  // Immutable values (Decimal, Date, Datetime, enums, natives) are shared.
  return v;
}
