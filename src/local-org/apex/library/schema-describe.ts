/**
 * Schema tokens and describe results from the org's schema (the data layer's describe):
 * Schema.SObjectType, Schema.SObjectField, Schema.DescribeSObjectResult, Schema.DescribeFieldResult,
 * Schema.ChildRelationship, Schema.PicklistEntry.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_sobject_describe.htm
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_fields_describe.htm
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { FieldDescribe, SObjectDescribe } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import { builtinEnumValue } from '../members.js';
import { ApexList, ApexMap, ApexNative, ApexSObject, typeRef, valueKey, type Value } from '../values.js';

/** Schema.DisplayType of each store field type (DescribeFieldResult.getType()). */
const DISPLAY_TYPES: Record<string, string> = { int: 'INTEGER' };

export function describeOf(it: Interpreter, type: string, ctx: ParserRuleContext): SObjectDescribe {
  const d = it.data.describe(type);
  if (!d) return it.unsupported(`describe of ${type}`, ctx);
  return d;
}

function list(type: string, items: Value[]): ApexList {
  return new ApexList(typeRef(type), items);
}

function picklistEntry(p: { value: string; label: string; active: boolean; defaultValue: boolean }): ApexNative {
  return new ApexNative(
    'Schema.PicklistEntry',
    {
      getvalue: () => p.value,
      getlabel: () => p.label,
      isactive: () => p.active,
      isdefaultvalue: () => p.defaultValue
    },
    `Schema.PicklistEntry[getLabel=${p.label};getValue=${p.value};isActive=${p.active};isDefaultValue=${p.defaultValue};]`
  );
}

function fieldDescribeResult(
  it: Interpreter,
  d: SObjectDescribe,
  f: FieldDescribe,
  ctx: ParserRuleContext
): ApexNative {
  const type = f.type.toLowerCase();
  return new ApexNative(
    'Schema.DescribeFieldResult',
    {
      getname: () => f.name,
      getlocalname: () => f.name,
      getlabel: () => f.label,
      gettype: () =>
        builtinEnumValue('Schema.DisplayType', DISPLAY_TYPES[type] ?? type.toUpperCase()) ??
        it.unsupported(`Schema.DisplayType of a ${f.type} field`, ctx),
      getlength: () => f.length ?? 0,
      getprecision: () => f.precision ?? 0,
      getscale: () => f.scale ?? 0,
      isnillable: () => f.nillable,
      isaccessible: () => true,
      iscreateable: () => f.createable,
      isupdateable: () => f.updateable,
      isfilterable: () => f.filterable ?? true,
      issortable: () => f.sortable ?? true,
      isgroupable: () => f.groupable ?? true,
      iscustom: () => f.custom ?? false,
      getreferenceto: () =>
        list(
          'Schema.SObjectType',
          (f.referenceTo ?? []).map((n) => sobjectType(it, n, ctx))
        ),
      getrelationshipname: () => f.relationshipName ?? null,
      getpicklistvalues: () => list('Schema.PicklistEntry', (f.picklistValues ?? []).map(picklistEntry)),
      getdefaultvalue: () => f.defaultValue ?? null,
      isunique: () => f.unique ?? false,
      isexternalid: () => f.externalId ?? false,
      iscalculated: () => f.calculated ?? false,
      isautonumber: () => f.autoNumber ?? false,
      isnamefield: () => f.nameField ?? false,
      getsobjectfield: () => fieldToken(it, d, f, ctx)
    },
    `Schema.DescribeFieldResult[getName=${f.name};]`
  );
}

export function fieldToken(it: Interpreter, d: SObjectDescribe, f: FieldDescribe, ctx: ParserRuleContext): ApexNative {
  return new ApexNative(
    'Schema.SObjectField',
    {
      getdescribe: () => fieldDescribeResult(it, d, f, ctx),
      tostring: () => f.name,
      equals: ([o]) => o instanceof ApexNative && o.identity === `field:${d.name}.${f.name}`.toLowerCase()
    },
    f.name,
    `field:${d.name}.${f.name}`.toLowerCase()
  );
}

function fieldsMap(it: Interpreter, d: SObjectDescribe, ctx: ParserRuleContext): ApexMap {
  const m = new ApexMap(typeRef('String'), typeRef('Schema.SObjectField'));
  m.ignoreKeyCase = true;
  for (const f of d.fields)
    m.entries.set(valueKey(f.name.toLowerCase()), [f.name.toLowerCase(), fieldToken(it, d, f, ctx)]);
  return m;
}

function childRelationship(
  it: Interpreter,
  r: { childSObject: string; field: string; relationshipName: string | null },
  ctx: ParserRuleContext
): ApexNative {
  return new ApexNative(
    'Schema.ChildRelationship',
    {
      getchildsobject: () => sobjectType(it, r.childSObject, ctx),
      getfield: () => {
        const child = describeOf(it, r.childSObject, ctx);
        const f = child.fields.find((x) => x.name === r.field);
        return f ? fieldToken(it, child, f, ctx) : null;
      },
      getrelationshipname: () => r.relationshipName,
      iscascadedelete: () => false,
      isdeprecatedandhidden: () => false,
      isrestricteddelete: () => false
    },
    `Schema.ChildRelationship[getField=${r.field};getChildSObject=${r.childSObject};]`
  );
}

function describeSObjectResult(it: Interpreter, d: SObjectDescribe, ctx: ParserRuleContext): ApexNative {
  return new ApexNative(
    'Schema.DescribeSObjectResult',
    {
      getname: () => d.name,
      getlocalname: () => d.name,
      getlabel: () => d.label,
      getlabelplural: () => d.labelPlural ?? d.label,
      getkeyprefix: () => d.keyPrefix,
      iscreateable: () => d.createable,
      isupdateable: () => d.updateable,
      isdeletable: () => d.deletable,
      isqueryable: () => d.queryable,
      iscustom: () => d.custom,
      isaccessible: () => d.queryable,
      getsobjecttype: () => sobjectType(it, d.name, ctx),
      getchildrelationships: () =>
        list(
          'Schema.ChildRelationship',
          (d.childRelationships ?? []).map((r) => childRelationship(it, r, ctx))
        ),
      getrecordtypeinfos: () => it.unsupported('Schema.DescribeSObjectResult.getRecordTypeInfos (record types)', ctx),
      getrecordtypeinfosbyid: () => it.unsupported('Schema.DescribeSObjectResult.getRecordTypeInfosById', ctx),
      getrecordtypeinfosbydevelopername: () =>
        it.unsupported('Schema.DescribeSObjectResult.getRecordTypeInfosByDeveloperName', ctx),
      // describe.fields.getMap(), and describe.fields.Name → that field's describe
      $fields: () =>
        new ApexNative(
          'Schema.SObjectTypeFields',
          {
            getmap: () => fieldsMap(it, d, ctx),
            '$*': ([n]) => {
              const f = d.fields.find((x) => x.name.toLowerCase() === String(n).toLowerCase());
              if (!f) return it.throwApex('SObjectException', `Invalid field ${String(n)} for ${d.name}`);
              return fieldDescribeResult(it, d, f, ctx);
            }
          },
          'fields'
        )
    },
    `Schema.DescribeSObjectResult[getName=${d.name};]`
  );
}

/** Schema.SObjectType.X / X.SObjectType.getDescribe(). */
export function describeResult(it: Interpreter, type: string, ctx: ParserRuleContext): ApexNative {
  return describeSObjectResult(it, describeOf(it, type, ctx), ctx);
}

/** The token of an sObject type; its describe is read when asked (referenced types may be outside the local schema). */
export function sobjectType(it: Interpreter, type: string, ctx: ParserRuleContext): ApexNative {
  const name = it.data.describe(type)?.name ?? type;
  const identity = `sobject:${name.toLowerCase()}`;
  return new ApexNative(
    'Schema.SObjectType',
    {
      getdescribe: () => describeResult(it, name, ctx),
      newsobject: () => new ApexSObject(describeOf(it, name, ctx).name),
      tostring: () => name,
      equals: ([o]) => o instanceof ApexNative && o.identity === identity
    },
    name,
    identity
  );
}
