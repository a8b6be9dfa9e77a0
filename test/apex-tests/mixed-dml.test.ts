/** Mixed DML: setup and non-setup objects in one transaction fail, unless separated by System.runAs in tests. */
import { expect } from 'chai';
import { runApexTests } from '../../src/local-org/apex/testing/runner.js';
import { createStoreDataLayer } from '../../src/local-org/org/apex-data-layer.js';
import { storeClock } from '../../src/local-org/org/runtime-collaborators.js';
import { isolateOrgData, storeJobHost } from '../../src/local-org/org/apex-tests.js';
import { Clock, openOrgStore, type Store } from '../../src/local-org/store/index.js';
import { orgWithClasses, run } from '../apex-async/helpers.js';

const MIXED =
  'First exception on row 0; first error: MIXED_DML_OPERATION, DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): PermissionSet, original object: Account: []';

describe('Mixed DML (setup and non-setup objects in one transaction)', function () {
  this.timeout(60_000);
  let store: Store;
  beforeEach(() => {
    store = openOrgStore({ clock: new Clock('UTC', '2026-03-10T12:00:00Z') });
  });
  afterEach(() => store.close());

  function runTests(body: string): string[] {
    const report = runApexTests({
      data: createStoreDataLayer(store),
      clock: storeClock(store),
      files: [{ name: 'Mixed_Tests', body }],
      isolateOrgData: () => isolateOrgData(store),
      asyncHost: storeJobHost(store)
    });
    expect(report.compileProblems).to.deep.equal([]);
    return report.results.map((r) => `${r.methodName}:${r.outcome}:${r.message ?? ''}`);
  }

  it('in a test, a PermissionSet after an Account fails; a System.runAs block separates them; a plain User insert mixes', () => {
    const out = runTests(`@IsTest
private class Mixed_Tests {
  @IsTest static void mixed() {
    insert new Account(Name = 'a');
    insert new PermissionSet(Name = 'Mixed_PS', Label = 'Mixed PS');
  }
  @IsTest static void separatedByRunAs() {
    insert new Account(Name = 'a');
    System.runAs(new User(Id = UserInfo.getUserId())) {
      insert new PermissionSet(Name = 'Mixed_PS', Label = 'Mixed PS');
    }
    insert new Contact(LastName = 'after');
    Assert.areEqual(1, [SELECT COUNT() FROM PermissionSet WHERE Name = 'Mixed_PS']);
  }
  @IsTest static void userWithoutRole() {
    insert new Account(Name = 'a');
    insert new User(LastName = 'M', Username = 'mixed@example.com.local', Email = 'm@example.com', Alias = 'm',
      ProfileId = [SELECT Id FROM Profile LIMIT 1].Id, TimeZoneSidKey = 'UTC', LocaleSidKey = 'en_US',
      LanguageLocaleKey = 'en_US', EmailEncodingKey = 'UTF-8');
  }
  @IsTest static void partialResults() {
    insert new Account(Name = 'a');
    Database.SaveResult r = Database.insert(new PermissionSet(Name = 'Mixed_PS', Label = 'Mixed PS'), false);
    Assert.isFalse(r.isSuccess());
    Assert.areEqual('MIXED_DML_OPERATION', String.valueOf(r.getErrors()[0].getStatusCode()));
  }
}`);
    expect(out).to.deep.equal([
      `mixed:Fail:System.DmlException: Insert failed. ${MIXED}`,
      'separatedByRunAs:Pass:',
      'userWithoutRole:Pass:',
      'partialResults:Pass:'
    ]);
  });

  it('anonymous Apex: the second kind of DML in the transaction fails', async () => {
    const org = await orgWithClasses({});
    try {
      const r = await run(
        org,
        "insert new Account(Name = 'a'); insert new PermissionSet(Name = 'Anon_PS', Label = 'Anon PS');"
      );
      expect(r.message).to.equal(`System.DmlException: Insert failed. ${MIXED}`);
    } finally {
      await org.stop();
    }
  });
});
