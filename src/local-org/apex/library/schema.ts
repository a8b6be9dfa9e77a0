/**
 * Schema statics (Schema.getGlobalDescribe, Schema.describeSObjects), sObject statics (`Account.SObjectType`,
 * `Account.Name`), custom metadata (X__mdt.getInstance/getAll) and custom settings (custom-settings.ts). Tokens and describes: schema-describe.ts.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_schema.htm
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { Interpreter } from '../interpreter.js';
import { ApexList, ApexMap, ApexSObject, typeRef, valueKey, type Value } from '../values.js';
import { argString, defineInstance, defineStatic, setSObjectStaticHandlers } from './registry.js';
import { customSettingMethod } from './custom-settings.js';
import { describeOf, describeResult, fieldToken, sobjectType } from './schema-describe.js';
import { fieldTypesOf, fromRecord } from './soql.js';

export { describeResult, sobjectType } from './schema-describe.js';

function customMetadata(it: Interpreter, type: string, ctx: ParserRuleContext): ApexSObject[] {
  if (!/__mdt$/i.test(type)) return it.unsupported(`static methods of ${type}`, ctx);
  return it.data.customMetadata(type).map((r) => fromRecord(r, type, fieldTypesOf(it)));
}

setSObjectStaticHandlers({
  field: (it, type, name, ctx) => {
    if (name.toLowerCase() === 'sobjecttype') return sobjectType(it, type, ctx);
    const d = describeOf(it, type, ctx);
    const f = d.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return f ? fieldToken(it, d, f, ctx) : undefined;
  },
  method: (it, type, name, args, ctx) => {
    const setting = /__c$/i.test(type) ? it.data.describe(type)?.customSetting : undefined;
    if (setting) return customSettingMethod(it, type, setting, name, args);
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

defineStatic('Schema', {
  // Lower-case names → tokens of every object the org has; get/containsKey ignore case (Apex Reference,
  // "Accessing All sObjects": "the keys … are case insensitive").
  getGlobalDescribe: [
    0,
    (it, _a, ctx) => {
      if (!it.data.sObjectTypes) return it.unsupported('Schema.getGlobalDescribe against this data layer', ctx);
      const m = new ApexMap(typeRef('String'), typeRef('Schema.SObjectType'));
      m.ignoreKeyCase = true;
      for (const name of it.data.sObjectTypes())
        m.entries.set(m.keyOf(name), [name.toLowerCase(), sobjectType(it, name, ctx)]);
      return m;
    }
  ],
  // describeSObjects(types[, SObjectDescribeOptions]): one result per name, in order.
  describeSObjects: [
    [1, 2],
    (it, [types], ctx) => {
      if (types === null) return it.npe();
      if (!(types instanceof ApexList)) return it.throwApex('TypeException', 'describeSObjects needs a List<String>');
      const results = types.items.map((t) => {
        const name = argString(it, t);
        if (!it.data.describe(name))
          return it.throwApex(
            'InvalidParameterValueException',
            `In describeSObjects(), the entity type requested is not found: ${name}`
          );
        return describeResult(it, name, ctx);
      });
      return new ApexList(typeRef('Schema.DescribeSObjectResult'), results);
    }
  ]
});
