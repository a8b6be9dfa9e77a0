/**
 * SOSL in Apex tests (issue 15, points 4 and 5): a search answers nothing until
 * Test.setFixedSearchResults names the Ids; those replace the matches and the WHERE and LIMIT clauses
 * still apply (Apex Developer Guide, "Adding SOSL Queries to Unit Tests"); Test.loadData inserts a
 * deployed CSV static resource's rows ("Loading Test Data").
 */
import { expect } from 'chai';
import { runApexTests } from '../../src/local-org/apex/testing/runner.js';
import { createStoreDataLayer } from '../../src/local-org/org/apex-data-layer.js';
import { storeClock } from '../../src/local-org/org/runtime-collaborators.js';
import { isolateOrgData, storeJobHost } from '../../src/local-org/org/apex-tests.js';
import { Clock, openOrgStore, runSoql, type Store } from '../../src/local-org/store/index.js';
import { putMetadataFiles } from '../../src/local-org/metadata/files.js';

describe('Apex tests: SOSL answers Test.setFixedSearchResults', () => {
  it('answers an empty search by default, then the fixed Ids filtered by WHERE and LIMIT', () => {
    const store = openOrgStore({ clock: new Clock('UTC', '2026-03-10T12:00:00Z') });
    const report = runApexTests({
      data: createStoreDataLayer(store),
      clock: storeClock(store),
      isolateOrgData: () => isolateOrgData(store),
      asyncHost: storeJobHost(store),
      files: [
        {
          name: 'Search_Tests',
          body: `@IsTest
private class Search_Tests {
  @IsTest
  static void fixedResults() {
    // GIVEN two accounts that match the search text and one that does not
    Account a = new Account(Name = 'Acme One');
    Account b = new Account(Name = 'Acme Two');
    Account other = new Account(Name = 'Unrelated');
    insert new List<Account>{ a, b, other };
    // WHEN searching before and after fixing the results
    List<List<SObject>> before = [FIND 'acme' IN ALL FIELDS RETURNING Account(Name)];
    Test.setFixedSearchResults(new List<Id>{ a.Id, other.Id });
    List<List<SObject>> fixed = [FIND 'acme' IN ALL FIELDS RETURNING Account(Name ORDER BY Name)];
    List<List<SObject>> filtered = [FIND 'acme' RETURNING Account(Name WHERE Name = 'Acme One' LIMIT 1)];
    // THEN the first is empty, the fixed Ids come back whatever the text, and WHERE still applies
    Assert.areEqual(0, before[0].size(), 'no fixed results: empty');
    Assert.areEqual(2, fixed[0].size(), 'the fixed Ids');
    Assert.areEqual('Unrelated', ((Account) fixed[0][1]).Name, 'returned though it does not match');
    Assert.areEqual(1, filtered[0].size(), 'WHERE applies to the fixed Ids');
  }
}`
        }
      ]
    });
    const r = report.results.map((x) => [x.methodName, x.outcome, x.message]);
    expect(r).to.deep.equal([['fixedResults', 'Pass', null]]);
  });

  it('loads a deployed CSV static resource with Test.loadData, typed by the describe', () => {
    const store: Store = openOrgStore({ clock: new Clock('UTC', '2026-03-10T12:00:00Z') });
    putMetadataFiles(store, 'StaticResource', 'TestAccounts', undefined, [
      { path: 'staticresources/TestAccounts.resource-meta.xml', raw: Buffer.from('<StaticResource/>') },
      {
        path: 'staticresources/TestAccounts.resource',
        raw: Buffer.from('Name,NumberOfEmployees,Description\r\n"Acme, Inc.",12,"said ""hi"""\r\nGlobex,,\r\n')
      }
    ]);
    const report = runApexTests({
      data: createStoreDataLayer(store),
      clock: storeClock(store),
      isolateOrgData: () => isolateOrgData(store),
      asyncHost: storeJobHost(store),
      files: [
        {
          name: 'Load_Tests',
          body: `@IsTest
private class Load_Tests {
  @IsTest
  static void loads() {
    // WHEN the resource is loaded
    List<SObject> rows = Test.loadData(Account.sObjectType, 'TestAccounts');
    // THEN both rows are inserted with Ids, quoted cells and numbers read as the fields' types
    Assert.areEqual(2, rows.size(), 'two data rows');
    Account first = [SELECT Name, NumberOfEmployees, Description FROM Account WHERE Id = :rows[0].Id];
    Assert.areEqual('Acme, Inc.', first.Name, 'quoted comma');
    Assert.areEqual(12, first.NumberOfEmployees, 'Integer field');
    Assert.areEqual('said "hi"', first.Description, 'doubled quotes');
    Assert.isNull(((Account) rows[1]).NumberOfEmployees, 'empty cell is null');
  }
  @IsTest
  static void missing() {
    try {
      Test.loadData(Account.sObjectType, 'NoSuchResource');
      Assert.fail('a missing resource must fail');
    } catch (StringException e) {
      Assert.isTrue(e.getMessage().contains('NoSuchResource'), e.getMessage());
    }
  }
}`
        }
      ]
    });
    expect(report.results.map((x) => [x.methodName, x.outcome, x.message])).to.deep.equal([
      ['loads', 'Pass', null],
      ['missing', 'Pass', null]
    ]);
    // The test's inserts are rolled back after the run.
    expect(runSoql(store, "SELECT COUNT() FROM Account WHERE Name = 'Globex'").totalSize).to.equal(0);
  });
});
