/**
 * Trigger bodies that must compile (the must-compile side of the trigger rows in compile-errors.test.ts):
 * the context variables are typed for the trigger's object, members declared in the body are visible,
 * and classes of the org are callable. Triggers are checked, not fired (runtime.checkTriggers).
 */
import { expect } from 'chai';
import { ApexRuntime } from '../../src/local-org/apex/index.js';
import { fakeOrg } from './fake-data-layer.js';

const VALID: readonly string[] = [
  "trigger T on Account (before insert, before update) {\n  for (Account a : Trigger.new) {\n    a.Name = a.Name + '!';\n  }\n  Map<Id, Account> old = Trigger.oldMap;\n  List<SObject> rows = Trigger.new;\n  if (Trigger.isInsert && Trigger.size > 0) {\n    System.debug(Trigger.new.size() + Util.twice(1));\n  }\n  return;\n}",
  'trigger T on Account (after insert) {\n  helper(Trigger.new.size());\n  void helper(Integer n) {\n    System.debug(n);\n  }\n}',
  'trigger T on Account (after delete, after undelete) {\n  Set<Id> ids = Trigger.isDelete ? Trigger.oldMap.keySet() : Trigger.newMap.keySet();\n  System.debug(ids);\n}'
];

describe('apex compiler: trigger bodies that must compile', () => {
  for (const body of VALID) {
    it(body.replace(/\s+/g, ' ').slice(0, 100), () => {
      const runtime = new ApexRuntime(fakeOrg());
      const util = 'public class Util {\n  public static Integer twice(Integer x) {\n    return x * 2;\n  }\n}';
      expect(runtime.compile([{ name: 'Util', body: util }]).problems).to.deep.equal([]);
      expect(runtime.checkTriggers([{ name: 'T', body }])).to.deep.equal([]);
    });
  }
});
