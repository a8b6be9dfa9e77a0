import { expect } from 'chai';
import { runApexTests, type TestRunReport } from '../../src/local-org/apex/testing/runner.js';
import { percentCovered } from '../../src/local-org/apex/testing/coverage.js';
import { createStoreDataLayer } from '../../src/local-org/org/apex-data-layer.js';
import { storeClock } from '../../src/local-org/org/runtime-collaborators.js';
import { isolateOrgData, runOrgApexTests, storeJobHost } from '../../src/local-org/org/apex-tests.js';
import { putMetadata } from '../../src/local-org/metadata/registry.js';
import { Clock, openOrgStore, runSoql, type Store } from '../../src/local-org/store/index.js';

function run(store: Store, files: Record<string, string>): TestRunReport {
  return runApexTests({
    data: createStoreDataLayer(store),
    clock: storeClock(store),
    files: Object.entries(files).map(([name, body]) => ({ name, body })),
    isolateOrgData: () => isolateOrgData(store),
    asyncHost: storeJobHost(store)
  });
}

function outcome(r: TestRunReport, method: string): { outcome: string; message: string | null; stack: string | null } {
  const m = r.results.find((x) => x.methodName === method);
  if (!m) throw new Error(`no result for ${method}: ${JSON.stringify(r)}`);
  return { outcome: m.outcome, message: m.message, stack: m.stackTrace };
}

describe('Apex test runner', function () {
  this.timeout(60000);
  let store: Store;

  beforeEach(() => {
    store = openOrgStore({ clock: new Clock('UTC', '2026-03-10T12:00:00Z') });
    store.defineObject({ ...store.object('Profile'), name: 'Widget__c', keyPrefix: 'a07', custom: true });
    store.insert('Widget__c', { Name: 'org widget' });
  });

  it('reports passing tests and failing assertions with message and stack trace', () => {
    const r = run(store, {
      Calc: 'public class Calc { public static Integer twice(Integer x) { return x * 2; } }',
      Calc_Tests: `@IsTest
private class Calc_Tests {
  @IsTest static void passes() { Assert.areEqual(4, Calc.twice(2), 'twice'); }
  static testMethod void legacyKeyword() { System.assertEquals(6, Calc.twice(3)); }
  @IsTest static void fails() {
    Assert.areEqual(5, Calc.twice(2), 'twice of two');
  }
  static void helperNotATest() { }
}`
    });
    expect(r.compileProblems).to.deep.equal([]);
    expect(r.results.map((x) => `${x.methodName}:${x.outcome}`)).to.deep.equal([
      'passes:Pass',
      'legacyKeyword:Pass',
      'fails:Fail'
    ]);
    const f = outcome(r, 'fails');
    expect(f.message).to.equal('System.AssertException: Assertion Failed: twice of two: Expected: 5, Actual: 4');
    expect(f.stack).to.equal('Class.Calc_Tests.fails: line 6, column 5');
  });

  it('runs @TestSetup once per class; each test sees its data and its own changes are rolled back', () => {
    const r = run(store, {
      Setup_Tests: `@IsTest
private class Setup_Tests {
  static Integer counter = 0;
  @TestSetup static void makeData() { insert new Widget__c(Name = 'setup widget'); }
  @IsTest static void deletesTheWidget() {
    counter++;
    List<Widget__c> ws = [SELECT Id, Name FROM Widget__c];
    Assert.areEqual(1, ws.size(), 'only the setup widget, not the org widget');
    Assert.areEqual('setup widget', ws[0].Name);
    delete ws;
    Assert.areEqual(1, counter, 'static state starts fresh');
  }
  @IsTest static void stillSeesTheWidget() {
    counter++;
    Assert.areEqual(1, [SELECT COUNT() FROM Widget__c], 'the other test deleted it in its own transaction');
    Assert.areEqual(1, counter, 'static state starts fresh');
  }
}`
    });
    expect(r.results.map((x) => `${x.methodName}:${x.outcome}:${x.message}`)).to.deep.equal([
      'deletesTheWidget:Pass:null',
      'stillSeesTheWidget:Pass:null'
    ]);
    const left = runSoql(store, 'SELECT Name FROM Widget__c').records.map((w) => w.Name);
    expect(left).to.deep.equal(['org widget']);
  });

  it('hides org data unless SeeAllData=true, and always shows users', () => {
    const r = run(store, {
      Data_Tests: `@IsTest
private class Data_Tests {
  @IsTest static void isolated() {
    Assert.areEqual(0, [SELECT COUNT() FROM Widget__c]);
    Assert.areEqual(1, [SELECT COUNT() FROM User WHERE Id = :UserInfo.getUserId()]);
  }
  @IsTest(SeeAllData=true) static void seesAll() {
    Assert.areEqual(1, [SELECT COUNT() FROM Widget__c]);
  }
}`,
      SeeAll_Tests: `@IsTest(SeeAllData=true)
private class SeeAll_Tests {
  @IsTest static void seesAll() { Assert.areEqual('org widget', [SELECT Name FROM Widget__c].Name); }
}`
    });
    expect(r.results.map((x) => `${x.className}.${x.methodName}:${x.outcome}:${x.message}`)).to.deep.equal([
      'Data_Tests.isolated:Pass:null',
      'Data_Tests.seesAll:Pass:null',
      'SeeAll_Tests.seesAll:Pass:null'
    ]);
  });

  it('fails every test of a class whose @TestSetup fails', () => {
    const r = run(store, {
      Broken_Tests: `@IsTest
private class Broken_Tests {
  @TestSetup static void makeData() { Integer x = null; x++; }
  @IsTest static void a() { }
  @IsTest static void b() { }
}`
    });
    expect(r.results.map((x) => x.outcome)).to.deep.equal(['Fail', 'Fail']);
    expect(r.results[0].message).to.equal('System.NullPointerException: Attempt to de-reference a null object');
    expect(r.results[1].stackTrace).to.contain('Class.Broken_Tests.makeData: line 3');
  });

  it('Test.isRunningTest, startTest/stopTest with fresh limits, and startTest only once', () => {
    const r = run(store, {
      Limits_Tests: `@IsTest
private class Limits_Tests {
  @IsTest static void limits() {
    Assert.isTrue(Test.isRunningTest());
    Integer before = [SELECT COUNT() FROM User];
    Assert.areEqual(1, Limits.getQueries());
    Test.startTest();
    Assert.areEqual(0, Limits.getQueries(), 'fresh limits');
    Integer inside = [SELECT COUNT() FROM User];
    Assert.areEqual(1, Limits.getQueries());
    Test.stopTest();
    Assert.areEqual(1, Limits.getQueries(), 'the outer limits again');
  }
  @IsTest static void twice() {
    Test.startTest();
    Test.startTest();
  }
}`
    });
    expect(outcome(r, 'limits')).to.include({ outcome: 'Pass', message: null });
    expect(outcome(r, 'twice').message).to.equal('System.FinalException: Testing already started');
  });

  it('System.runAs switches the running user for its block', () => {
    const r = run(store, {
      RunAs_Tests: `@IsTest
private class RunAs_Tests {
  @IsTest static void runAs() {
    Id me = UserInfo.getUserId();
    User u = new User(LastName = 'Tester', Username = 'tester@example.com.local', Email = 'tester@example.com',
      Alias = 'tester', ProfileId = [SELECT Id FROM Profile LIMIT 1].Id, TimeZoneSidKey = 'Europe/Paris',
      LocaleSidKey = 'fr_FR', LanguageLocaleKey = 'fr', EmailEncodingKey = 'UTF-8');
    insert u;
    System.runAs(u) {
      Assert.areEqual(u.Id, UserInfo.getUserId());
      Assert.areEqual('tester@example.com.local', UserInfo.getUserName());
      Assert.areEqual('Europe/Paris', UserInfo.getTimeZone().getID());
      insert new Widget__c(Name = 'made as tester');
    }
    Widget__c w = [SELECT CreatedById, LastModifiedById FROM Widget__c WHERE Name = 'made as tester'];
    Assert.areEqual(u.Id, w.CreatedById, 'the block writes as the runAs user');
    Assert.areEqual(u.Id, w.LastModifiedById, 'last modified by the runAs user');
    Assert.areEqual(me, UserInfo.getUserId());
    update w;
    Assert.areEqual(me, [SELECT LastModifiedById FROM Widget__c WHERE Id = :w.Id].LastModifiedById, 'outside: me');
  }
}`
    });
    expect(outcome(r, 'runAs'), String(outcome(r, 'runAs').message)).to.include({ outcome: 'Pass', message: null });
  });

  it('measures line coverage of non-test classes from the statements executed', () => {
    const r = run(store, {
      Sign: `public class Sign {
  public static String of(Integer x) {
    System.debug('not counted');
    if (x > 0) {
      return 'positive';
    } else if (x < 0) {
      return 'negative';
    }
    return 'zero';
  }
}`,
      Sign_Tests: `@IsTest
private class Sign_Tests {
  @IsTest static void positive() { Assert.areEqual('positive', Sign.of(3)); }
  @IsTest static void zero() { Assert.areEqual('zero', Sign.of(0)); }
}`
    });
    expect(r.results.every((x) => x.outcome === 'Pass')).to.equal(true);
    expect(r.coverage).to.deep.equal([{ name: 'Sign', coveredLines: [4, 5, 6, 9], uncoveredLines: [7] }]);
    expect(percentCovered(r.coverage[0])).to.equal(80);
  });

  it('runs a batch queued in a test synchronously at Test.stopTest, sharing static state', () => {
    const r = run(store, {
      Tally: `public class Tally implements Database.Batchable<SObject>, Database.Stateful {
  public Integer seen = 0;
  public static String label = 'seen';
  public static Integer finished = 0;
  public Database.QueryLocator start(Database.BatchableContext bc) {
    return Database.getQueryLocator('SELECT Id, Name FROM Widget__c');
  }
  public void execute(Database.BatchableContext bc, List<Widget__c> scope) {
    for (Widget__c w : scope) w.Name = w.Name + ' done';
    update scope;
    seen += scope.size();
  }
  public void finish(Database.BatchableContext bc) {
    insert new Widget__c(Name = label + ' ' + seen);
    finished++;
  }
}`,
      Tally_Tests: `@IsTest
private class Tally_Tests {
  @IsTest static void runsAtStopTest() {
    insert new List<Widget__c>{ new Widget__c(Name = 'a'), new Widget__c(Name = 'b'), new Widget__c(Name = 'c') };
    Tally.label = 'counted';
    Test.startTest();
    Id jobId = Database.executeBatch(new Tally(), 2);
    Assert.areEqual(0, [SELECT COUNT() FROM Widget__c WHERE Name LIKE '%done'], 'not yet');
    Test.stopTest();
    Assert.areEqual(3, [SELECT COUNT() FROM Widget__c WHERE Name LIKE '%done']);
    Assert.areEqual(1, [SELECT COUNT() FROM Widget__c WHERE Name = 'counted 3'], 'the batch saw the test static');
    Assert.areEqual(1, Tally.finished, 'the test sees the static the batch changed');
    AsyncApexJob job = [SELECT Status, JobItemsProcessed FROM AsyncApexJob WHERE Id = :jobId];
    Assert.areEqual('Completed', job.Status);
    Assert.areEqual(2, job.JobItemsProcessed);
  }
  @IsTest static void withoutStopTestRunsAfterTheMethod() {
    insert new Widget__c(Name = 'a');
    Database.executeBatch(new Tally());
    Assert.areEqual(0, [SELECT COUNT() FROM Widget__c WHERE Name LIKE '%done'], 'not while the method runs');
  }
}`
    });
    expect(r.results.map((x) => `${x.methodName}:${x.outcome}:${x.message}`)).to.deep.equal([
      'runsAtStopTest:Pass:null',
      'withoutStopTestRunsAfterTheMethod:Pass:null'
    ]);
    expect(runSoql(store, 'SELECT COUNT() FROM AsyncApexJob').totalSize).to.equal(0);
    const tally = r.coverage.find((c) => c.name === 'Tally');
    expect(tally?.uncoveredLines).to.deep.equal([]);
  });

  it('passes an exception of a batch run by a test to the test; jobs queued without stopTest run at its end', () => {
    const r = run(store, {
      Boom: `public class Boom implements Database.Batchable<SObject> {
  public static Boolean finished = false;
  public List<SObject> start(Database.BatchableContext bc) { return [SELECT Id FROM Widget__c]; }
  public void execute(Database.BatchableContext bc, List<SObject> scope) { Integer x = 1 / 0; }
  public void finish(Database.BatchableContext bc) { finished = true; }
}`,
      Boom_Tests: `@IsTest
private class Boom_Tests {
  @IsTest static void caughtAfterStopTest() {
    insert new Widget__c(Name = 'a');
    Test.startTest();
    Database.executeBatch(new Boom());
    try {
      Test.stopTest();
      Assert.fail('the batch exception reaches the test');
    } catch (MathException e) {
      Assert.areEqual('Divide by 0', e.getMessage());
    }
    Assert.isFalse(Boom.finished, 'finish does not run after the failed chunk');
  }
  @IsTest static void failsAtTheEndWithoutStopTest() {
    insert new Widget__c(Name = 'a');
    Database.executeBatch(new Boom());
  }
}`
    });
    expect(r.results.map((x) => `${x.methodName}:${x.outcome}:${x.message}`)).to.deep.equal([
      'caughtAfterStopTest:Pass:null',
      'failsAtTheEndWithoutStopTest:Fail:System.MathException: Divide by 0'
    ]);
  });

  it('runs a queueable enqueued in a test at Test.stopTest', () => {
    const r = run(store, {
      Stamp: `public class Stamp implements Queueable {
  public void execute(QueueableContext qc) { insert new Widget__c(Name = 'stamped ' + (qc.getJobId() != null)); }
}`,
      Stamp_Tests: `@IsTest
private class Stamp_Tests {
  @IsTest static void runsAtStopTest() {
    Test.startTest();
    Id jobId = System.enqueueJob(new Stamp());
    Assert.areEqual(0, [SELECT COUNT() FROM Widget__c]);
    Test.stopTest();
    Assert.areEqual('stamped true', [SELECT Name FROM Widget__c].Name);
    Assert.areEqual('Completed', [SELECT Status FROM AsyncApexJob WHERE Id = :jobId].Status);
  }
}`
    });
    expect(r.results.map((x) => `${x.methodName}:${x.outcome}:${x.message}`)).to.deep.equal([
      'runsAtStopTest:Pass:null'
    ]);
  });

  it('runs a job scheduled in a test at Test.stopTest; its CronTrigger is rolled back', () => {
    const r = run(store, {
      Nightly: `public class Nightly implements Schedulable {
  public void execute(SchedulableContext sc) {
    insert new Widget__c(Name = 'nightly ' + (sc.getTriggerId() != null));
  }
}`,
      Nightly_Tests: `@IsTest
private class Nightly_Tests {
  @IsTest static void firesAtStopTest() {
    Test.startTest();
    Id triggerId = System.schedule('Nightly test job', '0 0 1 * * ?', new Nightly());
    Assert.areEqual(0, [SELECT COUNT() FROM Widget__c]);
    Assert.areEqual('0 0 1 * * ?', [SELECT CronExpression FROM CronTrigger WHERE Id = :triggerId].CronExpression);
    Test.stopTest();
    Assert.areEqual('nightly true', [SELECT Name FROM Widget__c].Name);
  }
}`
    });
    expect(r.results.map((x) => `${x.methodName}:${x.outcome}:${x.message}`)).to.deep.equal([
      'firesAtStopTest:Pass:null'
    ]);
    expect(runSoql(store, 'SELECT COUNT() FROM CronTrigger').totalSize).to.equal(0);
  });

  it('FeatureManagement.checkPermission follows the permission sets assigned to the running user', () => {
    const psId = store.insert('PermissionSet', { Name: 'Managers', Label: 'Managers' }, { system: true });
    putMetadata(store, {
      type: 'PermissionSet',
      fullName: 'Managers',
      fileName: 'permissionsets/Managers.permissionset-meta.xml',
      content: { label: 'Managers', customPermissions: [{ enabled: 'true', name: 'Manage_Things' }] }
    });
    const r = runOrgApexTests(store, undefined, undefined, [
      {
        name: 'Perm_Tests',
        body: `@IsTest
private class Perm_Tests {
  @IsTest static void assignedOnly() {
    User u = new User(LastName = 'M', Username = 'm@example.com.local', Email = 'm@example.com', Alias = 'm',
      ProfileId = [SELECT Id FROM Profile LIMIT 1].Id, TimeZoneSidKey = 'UTC', LocaleSidKey = 'en_US',
      LanguageLocaleKey = 'en_US', EmailEncodingKey = 'UTF-8');
    insert u;
    System.runAs(u) { Assert.isFalse(FeatureManagement.checkPermission('Manage_Things'), 'not assigned yet'); }
    insert new PermissionSetAssignment(AssigneeId = u.Id, PermissionSetId = '${psId}');
    System.runAs(u) {
      Assert.isTrue(FeatureManagement.checkPermission('manage_things'), 'case-insensitive');
      Assert.isFalse(FeatureManagement.checkPermission('Other_Permission'));
    }
  }
}`
      }
    ]);
    expect(r.results.map((x) => `${x.methodName}:${x.outcome}:${x.message}`)).to.deep.equal(['assignedOnly:Pass:null']);
  });

  it('Test.createStub answers instance calls through the System.StubProvider', () => {
    const r = run(store, {
      Pricing: `public virtual class Pricing {
  public Pricing() { throw new IllegalArgumentException('no constructor runs for a stub'); }
  public virtual Decimal priceOf(String sku, Integer qty) { return 0; }
}`,
      Greeter: 'public interface Greeter { String greet(String name); }',
      Stub_Tests: `@IsTest
private class Stub_Tests {
  class Provider implements System.StubProvider {
    public Object handleMethodCall(Object stubbedObject, String stubbedMethodName, Type returnType,
        List<Type> listOfParamTypes, List<String> listOfParamNames, List<Object> listOfArgs) {
      if (stubbedMethodName == 'priceOf') return Decimal.valueOf((Integer) listOfArgs[1]) * 2.5;
      return stubbedMethodName + ':' + listOfParamNames[0] + ':' + returnType.getName() + ':' + listOfArgs[0];
    }
  }
  @IsTest static void stubs() {
    Pricing p = (Pricing) Test.createStub(Pricing.class, new Provider());
    Assert.areEqual(10.0, p.priceOf('X', 4));
    Greeter g = (Greeter) Test.createStub(Greeter.class, new Provider());
    Assert.areEqual('greet:name:String:Ada', g.greet('Ada'));
  }
}`
    });
    expect(r.results.map((x) => `${x.methodName}:${x.outcome}:${x.message}`)).to.deep.equal(['stubs:Pass:null']);
  });

  it('reports compile problems instead of running', () => {
    const r = run(store, { Bad_Tests: '@IsTest private class Bad_Tests { @IsTest static void a() { Nope.x(); } }' });
    expect(r.results).to.deep.equal([]);
    expect(r.compileProblems.length).to.be.greaterThan(0);
  });
});
