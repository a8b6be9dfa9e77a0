/**
 * Static types for the checker. A static type is what the compiler knows about an expression; `null`
 * (no SType) means "not known offline" and never produces a compile error — the checker only rejects
 * what it is sure an org rejects.
 */
import { isSubclassOf, type ClassInfo } from '../class-table.js';
import { resolveType, stripSystem, type TypeResolver } from '../types.js';
import type { TypeRef } from '../values.js';

export type SType =
  | { readonly k: 'prim'; readonly name: string }
  | { readonly k: 'null' }
  | { readonly k: 'void' }
  | { readonly k: 'coll'; readonly name: 'List' | 'Set' | 'Map'; readonly args: readonly (SType | null)[] }
  | { readonly k: 'class'; readonly cls: ClassInfo }
  | { readonly k: 'sobject'; readonly name: string }
  | { readonly k: 'enum'; readonly name: string }
  /** The platform's generic iteration interfaces with their element type (`Iterator<String>`). */
  | { readonly k: 'iface'; readonly name: 'Iterator' | 'Iterable'; readonly args: readonly Typed[] };

/** A static type or "unknown". */
export type Typed = SType | null;

export const prim = (name: string): SType => ({ k: 'prim', name });
export const NULL_TYPE: SType = { k: 'null' };
export const VOID: SType = { k: 'void' };
export const INTEGER = prim('Integer');
export const LONG = prim('Long');
export const DOUBLE = prim('Double');
export const DECIMAL = prim('Decimal');
export const STRING = prim('String');
export const BOOLEAN = prim('Boolean');
export const OBJECT = prim('Object');
export const list = (e: Typed): SType => ({ k: 'coll', name: 'List', args: [e] });
export const set = (e: Typed): SType => ({ k: 'coll', name: 'Set', args: [e] });

const NUMERIC_RANK: Record<string, number> = { Integer: 0, Long: 1, Double: 2, Decimal: 3 };

export function isNumeric(t: Typed): boolean {
  return t?.k === 'prim' && t.name in NUMERIC_RANK;
}

export function isPrim(t: Typed, name: string): boolean {
  return t?.k === 'prim' && t.name === name;
}

/** The wider of two numeric types (Integer → Long → Double → Decimal). */
export function widerNumeric(a: SType & { k: 'prim' }, b: SType & { k: 'prim' }): SType {
  return NUMERIC_RANK[a.name] >= NUMERIC_RANK[b.name] ? a : b;
}

/** How an org prints a type in a compile error: `Integer`, `List<String>`, `Map<String,Integer>`, `NULL`. */
export function display(t: Typed): string {
  if (!t) return 'Object';
  switch (t.k) {
    case 'prim':
      return t.name;
    case 'null':
      return 'NULL';
    case 'void':
      return 'void';
    case 'coll':
      return `${t.name}<${t.args.map(display).join(',')}>`;
    case 'class':
      return t.cls.name;
    case 'sobject':
      return t.name;
    case 'enum':
      return stripSystem(t.name);
    case 'iface':
      return `${t.name}<${t.args.map(display).join(',')}>`;
  }
}

/** The static type a declared type reference denotes, or null when the checker does not model it. */
export function fromTypeRef(ref: TypeRef, from: ClassInfo | null, r: TypeResolver): Typed {
  const name = stripSystem(ref.name).toLowerCase();
  if (name === 'void') return VOID;
  const resolved = resolveType(ref, from, r);
  if (!resolved) return null;
  switch (resolved.kind) {
    case 'primitive':
      return prim(resolved.name);
    case 'collection': {
      const n = resolved.name as 'List' | 'Set' | 'Map';
      const want = n === 'Map' ? 2 : 1;
      if (ref.args.length !== want) return null;
      return { k: 'coll', name: n, args: ref.args.map((a) => fromTypeRef(a, from, r)) };
    }
    case 'class':
      // Platform interfaces (Iterable, Comparable, Database.Batchable, …) are implemented by platform
      // types too (List implements Iterable); the checker does not model that, so they stay unknown —
      // except Iterator<T> and Iterable<T>, typed for what their methods return (`next()` is a T).
      if (resolved.cls.builtin && resolved.cls.kind === 'interface') {
        const generic = ['Iterator', 'Iterable'].find(
          (n) => n.toLowerCase() === stripSystem(resolved.cls.name).toLowerCase()
        );
        return generic && ref.args.length === 1
          ? { k: 'iface', name: generic as 'Iterator' | 'Iterable', args: [fromTypeRef(ref.args[0], from, r)] }
          : null;
      }
      return { k: 'class', cls: resolved.cls };
    case 'sobject':
      return resolved.name === 'AggregateResult' ? null : { k: 'sobject', name: resolved.name };
    case 'enum':
      return { k: 'enum', name: resolved.name };
    default:
      return null;
  }
}

/** Widening between primitives that assignment allows (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_rules_of_conversion.htm). */
const PRIMITIVE_WIDENING: Record<string, readonly string[]> = {
  Integer: ['Long', 'Double', 'Decimal'],
  Long: ['Double', 'Decimal'],
  Double: ['Decimal'],
  Decimal: ['Double'],
  String: ['Id'],
  Id: ['String'],
  // Date to Datetime is not verified either way; allowed so that valid code is never rejected.
  Date: ['Datetime']
};

function sameType(a: SType, b: SType): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'prim':
      return a.name === (b as typeof a).name;
    case 'class':
      return a.cls === (b as typeof a).cls;
    case 'sobject':
    case 'enum':
      return a.name.toLowerCase() === (b as typeof a).name.toLowerCase();
    case 'coll': {
      const o = b as typeof a;
      return a.name === o.name && a.args.every((x, i) => !x || !o.args[i] || sameType(x, o.args[i]!));
    }
    default:
      return true;
  }
}

/** A collection's element types: same type, Object, SObject ↔ concrete sObject, or a subclass. */
function elementCompatible(from: Typed, to: Typed): boolean {
  if (!from || !to || sameType(from, to)) return true;
  if (to.k === 'prim' && to.name === 'Object') return true;
  // SObject ↔ a concrete sObject type; two different concrete types (List<Contact> → List<Account>) are not.
  const generic = (t: SType): boolean => t.k === 'prim' && t.name === 'SObject';
  if ((generic(from) && to.k === 'sobject') || (from.k === 'sobject' && generic(to))) return true;
  if (from.k === 'class' && to.k === 'class') return isSubclassOf(from.cls, to.cls);
  if (from.k === 'coll' && to.k === 'coll') return assignable(from, to);
  // Id and String elements convert (NebulaLogger: `List<String> ids = new List<Id>(…)` deploys).
  const text = (t: SType): boolean => t.k === 'prim' && (t.name === 'Id' || t.name === 'String');
  if (text(from) && text(to)) return true;
  return false;
}

/**
 * Whether a value of static type `from` may be assigned to a variable of type `to` without a cast.
 * Unknown types are always assignable.
 */
export function assignable(from: Typed, to: Typed): boolean {
  if (!from || !to) return true;
  // Which classes implement a platform interface is not modelled: nothing converts to or from one is refused.
  if (from.k === 'iface' || to.k === 'iface') return true;
  if (to.k === 'void' || from.k === 'void') return true;
  if (from.k === 'null') return true;
  if (to.k === 'prim' && to.name === 'Object') return true;
  if (sameType(from, to)) return true;
  if (from.k === 'prim' && to.k === 'prim') {
    if (to.name === 'SObject') return false;
    return (PRIMITIVE_WIDENING[from.name] ?? []).includes(to.name);
  }
  // SObject to a concrete sObject type is checked at run time (a query result, `sobj.getSObject(...)`).
  if (from.k === 'prim' && from.name === 'SObject' && to.k === 'sobject') return true;
  if (from.k === 'sobject' && to.k === 'prim') return to.name === 'SObject';
  if (from.k === 'class' && to.k === 'class') return isSubclassOf(from.cls, to.cls);
  if (from.k === 'coll' && to.k === 'coll') {
    if (from.name !== to.name) return false;
    if (from.name === 'Set' && sobjectSetMix(from, to)) return false;
    return from.args.every((a, i) => elementCompatible(a, to.args[i] ?? null));
  }
  return false;
}

/**
 * A Set of a concrete sObject type is not a Set<SObject>, nor the reverse, in an assignment, an argument
 * or a cast (https://salesforce.stackexchange.com/questions/145428: `(Set<sObject>) new Set<Account>()`
 * reads `Incompatible types since an instance of Set<Account> is never an instance of Set<SObject>`);
 * Lists and Maps convert.
 */
function sobjectSetMix(a: SType & { k: 'coll' }, b: SType & { k: 'coll' }): boolean {
  const [x, y] = [a.args[0], b.args[0]];
  if (!x || !y) return false;
  const generic = (t: SType): boolean => t.k === 'prim' && t.name === 'SObject';
  return (generic(x) && y.k === 'sobject') || (x.k === 'sobject' && generic(y));
}

/** True when a cast from `from` to `to` can never succeed (the org's "Incompatible types since …"). */
export function castImpossible(from: Typed, to: Typed): boolean {
  if (!from || !to || from.k === 'null' || from.k === 'void' || to.k === 'void') return false;
  if (isPrim(from, 'Object') || isPrim(to, 'Object')) return false;
  if (from.k === 'coll' && to.k === 'coll' && from.name === 'Set' && to.name === 'Set' && sobjectSetMix(from, to))
    return true;
  if (assignable(from, to) || assignable(to, from)) return false;
  if (from.k === 'prim' && to.k === 'prim') {
    // Numeric-to-numeric casts are not verified against an org; they are never rejected here.
    if (isNumeric(from) && isNumeric(to)) return false;
    return true;
  }
  if (from.k === 'class' && to.k === 'class') {
    // A cast to or from an interface may succeed through a subclass; only unrelated classes are impossible.
    return from.cls.kind === 'class' && to.cls.kind === 'class';
  }
  if ((from.k === 'prim' && to.k === 'class') || (from.k === 'class' && to.k === 'prim')) {
    const p = (from.k === 'prim' ? from : to) as SType & { k: 'prim' };
    return p.name !== 'SObject';
  }
  return false;
}

/** True for types a `catch` or `throw` accepts: Exception and its subclasses. */
export function isException(t: Typed): boolean | null {
  if (!t) return null;
  if (t.k !== 'class') return t.k === 'null' ? null : false;
  for (let c: ClassInfo | null = t.cls; c; c = c.superClass) if (c.name === 'Exception') return true;
  return false;
}

/** Element type of a List/Set (the loop variable's type of a for-each over it). */
export function elementOf(t: Typed): Typed {
  return t?.k === 'coll' && t.name !== 'Map' ? (t.args[0] ?? null) : null;
}
