/** List, Set and Map instance methods. https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_list.htm */
import { callUserMethod } from '../calls.js';
import { ApexDate, ApexDatetime, ApexTime } from '../datetime.js';
import type { Interpreter } from '../interpreter.js';
import { apexEquals, compareNumbers, isNumber, toApexString } from '../operators.js';
import { coerce } from '../types.js';
import { ApexEnumValue, ApexList, ApexMap, ApexNative, ApexObject, ApexSet, valueKey, type Value } from '../values.js';
import { argInt, defineInstance, idef } from './registry.js';

function checkIndex(it: Interpreter, list: ApexList, i: number, size = list.items.length): void {
  if (i < 0 || i >= size) it.throwApex('ListException', `List index out of bounds: ${i}`);
}

function iterableItems(it: Interpreter, v: Value): Value[] {
  if (v === null) it.npe();
  if (v instanceof ApexList) return v.items;
  if (v instanceof ApexSet) return [...v.items.values()];
  throw new TypeError('expected a List or Set');
}

/** Natural ordering used by List.sort(): numbers, strings, dates and times, enums by ordinal, Comparable objects; nulls first. */
export function naturalCompare(it: Interpreter, a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof ApexEnumValue && b instanceof ApexEnumValue) return a.ordinal - b.ordinal;
  if (a instanceof ApexDate && b instanceof ApexDate) return a.days - b.days;
  if ((a instanceof ApexDatetime && b instanceof ApexDatetime) || (a instanceof ApexTime && b instanceof ApexTime))
    return a.ms - b.ms;
  if (a instanceof ApexObject) {
    const r = callUserMethod(it, a, 'compareto', [b]);
    if (r.found) return Number(r.value);
  }
  return it.throwApex('ListException', 'One or more of the items in this list is not Comparable');
}

/**
 * List.iterator() / Set.iterator(): an Iterator over a snapshot of the items; next() past the end raises
 * System.NoSuchElementException (message as orgs report it, unverified).
 */
function listIterator(it: Interpreter, items: readonly Value[], kind: string): ApexNative {
  let i = 0;
  return new ApexNative(
    'System.Iterator',
    {
      hasnext: () => i < items.length,
      next: () =>
        i < items.length ? items[i++] : it.throwApex('NoSuchElementException', 'Iterator has no more elements.')
    },
    `${kind}Iterator`
  );
}

defineInstance('List', {
  add: [
    [1, 2],
    (it, l: ApexList, args) => {
      it.checkNotIterating(l);
      if (args.length === 1) l.items.push(coerce(args[0], l.elemType));
      else {
        const i = argInt(it, args[0]);
        checkIndex(it, l, i, l.items.length + 1);
        l.items.splice(i, 0, coerce(args[1], l.elemType));
      }
      return null;
    }
  ],
  addAll: [
    1,
    (it, l: ApexList, [o]) => {
      it.checkNotIterating(l);
      return (l.items.push(...iterableItems(it, o).map((x) => coerce(x, l.elemType))), null);
    }
  ],
  get: [
    1,
    (it, l: ApexList, [i]) => {
      const n = argInt(it, i);
      checkIndex(it, l, n);
      return l.items[n];
    }
  ],
  set: [
    2,
    (it, l: ApexList, [i, v]) => {
      const n = argInt(it, i);
      checkIndex(it, l, n);
      l.items[n] = coerce(v, l.elemType);
      return null;
    }
  ],
  remove: [
    1,
    (it, l: ApexList, [i]) => {
      it.checkNotIterating(l);
      const n = argInt(it, i);
      checkIndex(it, l, n);
      return l.items.splice(n, 1)[0];
    }
  ],
  size: [0, (_it, l: ApexList) => l.items.length],
  iterator: [0, (it, l: ApexList) => listIterator(it, l.items, 'List')],
  isEmpty: [0, (_it, l: ApexList) => l.items.length === 0],
  clear: [
    0,
    (it, l: ApexList) => {
      it.checkNotIterating(l);
      return ((l.items = []), null);
    }
  ],
  contains: [1, (it, l: ApexList, [v]) => l.items.some((x) => apexEquals(it, x, v))],
  indexOf: [1, (it, l: ApexList, [v]) => l.items.findIndex((x) => apexEquals(it, x, v))],
  clone: [0, (_it, l: ApexList) => new ApexList(l.elemType, l.items.slice())],
  // sort() uses the natural order; sort(comparator) calls a System.Comparator's compare(a, b). Both are stable.
  sort: [
    [0, 1],
    (it, l: ApexList, [cmp]) => {
      if (cmp === undefined) l.items.sort((a, b) => naturalCompare(it, a, b));
      else {
        if (!(cmp instanceof ApexObject)) return it.npe();
        l.items.sort((a, b) => Number(callUserMethod(it, cmp, 'compare', [a, b]).value));
      }
      return null;
    }
  ],
  equals: [1, (it, l: ApexList, [o]) => apexEquals(it, l, o)],
  toString: idef(0, (it, l: ApexList) => toApexString(it, l))
});

function setAdd(s: ApexSet, v: Value): boolean {
  const v2 = coerce(v, s.elemType);
  const k = valueKey(v2);
  if (s.items.has(k)) return false;
  s.items.set(k, v2);
  return true;
}

defineInstance('Set', {
  add: [
    1,
    (it, s: ApexSet, [v]) => {
      it.checkNotIterating(s);
      return setAdd(s, v);
    }
  ],
  addAll: [
    1,
    (it, s: ApexSet, [o]) => {
      it.checkNotIterating(s);
      return iterableItems(it, o)
        .map((x) => setAdd(s, x))
        .some(Boolean);
    }
  ],
  remove: [
    1,
    (it, s: ApexSet, [v]) => {
      it.checkNotIterating(s);
      return s.items.delete(valueKey(v));
    }
  ],
  removeAll: [
    1,
    (it, s: ApexSet, [o]) => {
      it.checkNotIterating(s);
      return iterableItems(it, o)
        .map((x) => s.items.delete(valueKey(x)))
        .some(Boolean);
    }
  ],
  retainAll: [
    1,
    (it, s: ApexSet, [o]) => {
      it.checkNotIterating(s);
      const keep = new Set(iterableItems(it, o).map(valueKey));
      let changed = false;
      for (const k of [...s.items.keys()]) if (!keep.has(k)) changed = s.items.delete(k) || changed;
      return changed;
    }
  ],
  contains: [1, (_it, s: ApexSet, [v]) => s.items.has(valueKey(v))],
  containsAll: [1, (it, s: ApexSet, [o]) => iterableItems(it, o).every((x) => s.items.has(valueKey(x)))],
  size: [0, (_it, s: ApexSet) => s.items.size],
  iterator: [0, (it, s: ApexSet) => listIterator(it, [...s.items.values()], 'Set')],
  isEmpty: [0, (_it, s: ApexSet) => s.items.size === 0],
  clear: [
    0,
    (it, s: ApexSet) => {
      it.checkNotIterating(s);
      return (s.items.clear(), null);
    }
  ],
  clone: [
    0,
    (_it, s: ApexSet) => {
      const c = new ApexSet(s.elemType);
      for (const [k, v] of s.items) c.items.set(k, v);
      return c;
    }
  ],
  equals: [1, (it, s: ApexSet, [o]) => apexEquals(it, s, o)],
  toString: idef(0, (it, s: ApexSet) => toApexString(it, s))
});

defineInstance('Map', {
  put: [
    2,
    (_it, m: ApexMap, [k, v]) => {
      const key = coerce(k, m.keyType);
      const ks = m.keyOf(key);
      const old = m.entries.get(ks);
      m.entries.set(ks, [old ? old[0] : key, coerce(v, m.valueType)]);
      return old ? old[1] : null;
    }
  ],
  get: [1, (_it, m: ApexMap, [k]) => m.entries.get(m.keyOf(k))?.[1] ?? null],
  containsKey: [1, (_it, m: ApexMap, [k]) => m.entries.has(m.keyOf(k))],
  remove: [
    1,
    (_it, m: ApexMap, [k]) => {
      const ks = m.keyOf(k);
      const old = m.entries.get(ks);
      m.entries.delete(ks);
      return old ? old[1] : null;
    }
  ],
  keySet: [
    0,
    (_it, m: ApexMap) => {
      const s = new ApexSet(m.keyType);
      for (const [k, [key]] of m.entries) s.items.set(k, key);
      return s;
    }
  ],
  values: [
    0,
    (_it, m: ApexMap) =>
      new ApexList(
        m.valueType,
        [...m.entries.values()].map((e) => e[1])
      )
  ],
  size: [0, (_it, m: ApexMap) => m.entries.size],
  isEmpty: [0, (_it, m: ApexMap) => m.entries.size === 0],
  clear: [0, (_it, m: ApexMap) => (m.entries.clear(), null)],
  putAll: [
    1,
    (it, m: ApexMap, [o]) => {
      if (o === null) it.npe();
      if (o instanceof ApexMap)
        for (const [k, e] of o.entries) m.entries.set(m.ignoreKeyCase ? m.keyOf(e[0]) : k, [e[0], e[1]]);
      return null;
    }
  ],
  clone: [
    0,
    (_it, m: ApexMap) => {
      const c = new ApexMap(m.keyType, m.valueType);
      c.ignoreKeyCase = m.ignoreKeyCase;
      for (const [k, e] of m.entries) c.entries.set(k, [e[0], e[1]]);
      return c;
    }
  ],
  equals: [1, (it, m: ApexMap, [o]) => apexEquals(it, m, o)],
  toString: idef(0, (it, m: ApexMap) => toApexString(it, m))
});
