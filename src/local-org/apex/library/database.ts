/** Database: query, countQuery and the DML methods with allOrNone and per-row results. */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { DmlOperation } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import { ApexEnumValue, ApexList, ApexMap, ApexNative, ApexSObject, typeRef, type Value } from '../values.js';
import { performDml, resultObject } from './dml.js';
import { argString, defineStatic } from './registry.js';
import { fieldTypesOf, fromRecord, isCountQuery, queryRows, toPlain, topLevelFrom } from './soql.js';

/**
 * Dynamic SOQL: `:name` binds refer to variables in scope, or, for the …WithBinds methods, to the keys of
 * the bind map (compared ignoring case, as Apex names). A key the map lacks: QueryException
 * "Key '<name>' does not exist in the bindMap".
 */
export function dynamicQuery(it: Interpreter, soql: string, ctx: ParserRuleContext, bindMap?: ApexMap): ApexList {
  const binds: Record<string, unknown> = {};
  const mapped = bindMap ? bindValues(bindMap) : null;
  const text = soql.replace(/'(?:[^'\\]|\\.)*'|:\s*([A-Za-z_][A-Za-z0-9_]*)/g, (m, name: string | undefined) => {
    if (!name) return m;
    if (mapped) {
      if (!mapped.has(name.toLowerCase()))
        return it.throwApex('QueryException', `Key '${name}' does not exist in the bindMap`);
      binds[name] = toPlain(mapped.get(name.toLowerCase()) ?? null);
      return ':' + name;
    }
    const local = it.lookupLocal(name.toLowerCase());
    if (!local) return it.unsupported(`dynamic SOQL bind :${name} (only local variables are supported)`, ctx);
    binds[name] = toPlain(local.value);
    return ':' + name;
  });
  const from = topLevelFrom(text) ?? 'SObject';
  const objectName = it.isSObjectType(from) ?? from;
  const rows = queryRows(it, text, binds);
  if (isCountQuery(text)) {
    it.countSoql(1);
    return new ApexList(
      typeRef('AggregateResult'),
      rows.map((r) => fromRecord(r, 'AggregateResult'))
    );
  }
  it.countSoql(rows.length);
  const list = new ApexList(
    typeRef(objectName),
    rows.map((r) => fromRecord(r, objectName, fieldTypesOf(it), true))
  );
  list.fromSoql = true;
  return list;
}

function bindValues(m: ApexMap): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [k, v] of m.entries.values()) {
    if (k !== null) out.set(String(k).toLowerCase(), v);
  }
  return out;
}

function bindMapArg(it: Interpreter, v: Value): ApexMap {
  if (v === null) return it.npe();
  if (!(v instanceof ApexMap)) return it.throwApex('TypeException', 'the bind map must be a Map<String, Object>');
  return v;
}

/** countQuery's answer from its rows: the COUNT() row's expr0. */
function countOf(rows: ApexList): number {
  const first = rows.items[0];
  const expr0 = first instanceof ApexSObject ? first.get('expr0') : null;
  return expr0 !== null ? Number(toPlain(expr0)) : rows.items.length;
}

/**
 * Database.delete/undelete take records, an Id or a List<Id> ("Database Class",
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_database.htm):
 * each Id becomes a record of the object its key prefix names.
 */
function recordsOfIds(it: Interpreter, value: Value): Value {
  const isId = (v: Value): v is string => typeof v === 'string';
  if (!isId(value) && !(value instanceof ApexList && value.items.length > 0 && value.items.every(isId))) return value;
  const prefixes = new Map<string, string>();
  for (const name of it.data.sObjectTypes?.() ?? []) {
    const prefix = it.data.describe(name)?.keyPrefix;
    if (prefix) prefixes.set(prefix, name);
  }
  const toRecord = (id: string): ApexSObject => {
    const type = prefixes.get(id.slice(0, 3));
    if (!type) return it.throwApex('StringException', `Invalid id: ${id}`);
    const so = new ApexSObject(type);
    so.put('Id', id);
    return so;
  };
  if (isId(value)) return toRecord(value);
  const rows = (value as ApexList).items.map((v) => toRecord(v as string));
  return new ApexList(typeRef(rows[0].type), rows);
}

function dmlMethod(op: DmlOperation): [number[], (it: Interpreter, args: Value[], ctx: ParserRuleContext) => Value] {
  return [
    op === 'upsert' ? [1, 2, 3, 4] : [1, 2, 3],
    (it, args, ctx) => {
      let externalId: string | undefined;
      let allOrNone = true;
      // An AccessLevel argument is accepted; sharing and field-level security are not enforced locally.
      const rest = args.slice(1).filter((a) => !(a instanceof ApexEnumValue));
      if (op === 'upsert' && rest.length && typeof rest[0] !== 'boolean' && rest[0] !== null) {
        // Database.upsert(rows, Obj__c.Field__c, …) passes the field token (its display is the field name).
        const field = rest.shift();
        externalId =
          field instanceof ApexNative && field.typeName === 'Schema.SObjectField' ? field.display : String(field);
      }
      if (rest.length) allOrNone = rest[0] !== false;
      const target = op === 'delete' || op === 'undelete' ? recordsOfIds(it, args[0]) : args[0];
      const { results } = performDml(it, op, target, allOrNone, externalId, ctx);
      const objects = results.map((r) => resultObject(op, r));
      if (args[0] instanceof ApexList)
        return new ApexList(typeRef(objects[0]?.typeName ?? 'Database.SaveResult'), objects);
      return objects[0] ?? null;
    }
  ];
}

defineStatic('Database', {
  query: [[1, 2], (it, [q], ctx) => dynamicQuery(it, argString(it, q), ctx)],
  countQuery: [[1, 2], (it, [q], ctx) => countOf(dynamicQuery(it, argString(it, q), ctx))],
  // queryWithBinds(query, bindMap, accessLevel): sharing and field-level security are not enforced locally.
  queryWithBinds: [3, (it, [q, m], ctx) => dynamicQuery(it, argString(it, q), ctx, bindMapArg(it, m))],
  countQueryWithBinds: [3, (it, [q, m], ctx) => countOf(dynamicQuery(it, argString(it, q), ctx, bindMapArg(it, m)))],
  setSavepoint: [
    0,
    (it) => {
      const handle = it.data.setSavepoint();
      const sp = new ApexNative('System.Savepoint', {}, 'System.Savepoint');
      it.savepoints.set(sp, handle);
      it.countDml(0);
      return sp;
    }
  ],
  rollback: [
    1,
    (it, [sp]) => {
      if (sp === null) return it.npe();
      const handle = sp instanceof ApexNative ? it.savepoints.get(sp) : undefined;
      if (handle === undefined) return it.throwApex('TypeException', 'Invalid savepoint');
      it.data.rollbackToSavepoint(handle);
      it.countDml(0);
      return null;
    }
  ],
  insert: dmlMethod('insert'),
  update: dmlMethod('update'),
  upsert: dmlMethod('upsert'),
  delete: dmlMethod('delete'),
  undelete: dmlMethod('undelete')
});
