/**
 * The `Test` class inside an Apex test run: isRunningTest, startTest/stopTest (fresh limits between them,
 * queued asynchronous work run at stopTest) and setMock. Importing this module replaces the entries that
 * library/platform.ts registers as "not supported"; outside a test run they behave as in an org's normal
 * code: isRunningTest() is false and the test-only methods fail.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_test.htm
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { Interpreter } from '../interpreter.js';
import { defineStatic } from '../library/registry.js';
import { ApexList, ApexObject, ApexSObject, ApexTypeValue } from '../values.js';
import { currentTestContext, runStopTestDrains, type TestContext } from './context.js';
import { createStub } from './stubs.js';
import { loadData } from './load-data.js';

function inTest(it: Interpreter, method: string, ctx: ParserRuleContext): TestContext {
  const t = currentTestContext();
  if (!t) it.unsupported(`Test.${method} outside an Apex test run`, ctx);
  return t;
}

defineStatic('Test', {
  isRunningTest: [0, () => currentTestContext() !== null],
  startTest: [
    0,
    (it, _a, ctx) => {
      const t = inTest(it, 'startTest', ctx);
      // Unverified wording: the Apex Reference only says each test method may call startTest once.
      if (t.phase !== 'no') it.throwApex('FinalException', 'Testing already started');
      t.phase = 'running';
      t.savedUsage = { ...it.usage };
      it.usage.soql = 0;
      it.usage.queryRows = 0;
      it.usage.dml = 0;
      it.usage.dmlRows = 0;
      return null;
    }
  ],
  stopTest: [
    0,
    (it, _a, ctx) => {
      const t = inTest(it, 'stopTest', ctx);
      if (t.phase === 'stopped') it.throwApex('FinalException', 'Testing already stopped');
      runStopTestDrains(it);
      t.phase = 'stopped';
      if (t.savedUsage) Object.assign(it.usage, t.savedUsage);
      t.savedUsage = null;
      return null;
    }
  ],
  createStub: [
    2,
    (it, [type, provider], ctx) => {
      inTest(it, 'createStub', ctx);
      return createStub(it, type, provider, ctx);
    }
  ],
  loadData: [
    2,
    (it, [type, resource], ctx) => {
      inTest(it, 'loadData', ctx);
      return loadData(it, type, resource, ctx);
    }
  ],
  setFixedSearchResults: [
    1,
    (it, [ids], ctx) => {
      const t = inTest(it, 'setFixedSearchResults', ctx);
      // "…or if you call this method without specifying a list of record IDs, any SOSL queries … return an empty list".
      t.fixedSearchResults =
        ids instanceof ApexList ? ids.items.map((v) => String(v instanceof ApexSObject ? v.get('Id') : v)) : [];
      return null;
    }
  ],
  setMock: [
    2,
    (it, [type, mock], ctx) => {
      const t = inTest(it, 'setMock', ctx);
      if (!(type instanceof ApexTypeValue))
        return it.throwApex('TypeException', 'Test.setMock needs an interface type');
      const name = type.type.name.toLowerCase().replace(/^system\./, '');
      if (name !== 'httpcalloutmock') it.unsupported(`Test.setMock(${type.type.name}.class, …)`, ctx);
      if (mock !== null && !(mock instanceof ApexObject)) {
        return it.throwApex(
          'TypeException',
          'Test.setMock needs an instance of a class implementing the mock interface'
        );
      }
      t.mocks.set(name, mock);
      return null;
    }
  ]
});
