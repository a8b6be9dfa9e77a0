/**
 * Delivery of platform events to their after insert triggers in the local org: asynchronously after the
 * publishing transaction, each trigger in its own transaction with fresh limits, in ReplayId order and
 * batches of at most 2,000; PublishAfterCommit vs PublishImmediately; setResumeCheckpoint;
 * EventBus.RetryableException (retries, lastError, the error state after nine retries); events published
 * through REST; BatchApexErrorEvent from a Database.RaisesPlatformEvents batch.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { runSoql, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { connectTo } from '../local-org/helpers.js';
import { apex, customObject, deploy, textField } from '../triggers/helpers.js';
import { eventObject, eventRows } from './helpers.js';

/** Logs every invocation as a PublishImmediately Trace__e (written whatever the invocation's outcome). */
const ORDER_TRIGGER = `trigger OrderEvents on Order_Event__e (after insert) {
  EventBus.TriggerContext ctx = EventBus.TriggerContext.currentContext();
  EventBus.publish(new Trace__e(Line__c = 'first=' + Trigger.new[0].Order_Number__c + ' size=' + Trigger.new.size()
    + ' retries=' + ctx.retries + ' lastError=' + ctx.lastError + ' dml=' + Limits.getDmlStatements()
    + ' id=' + Trigger.new[0].Id));
  List<Note__c> notes = new List<Note__c>();
  Integer taken = 0;
  for (Order_Event__e e : Trigger.new) {
    if (e.Mode__c == 'retry' && ctx.retries < 2) {
      insert new Note__c(Name = 'rolled back ' + e.Order_Number__c);
      throw new EventBus.RetryableException('not yet ' + ctx.retries);
    }
    if (e.Mode__c == 'always-retry') throw new EventBus.RetryableException('never');
    if (e.Mode__c == 'boom') throw new IllegalArgumentException('boom ' + e.Order_Number__c);
    if (e.Mode__c == 'two-at-a-time' && taken == 2) break;
    notes.add(new Note__c(Name = 'order ' + e.Order_Number__c));
    taken++;
    ctx.setResumeCheckpoint(e.ReplayId);
  }
  insert notes;
}`;

const LOG_TRIGGER = `trigger LogEvents on Log_Event__e (after insert) {
  for (Log_Event__e e : Trigger.new) insert new Note__c(Name = 'log ' + e.Message__c);
}`;

const BATCH_ERRORS = `trigger BatchErrors on BatchApexErrorEvent (after insert) {
  for (BatchApexErrorEvent e : Trigger.new)
    insert new Note__c(Name = 'batch ' + e.Phase + ' ' + e.ExceptionType + ' ' + e.Message + ' scope=' + e.JobScope
      + ' job=' + (e.AsyncApexJobId != null));
}`;

const FAILING_BATCH = `public class FailingChunks implements Database.Batchable<Integer>, Database.RaisesPlatformEvents {
  public List<Integer> start(Database.BatchableContext bc) { return new List<Integer>{ 1, 2 }; }
  public void execute(Database.BatchableContext bc, List<Integer> scope) {
    if (scope[0] == 2) throw new IllegalArgumentException('chunk two');
  }
  public void finish(Database.BatchableContext bc) {}
}`;

describe('platform events: delivery to triggers (local org)', function () {
  this.timeout(180_000);
  let org: LocalOrg;
  let conn: Connection;
  const notes = (prefix: string): string[] =>
    runSoql(org.store, `SELECT Name FROM Note__c WHERE Name LIKE '${prefix}%' ORDER BY Name`).records.map((r) =>
      String(r.Name)
    );
  const traces = (): string[] => eventRows(org, 'Trace__e').map((e) => String(e.Line__c));
  const settle = (): Promise<void> => org.apex!.whenIdle();

  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
    await deploy(conn, {
      objects: {
        Note__c: customObject('Note'),
        Order_Event__e: eventObject(
          'Order Event',
          'PublishAfterCommit',
          textField('Order_Number__c') + textField('Mode__c')
        ),
        Log_Event__e: eventObject('Log Event', 'PublishImmediately', textField('Message__c')),
        Trace__e: eventObject('Trace', 'PublishImmediately', textField('Line__c'))
      },
      classes: { FailingChunks: FAILING_BATCH },
      triggers: { OrderEvents: ORDER_TRIGGER, LogEvents: LOG_TRIGGER, BatchErrors: BATCH_ERRORS }
    });
  });
  after(() => org.stop());
  beforeEach(async () => {
    await settle();
    org.store.db.exec(`DELETE FROM "o_note__c"; DELETE FROM "o_trace__e"`);
  });

  it('delivers after the publishing transaction commits, in its own transaction with fresh limits, without Id', async () => {
    const inside = await apex(
      org,
      `insert new Note__c(Name = 'publisher');
      EventBus.publish(new Order_Event__e(Order_Number__c = 'A1'));
      EventBus.publish(new Order_Event__e(Order_Number__c = 'A2'));
      System.debug([SELECT COUNT() FROM Note__c WHERE Name LIKE 'order%']);`
    );
    expect(inside).to.deep.equal(['0']);
    await settle();
    expect(notes('order')).to.deep.equal(['order A1', 'order A2']);
    expect(traces()).to.deep.equal(['first=A1 size=2 retries=0 lastError=null dml=0 id=null']);
  });

  it('delivers in batches of at most 2,000 events, in ReplayId order', async () => {
    await apex(
      org,
      `List<Order_Event__e> events = new List<Order_Event__e>();
      for (Integer i = 0; i < 2500; i++) events.add(new Order_Event__e(Order_Number__c = 'B' + String.valueOf(i).leftPad(4, '0')));
      EventBus.publish(events);`
    );
    await settle();
    expect(traces()).to.deep.equal([
      'first=B0000 size=2000 retries=0 lastError=null dml=0 id=null',
      'first=B2000 size=500 retries=0 lastError=null dml=0 id=null'
    ]);
    expect(notes('order B')).to.have.length(2500);
  });

  it('delivers PublishImmediately events of a failed transaction, never its PublishAfterCommit ones', async () => {
    const r = await org.apex!.executeAnonymous(
      `EventBus.publish(new Order_Event__e(Order_Number__c = 'C1'));
      EventBus.publish(new Log_Event__e(Message__c = 'C1 failed'));
      Integer x = 1 / 0;`
    );
    expect(r.exceptionMessage).to.equal('System.MathException: Divide by 0');
    await settle();
    expect(notes('log')).to.deep.equal(['log C1 failed']);
    expect(notes('order')).to.deep.equal([]);
  });

  it('starts the next invocation after the checkpoint when the trigger stops early or fails', async () => {
    await apex(
      org,
      `List<Order_Event__e> events = new List<Order_Event__e>();
      for (Integer i = 1; i <= 5; i++) events.add(new Order_Event__e(Order_Number__c = 'D' + i, Mode__c = 'two-at-a-time'));
      EventBus.publish(events);`
    );
    await settle();
    expect(traces().map((t) => t.split(' ').slice(0, 2).join(' '))).to.deep.equal([
      'first=D1 size=5',
      'first=D3 size=3',
      'first=D5 size=1'
    ]);
    expect(notes('order D')).to.deep.equal(['order D1', 'order D2', 'order D3', 'order D4', 'order D5']);
    org.store.db.exec(`DELETE FROM "o_trace__e"`);
    await apex(
      org,
      `EventBus.publish(new List<Order_Event__e>{ new Order_Event__e(Order_Number__c = 'E1'),
        new Order_Event__e(Order_Number__c = 'E2', Mode__c = 'boom'), new Order_Event__e(Order_Number__c = 'E3') });`
    );
    await settle();
    // The failed invocation's work rolls back; the next starts after the checkpoint (E1), fails at E2 again
    // without a checkpoint, and the stream moves past its batch.
    expect(traces().map((t) => t.split(' ').slice(0, 2).join(' '))).to.deep.equal([
      'first=E1 size=3',
      'first=E2 size=2'
    ]);
    expect(notes('order E')).to.deep.equal([]);
  });

  it('retries a batch after EventBus.RetryableException with retries and lastError, its work rolled back', async () => {
    await apex(org, `EventBus.publish(new Order_Event__e(Order_Number__c = 'F1', Mode__c = 'retry'));`);
    await settle();
    expect(traces()).to.deep.equal([
      'first=F1 size=1 retries=0 lastError=null dml=0 id=null',
      'first=F1 size=1 retries=1 lastError=not yet 0 dml=0 id=null',
      'first=F1 size=1 retries=2 lastError=not yet 1 dml=0 id=null'
    ]);
    expect(notes('rolled back')).to.deep.equal([]);
    expect(notes('order F')).to.deep.equal(['order F1']);
  });

  it('puts a trigger retried nine times in the error state: it receives nothing more', async () => {
    await apex(org, `EventBus.publish(new Order_Event__e(Order_Number__c = 'G1', Mode__c = 'always-retry'));`);
    await settle();
    expect(traces()).to.have.length(10);
    expect(traces()[9]).to.contain('retries=9 lastError=never');
    org.store.db.exec(`DELETE FROM "o_trace__e"`);
    await apex(org, `EventBus.publish(new Order_Event__e(Order_Number__c = 'G2'));`);
    await settle();
    expect(traces()).to.deep.equal([]);
    expect(notes('order G')).to.deep.equal([]);
    const [sub] = runSoql(
      org.store,
      "SELECT Name, Status, Retries, LastError, Position, Tip FROM EventBusSubscriber WHERE Topic = 'Order_Event__e' AND Type = 'ApexTrigger'"
    ).records;
    const replayIds = eventRows(org, 'Order_Event__e').map((e) => Number(e.ReplayId));
    expect(sub).to.include({ Name: 'OrderEvents', Status: 'Error', Retries: 9, LastError: 'never' });
    expect(sub.Tip).to.equal(Math.max(...replayIds));
    expect(sub.Position).to.equal(Math.max(...replayIds) - 2);
    // Fixing the trigger (saving it again) is how an org resumes it; here the test sets its state back.
    org.store.db.exec(
      `UPDATE "o_eventbussubscriber" SET Status = 'Running', Retries = 0, LastError = NULL, Position = ${Math.max(...replayIds)} WHERE Name = 'OrderEvents'`
    );
  });

  it('delivers events published through REST', async () => {
    const res = await fetch(`${org.instanceUrl}/services/data/v65.0/sobjects/Log_Event__e`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Message__c: 'from REST' })
    });
    expect(res.status).to.equal(201);
    // Published (not a triggered write: the trigger is a subscriber, run after the request).
    const body = (await res.json()) as { errors: { statusCode: string }[] };
    expect(body.errors.map((e) => e.statusCode)).to.deep.equal(['OPERATION_ENQUEUED']);
    await settle();
    expect(notes('log from')).to.deep.equal(['log from REST']);
  });

  it('delivers the BatchApexErrorEvent of a Database.RaisesPlatformEvents batch to its trigger', async () => {
    await apex(org, 'Database.executeBatch(new FailingChunks(), 1);');
    await settle();
    expect(notes('batch')).to.deep.equal(['batch EXECUTE System.IllegalArgumentException chunk two scope=2 job=true']);
  });
});
