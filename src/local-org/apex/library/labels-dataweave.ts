/**
 * Custom labels in Apex: `System.Label.<name>` (or `Label.<name>`) is the deployed label's value
 * ("Custom Labels", Apex Developer Guide:
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_label.htm).
 * The local org has one user language, so translations are not applied. An unknown label is a compile
 * error in an org; here it is reported when the expression runs (the wording is unverified).
 */
import { ApexCompileError } from '../errors.js';
import { defineDynamicStaticFields, defineStatic, placeholder } from './registry.js';

defineDynamicStaticFields('Label', (it, name, ctx) => {
  if (!it.data.customLabel) return it.unsupported(`System.Label.${name} (this data layer has no custom labels)`, ctx);
  const value = it.data.customLabel(name);
  if (value === null)
    throw new ApexCompileError([{ ...it.pos(ctx), message: `Invalid external string name: ${name}` }]);
  return value;
});

/**
 * DataWeave in Apex (`DataWeave.Script.createScript(name)`) is not run by the local runtime: deployed
 * DataWeave resources are stored and retrievable, and a script fails loudly.
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_dataweave.htm
 */
defineStatic('DataWeave.Script', {
  createScript: [[1, 2], placeholder((it, _args, ctx) => it.unsupported('DataWeave.Script (DataWeave in Apex)', ctx))]
});
