/** Database: query, countQuery and the DML methods with allOrNone and per-row results. */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { DmlOperation } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import { ApexEnumValue, ApexList, ApexNative, ApexSObject, typeRef, type Value } from '../values.js';
import { performDml, resultObject } from './dml.js';
import { argString, defineStatic } from './registry.js';
import { fieldTypesOf, fromRecord, isCountQuery, toPlain, topLevelFrom } from './soql.js';

/** Dynamic SOQL: `:name` binds refer to variables in scope. */
export function dynamicQuery(it: Interpreter, soql: string, ctx: ParserRuleContext): ApexList {
  const binds: Record<string, unknown> = {};
  const text = soql.replace(/'(?:[^'\\]|\\.)*'|:\s*([A-Za-z_][A-Za-z0-9_]*)/g, (m, name: string | undefined) => {
    if (!name) return m;
    const local = it.lookupLocal(name.toLowerCase());
    if (!local) return it.unsupported(`dynamic SOQL bind :${name} (only local variables are supported)`, ctx);
    binds[name] = toPlain(local.value);
    return ':' + name;
  });
  const from = topLevelFrom(text) ?? 'SObject';
  const objectName = it.isSObjectType(from) ?? from;
  const rows = it.data.query(text, binds);
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
    rows.map((r) => fromRecord(r, objectName, fieldTypesOf(it)))
  );
  list.fromSoql = true;
  return list;
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
      const { results } = performDml(it, op, args[0], allOrNone, externalId, ctx);
      const objects = results.map((r) => resultObject(op, r));
      if (args[0] instanceof ApexList)
        return new ApexList(typeRef(objects[0]?.typeName ?? 'Database.SaveResult'), objects);
      return objects[0] ?? null;
    }
  ];
}

defineStatic('Database', {
  query: [[1, 2], (it, [q], ctx) => dynamicQuery(it, argString(it, q), ctx)],
  countQuery: [
    [1, 2],
    (it, [q], ctx) => {
      const rows = dynamicQuery(it, argString(it, q), ctx);
      const first = rows.items[0];
      const expr0 = first instanceof ApexSObject ? first.get('expr0') : null;
      return expr0 !== null ? Number(toPlain(expr0)) : rows.items.length;
    }
  ],
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
