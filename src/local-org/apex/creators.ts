/** `new` expressions: classes, exceptions, sObjects with field arguments, List/Set/Map with initialisers, arrays. */
import {
  AssignExpressionContext,
  PrimaryExpressionContext,
  IdPrimaryContext,
  type CreatorContext
} from '@apexdevtools/apex-parser';
import { instantiate } from './calls.js';
import { evaluate, evaluateArgs } from './expressions.js';
import type { Interpreter } from './interpreter.js';
import { toTypeRef } from './loader.js';
import { nativeConstructor } from './native-constructors.js';
import { COLLECTIONS, coerce, resolveType, stripSystem } from './types.js';
import { ApexList, ApexMap, ApexSet, ApexSObject, typeRef, valueKey, type TypeRef, type Value } from './values.js';

export function createdType(c: CreatorContext): TypeRef {
  const pairs = c.createdName().idCreatedNamePair_list();
  const name = pairs.map((p) => p.anyId().getText()).join('.');
  const last = pairs[pairs.length - 1];
  const args = last.typeList()?.typeRef_list().map(toTypeRef) ?? [];
  return typeRef(name, args);
}

export function evalCreator(it: Interpreter, c: CreatorContext): Value {
  let t = createdType(c);
  const coll = COLLECTIONS.get(stripSystem(t.name).toLowerCase());
  const arrayRest = c.arrayCreatorRest();
  if (arrayRest) {
    // new T[n] or new T[]{a, b}
    const elem = t;
    const list = new ApexList(elem);
    const size = arrayRest.expression();
    if (size) {
      const n = evaluate(it, size);
      if (n === null) it.npe();
      list.items = new Array<Value>(Number(n)).fill(null);
    } else {
      list.items = (arrayRest.arrayInitializer()?.expression_list() ?? []).map((e) => coerce(evaluate(it, e), elem));
    }
    return list;
  }
  if (coll) {
    t = typeRef(coll, t.args);
    if (coll === 'List') {
      const list = new ApexList(t.args[0] ?? typeRef('Object'));
      const set = c.setCreatorRest();
      if (set) list.items = set.expression_list().map((e) => coerce(evaluate(it, e), list.elemType));
      const args = c.classCreatorRest() ? evaluateArgs(it, c.classCreatorRest().arguments().expressionList()) : [];
      if (args.length === 1) {
        const src = args[0];
        if (src instanceof ApexList) list.items = src.items.slice();
        else if (src instanceof ApexSet) list.items = [...src.items.values()];
        else if (typeof src === 'number') list.items = [];
        else if (src === null) it.npe();
      }
      return list;
    }
    if (coll === 'Set') {
      const set = new ApexSet(t.args[0] ?? typeRef('Object'));
      const init = c.setCreatorRest();
      const add = (v: Value): void => {
        set.items.set(valueKey(v), coerce(v, set.elemType));
      };
      if (init) init.expression_list().forEach((e) => add(evaluate(it, e)));
      const args = c.classCreatorRest() ? evaluateArgs(it, c.classCreatorRest().arguments().expressionList()) : [];
      if (args.length === 1) {
        const src = args[0];
        if (src === null) it.npe();
        if (src instanceof ApexList) src.items.forEach(add);
        else if (src instanceof ApexSet) [...src.items.values()].forEach(add);
      }
      return set;
    }
    const map = new ApexMap(t.args[0] ?? typeRef('Object'), t.args[1] ?? typeRef('Object'));
    const init = c.mapCreatorRest();
    if (init) {
      for (const pair of init.mapCreatorRestPair_list()) {
        const k = coerce(evaluate(it, pair.expression(0)), map.keyType);
        map.entries.set(valueKey(k), [k, coerce(evaluate(it, pair.expression(1)), map.valueType)]);
      }
    }
    const args = c.classCreatorRest() ? evaluateArgs(it, c.classCreatorRest().arguments().expressionList()) : [];
    if (args.length === 1) {
      const src = args[0];
      if (src === null) it.npe();
      if (src instanceof ApexMap) for (const [k, e] of src.entries) map.entries.set(k, [e[0], e[1]]);
      else if (src instanceof ApexList) {
        for (const r of src.items) {
          if (r instanceof ApexSObject) map.entries.set(valueKey(r.get('Id')), [r.get('Id'), r]);
        }
      }
    }
    return map;
  }
  const resolved = resolveType(t, it.frame.cls, it);
  if (!resolved) return it.unsupported(`new ${t.name}`, c);
  if (resolved.kind === 'native') {
    const make = nativeConstructor(resolved.name);
    if (make) return make(it, evaluateArgs(it, c.classCreatorRest()?.arguments().expressionList()), c);
  }
  if (resolved.kind === 'class') {
    const args = evaluateArgs(it, c.classCreatorRest()?.arguments().expressionList());
    return instantiate(it, resolved.cls, args, c);
  }
  if (resolved.kind === 'sobject' || (resolved.kind === 'primitive' && resolved.name === 'SObject')) {
    const so = new ApexSObject(resolved.kind === 'sobject' ? resolved.name : t.name);
    for (const e of c.classCreatorRest()?.arguments().expressionList()?.expression_list() ?? []) {
      // sObject constructors take Field = value pairs
      if (!(e instanceof AssignExpressionContext)) return it.unsupported('positional sObject constructor arguments', e);
      const target = e.expression(0);
      if (!(target instanceof PrimaryExpressionContext) || !(target.primary() instanceof IdPrimaryContext)) {
        return it.unsupported('sObject constructor argument', e);
      }
      so.put((target.primary() as IdPrimaryContext).id().getText(), evaluate(it, e.expression(1)));
    }
    return so;
  }
  return it.unsupported(`new ${t.name}`, c);
}
