/**
 * @future methods (issue 15, point 5): queued, run after the calling transaction (in a test: at
 * Test.stopTest) in their own transaction with System.isFuture() true; callouts only with
 * callout=true; no future call from a future or batch transaction; 50 per transaction.
 */
import { expect } from 'chai';
// Http, HttpRequest and HttpResponse (the org's runner loads them with the runtime).
import '../../src/local-org/apex/callouts/index.js';
import { runApexTests } from '../../src/local-org/apex/testing/runner.js';
import { createStoreDataLayer } from '../../src/local-org/org/apex-data-layer.js';
import { storeClock } from '../../src/local-org/org/runtime-collaborators.js';
import { isolateOrgData, storeJobHost } from '../../src/local-org/org/apex-tests.js';
import { Clock, openOrgStore } from '../../src/local-org/store/index.js';

const SERVICE = `public with sharing class FutureService {
  public static Boolean ranAsFuture = false;
  @future
  public static void rename(Set<Id> ids, String name) {
    List<Account> rows = [SELECT Id FROM Account WHERE Id IN :ids];
    for (Account a : rows) a.Name = name + (System.isFuture() ? ' (future)' : '');
    update rows;
  }
  @future
  public static void again() { rename(new Set<Id>(), 'x'); }
  @future
  public static void calloutWithoutPermission() { new Http().send(request()); }
  @future(callout=true)
  public static void calloutAllowed(Id accountId) {
    HttpResponse res = new Http().send(request());
    update new Account(Id = accountId, Description = res.getBody());
  }
  static HttpRequest request() {
    HttpRequest r = new HttpRequest();
    r.setEndpoint('https://example.invalid/ping');
    r.setMethod('GET');
    return r;
  }
}`;

const TESTS = `@IsTest
private class FutureService_Tests {
  private class Ok implements HttpCalloutMock {
    public HttpResponse respond(HttpRequest req) { HttpResponse r = new HttpResponse(); r.setBody('pong'); r.setStatusCode(200); return r; }
  }
  @IsTest
  static void runsAtStopTest() {
    Account a = new Account(Name = 'Before');
    insert a;
    Test.startTest();
    FutureService.rename(new Set<Id>{ a.Id }, 'After');
    Assert.areEqual('Before', [SELECT Name FROM Account WHERE Id = :a.Id].Name, 'not run yet');
    Assert.areEqual(1, Limits.getFutureCalls(), 'one future call counted');
    Test.stopTest();
    Assert.areEqual('After (future)', [SELECT Name FROM Account WHERE Id = :a.Id].Name, 'ran at stopTest as a future');
    AsyncApexJob job = [SELECT JobType, MethodName, Status FROM AsyncApexJob WHERE JobType = 'Future'];
    Assert.areEqual('rename', job.MethodName, 'method name');
    Assert.areEqual('Completed', job.Status, 'completed');
  }
  @IsTest
  static void noFutureFromFuture() {
    Test.startTest();
    FutureService.again();
    try {
      Test.stopTest();
      Assert.fail('a future call from a future method must fail');
    } catch (AsyncException e) {
      Assert.areEqual('Future method cannot be called from a future or batch method: FutureService.rename(Set<Id>, String)', e.getMessage(), 'platform wording');
    }
  }
  @IsTest
  static void calloutsNeedTheAnnotation() {
    Test.setMock(HttpCalloutMock.class, new Ok());
    Test.startTest();
    FutureService.calloutWithoutPermission();
    try {
      Test.stopTest();
      Assert.fail('a callout from @future without callout=true must fail');
    } catch (CalloutException e) {
      Assert.isTrue(e.getMessage().startsWith('Callout not allowed from this future method.'), e.getMessage());
    }
  }
  @IsTest
  static void calloutAllowed() {
    Account a = new Account(Name = 'C');
    insert a;
    Test.setMock(HttpCalloutMock.class, new Ok());
    Test.startTest();
    FutureService.calloutAllowed(a.Id);
    Test.stopTest();
    Assert.areEqual('pong', [SELECT Description FROM Account WHERE Id = :a.Id].Description, 'callout answered');
  }
}`;

describe('Apex @future methods', () => {
  it('queues future calls to Test.stopTest, with the documented restrictions', () => {
    const store = openOrgStore({ clock: new Clock('UTC', '2026-03-10T12:00:00Z') });
    const report = runApexTests({
      data: createStoreDataLayer(store),
      clock: storeClock(store),
      isolateOrgData: () => isolateOrgData(store),
      asyncHost: storeJobHost(store),
      files: [
        { name: 'FutureService', body: SERVICE },
        { name: 'FutureService_Tests', body: TESTS }
      ]
    });
    expect(report.results.map((x) => [x.methodName, x.outcome, x.message]).sort()).to.deep.equal([
      ['calloutAllowed', 'Pass', null],
      ['calloutsNeedTheAnnotation', 'Pass', null],
      ['noFutureFromFuture', 'Pass', null],
      ['runsAtStopTest', 'Pass', null]
    ]);
  });
});
