/** Schema basics (SObjectType, SObjectField, describes) and custom metadata (X__mdt.getInstance/getAll). */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { FieldDescribe, SObjectDescribe } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import { ApexEnumValue, ApexMap, ApexNative, ApexSObject, typeRef, valueKey, type Value } from '../values.js';
import { argString, defineInstance, setSObjectStaticHandlers } from './registry.js';
import { fieldTypesOf, fromRecord } from './soql.js';

function describeOf(it: Interpreter, type: string, ctx: ParserRuleContext): SObjectDescribe {
  const d = it.data.describe(type);
  if (!d) return it.unsupported(`describe of ${type}`, ctx);
  return d;
}

function fieldToken(it: Interpreter, d: SObjectDescribe, f: FieldDescribe): ApexNative {
  return new ApexNative(
    'Schema.SObjectField',
    {
      getdescribe: () =>
        new ApexNative(
          'Schema.DescribeFieldResult',
          {
            getname: () => f.name,
            getlabel: () => f.label,
            gettype: () => new ApexEnumValue('Schema.DisplayType', f.type.toUpperCase(), 0),
            isnillable: () => f.nillable,
            isaccessible: () => true,
            iscreateable: () => f.createable,
            isupdateable: () => f.updateable
          },
          `Schema.DescribeFieldResult[getName=${f.name};]`
        ),
      tostring: () => f.name
    },
    f.name
  );
}

/** Schema.SObjectType.X / X.SObjectType.getDescribe(). */
export function describeResult(it: Interpreter, type: string, ctx: ParserRuleContext): ApexNative {
  return sobjectType(it, type, ctx).methods.getdescribe([]) as ApexNative;
}

export function sobjectType(it: Interpreter, type: string, ctx: ParserRuleContext): ApexNative {
  const d = describeOf(it, type, ctx);
  const fieldsMap = (): ApexMap => {
    const m = new ApexMap(typeRef('String'), typeRef('Schema.SObjectField'));
    for (const f of d.fields)
      m.entries.set(valueKey(f.name.toLowerCase()), [f.name.toLowerCase(), fieldToken(it, d, f)]);
    return m;
  };
  const describe = new ApexNative(
    'Schema.DescribeSObjectResult',
    {
      getname: () => d.name,
      getlabel: () => d.label,
      getkeyprefix: () => d.keyPrefix,
      iscreateable: () => d.createable,
      isupdateable: () => d.updateable,
      isdeletable: () => d.deletable,
      isqueryable: () => d.queryable,
      iscustom: () => d.custom,
      isaccessible: () => d.queryable,
      getsobjecttype: () => sobjectType(it, d.name, ctx),
      // describe.fields.getMap(), and describe.fields.Name → that field's describe
      $fields: () =>
        new ApexNative(
          'Schema.SObjectTypeFields',
          {
            getmap: fieldsMap,
            '$*': ([n]) => {
              const f = d.fields.find((x) => x.name.toLowerCase() === String(n).toLowerCase());
              if (!f) return it.throwApex('SObjectException', `Invalid field ${String(n)} for ${d.name}`);
              return (fieldToken(it, d, f).methods.getdescribe as (a: Value[]) => Value)([]);
            }
          },
          'fields'
        )
    },
    `Schema.DescribeSObjectResult[getName=${d.name};]`
  );
  return new ApexNative(
    'Schema.SObjectType',
    {
      getdescribe: () => describe,
      newsobject: () => new ApexSObject(d.name),
      tostring: () => d.name,
      equals: ([o]) => o instanceof ApexNative && o.typeName === 'Schema.SObjectType' && o.display === d.name
    },
    d.name
  );
}

function customMetadata(it: Interpreter, type: string, ctx: ParserRuleContext): ApexSObject[] {
  if (!/__mdt$/i.test(type)) return it.unsupported(`static methods of ${type}`, ctx);
  return it.data.customMetadata(type).map((r) => fromRecord(r, type, fieldTypesOf(it)));
}

setSObjectStaticHandlers({
  field: (it, type, name, ctx) => {
    if (name.toLowerCase() === 'sobjecttype') return sobjectType(it, type, ctx);
    const d = describeOf(it, type, ctx);
    const f = d.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return f ? fieldToken(it, d, f) : undefined;
  },
  method: (it, type, name, args, ctx) => {
    const lower = name.toLowerCase();
    if (lower === 'getinstance' && args.length === 1) {
      const key = argString(it, args[0]).toLowerCase();
      return (
        customMetadata(it, type, ctx).find(
          (r) => String(r.get('DeveloperName')).toLowerCase() === key || String(r.get('Id')).toLowerCase() === key
        ) ?? null
      );
    }
    if (lower === 'getall' && args.length === 0) {
      const m = new ApexMap(typeRef('String'), typeRef(type));
      for (const r of customMetadata(it, type, ctx)) {
        const dev = r.get('DeveloperName');
        m.entries.set(valueKey(dev), [dev, r]);
      }
      return m;
    }
    return undefined;
  }
});

defineInstance('SObject', {
  getSObjectType: [0, (it, s: ApexSObject, _a, ctx) => sobjectType(it, s.type, ctx) as Value]
});
