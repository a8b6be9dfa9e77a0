/**
 * Platform events inside Apex tests run by the local test runner: the test event bus (delivery at
 * Test.stopTest() and on Test.getEventBus().deliver(), ReplayIds from 1 in every test method, a retried
 * batch again at the next deliver(), 500 events per test method) and a batch's BatchApexErrorEvent
 * delivered after the exception reached the test ("Deliver Test Event Messages", "Event and Event Bus
 * Properties in Test Context", "Test Retried Event Messages" in the Platform Events Developer Guide).
 */
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { connectTo } from '../local-org/helpers.js';
import { customObject, deploy, textField } from '../triggers/helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

const PING = `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><deploymentStatus>Deployed</deploymentStatus><eventType>HighVolume</eventType><label>Ping</label><pluralLabel>Pings</pluralLabel><publishBehavior>PublishAfterCommit</publishBehavior>${textField('Text__c')}</CustomObject>`;

const PING_TRIGGER = `trigger Pings on Ping__e (after insert) {
  EventBus.TriggerContext ctx = EventBus.TriggerContext.currentContext();
  List<Note__c> notes = new List<Note__c>();
  for (Ping__e p : Trigger.new) {
    if (p.Text__c == 'retry' && ctx.retries == 0) throw new EventBus.RetryableException('later');
    if (p.Text__c == 'badcheckpoint') {
      try {
        ctx.setResumeCheckpoint('424242');
      } catch (EventBus.InvalidReplayIdException e) {
        notes.add(new Note__c(Name = 'invalid ' + e.getTypeName()));
        continue;
      }
    }
    notes.add(new Note__c(Name = 'ping ' + p.Text__c + ' replay=' + p.ReplayId + ' retries=' + ctx.retries));
  }
  insert notes;
}`;

const BATCH_ERRORS = `trigger BatchErrors on BatchApexErrorEvent (after insert) {
  for (BatchApexErrorEvent e : Trigger.new) insert new Note__c(Name = 'batch ' + e.Phase + ' ' + e.Message);
}`;

const BAD_FINISH = `public class BadFinish implements Database.Batchable<Integer>, Database.RaisesPlatformEvents {
  public List<Integer> start(Database.BatchableContext bc) { return new List<Integer>{ 1 }; }
  public void execute(Database.BatchableContext bc, List<Integer> scope) {}
  public void finish(Database.BatchableContext bc) { throw new IllegalArgumentException('finish failed'); }
}`;

const TESTS = `@IsTest
private class Events_Tests {
  static List<String> names() {
    List<String> out = new List<String>();
    for (Note__c n : [SELECT Name FROM Note__c ORDER BY Name]) out.add(n.Name);
    return out;
  }
  @IsTest static void deliversAtStopTest() {
    Test.startTest();
    Database.SaveResult sr = EventBus.publish(new Ping__e(Text__c = 'a'));
    Assert.isTrue(sr.isSuccess());
    Assert.areEqual(0, names().size(), 'only queued before stopTest');
    Test.stopTest();
    Assert.areEqual(new List<String>{ 'ping a replay=1 retries=0' }, names());
  }
  @IsTest static void startsEveryTestWithReplayIdOne() {
    Test.startTest();
    EventBus.publish(new List<Ping__e>{ new Ping__e(Text__c = 'b'), new Ping__e(Text__c = 'c') });
    Test.getEventBus().deliver();
    Assert.areEqual(new List<String>{ 'ping b replay=1 retries=0', 'ping c replay=2 retries=0' }, names());
    EventBus.publish(new Ping__e(Text__c = 'd'));
    Assert.areEqual(2, names().size(), 'd waits for the next delivery');
    Test.getEventBus().deliver();
    Assert.areEqual(3, names().size(), 'd delivered');
    Test.stopTest();
  }
  @IsTest static void redeliversARetriedBatchAtTheNextDeliver() {
    Test.startTest();
    EventBus.publish(new Ping__e(Text__c = 'retry'));
    Test.getEventBus().deliver();
    Assert.areEqual(0, names().size(), 'retried: rolled back');
    EventBusSubscriber sub = [SELECT Name, Position, Retries, LastError FROM EventBusSubscriber
      WHERE Topic = 'Ping__e' AND Type = 'ApexTrigger'];
    Assert.areEqual('Pings', sub.Name);
    Assert.areEqual(1, sub.Retries);
    Assert.areEqual('later', sub.LastError);
    Assert.areEqual(0, sub.Position, 'not moved by a retry');
    Test.getEventBus().deliver();
    Assert.areEqual(new List<String>{ 'ping retry replay=1 retries=1' }, names());
    Test.stopTest();
  }
  @IsTest static void deliversTheBatchErrorEventAfterTheExceptionReachedTheTest() {
    try {
      Test.startTest();
      Database.executeBatch(new BadFinish());
      Test.stopTest();
      Assert.fail('the batch exception reaches the test');
    } catch (IllegalArgumentException e) {
      Assert.areEqual('finish failed', e.getMessage());
    }
    Test.getEventBus().deliver();
    Assert.areEqual(new List<String>{ 'batch FINISH finish failed' }, names());
  }
  @IsTest static void refusesACheckpointOutsideTheBatch() {
    Test.startTest();
    EventBus.publish(new Ping__e(Text__c = 'badcheckpoint'));
    Test.stopTest();
    Assert.areEqual(new List<String>{ 'invalid EventBus.InvalidReplayIdException' }, names());
  }
  @IsTest static void refusesTheFiveHundredFirstEvent() {
    List<Ping__e> pings = new List<Ping__e>();
    for (Integer i = 0; i < 501; i++) pings.add(new Ping__e(Text__c = 'p' + i));
    List<Database.SaveResult> rs = EventBus.publish(pings);
    Assert.isTrue(rs[499].isSuccess());
    Assert.isFalse(rs[500].isSuccess());
    Assert.areEqual('LIMIT_EXCEEDED', String.valueOf(rs[500].getErrors()[0].getStatusCode()));
  }
}`;

describe('platform events in Apex tests (local test runner)', function () {
  this.timeout(180_000);
  let org: LocalOrg;
  before(async () => {
    org = await startLocalOrg();
    await deploy(await connectTo(org), {
      objects: { Note__c: customObject('Note'), Ping__e: PING },
      classes: { BadFinish: BAD_FINISH, Events_Tests: TESTS },
      triggers: { Pings: PING_TRIGGER, BatchErrors: BATCH_ERRORS }
    });
  });
  after(() => org.stop());

  it('delivers at Test.stopTest and on Test.getEventBus().deliver(), each test method on a fresh test event bus', async () => {
    // In the org's Apex worker, as sf apex run test and npm run test:apex run them.
    const r = await org.apex!.runTests([{ className: 'Events_Tests' }]);
    expect(r.compileProblems).to.deep.equal([]);
    expect(r.results.map((x) => `${x.methodName}:${x.outcome}${x.message ? ` ${x.message}` : ''}`)).to.deep.equal([
      'deliversAtStopTest:Pass',
      'startsEveryTestWithReplayIdOne:Pass',
      'redeliversARetriedBatchAtTheNextDeliver:Pass',
      'deliversTheBatchErrorEventAfterTheExceptionReachedTheTest:Pass',
      'refusesACheckpointOutsideTheBatch:Pass',
      'refusesTheFiveHundredFirstEvent:Pass'
    ]);
  });

  it("leaves the org's own events and subscriber positions as they were", async () => {
    const res = await fetch(`${org.instanceUrl}/services/data/v65.0/sobjects/Ping__e`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Text__c: 'org' })
    });
    expect(res.status).to.equal(201);
    await org.apex!.whenIdle();
    const rows = (): unknown => org.store.sql('SELECT Text__c, ReplayId FROM "o_ping__e"').all();
    const position = (): unknown =>
      org.store.sql(`SELECT Position, Retries, Status FROM "o_eventbussubscriber" WHERE Name = 'Pings'`).all();
    const before = { rows: rows(), position: position() };
    expect(before.rows).to.have.length(1);
    expect(before.position).to.deep.equal([{ Position: 1, Retries: 0, Status: 'Running' }]);
    await org.apex!.runTests([{ className: 'Events_Tests' }]);
    expect({ rows: rows(), position: position() }).to.deep.equal(before);
  });
});
