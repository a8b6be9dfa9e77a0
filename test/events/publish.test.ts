/**
 * EventBus.publish in the local org: Database.SaveResults (OPERATION_ENQUEUED with the EventUuid),
 * ReplayIds, the documented errors, and the two publish behaviors — PublishAfterCommit events vanish with
 * a failed or rolled-back transaction, PublishImmediately events stay. Also publishing through REST.
 */
import { expect } from 'chai';
import type { LocalOrg } from '../../src/local-org/index.js';
import { eventRows, orgWithEvents, run, userDebug } from './helpers.js';

describe('EventBus.publish (local org)', function () {
  this.timeout(60_000);
  let org: LocalOrg;
  before(async () => {
    org = await orgWithEvents();
  });
  after(async () => {
    await org.stop();
  });

  it('returns a SaveResult per event, queued with OPERATION_ENQUEUED and the EventUuid, and counts one DML statement', async () => {
    const r = await run(
      org,
      [
        "Database.SaveResult one = EventBus.publish(new Order_Event__e(Order_Number__c = 'A-1'));",
        "List<Database.SaveResult> more = EventBus.publish(new List<SObject>{ new Order_Event__e(Order_Number__c = 'A-2'), new Order_Event__e(Order_Number__c = 'A-3') });",
        "System.debug(one.isSuccess() + ' ' + one.getErrors()[0].getStatusCode() + ' ' + (one.getErrors()[0].getMessage() == EventBus.getOperationId(one)));",
        "System.debug(more.size() + ' ' + more[1].isSuccess() + ' ' + String.valueOf(more[1].getId()).substring(0, 1));",
        "System.debug('dml ' + Limits.getDmlStatements() + ' rows ' + Limits.getDmlRows());"
      ].join('\n')
    );
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['true OPERATION_ENQUEUED true', '2 true e', 'dml 2 rows 3']);
    const rows = eventRows(org, 'Order_Event__e').filter((e) => String(e.Order_Number__c).startsWith('A-'));
    expect(rows.map((e) => e.Order_Number__c)).to.deep.equal(['A-1', 'A-2', 'A-3']);
    const ids = rows.map((e) => Number(e.ReplayId));
    expect(ids[1]).to.equal(ids[0] + 1);
    expect(ids[2]).to.equal(ids[1] + 1);
    expect(String(rows[0].EventUuid)).to.match(/^[0-9a-f-]{36}$/);
  });

  it('fails an event that misses a required field in its SaveResult, without an exception, and publishes the others', async () => {
    const r = await run(
      org,
      [
        "List<Database.SaveResult> rs = EventBus.publish(new List<Order_Event__e>{ new Order_Event__e(), new Order_Event__e(Order_Number__c = 'B-1') });",
        "System.debug(rs[0].isSuccess() + ' ' + rs[0].getErrors()[0].getStatusCode() + ' ' + EventBus.getOperationId(rs[0]));",
        'System.debug(rs[1].isSuccess());'
      ].join('\n')
    );
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['false REQUIRED_FIELD_MISSING null', 'true']);
    expect(eventRows(org, 'Order_Event__e').filter((e) => e.Order_Number__c === 'B-1')).to.have.length(1);
  });

  it('raises System.UnexpectedException for an sObject that is not a platform event', async () => {
    const r = await run(org, "EventBus.publish(new Account(Name = 'x'));");
    expect(r.success).to.equal(false);
    expect(r.message).to.match(/^System\.UnexpectedException: /);
  });

  it('fails loudly on DML on a platform event (events are published with EventBus.publish)', async () => {
    const r = await run(org, "insert new Order_Event__e(Order_Number__c = 'X-1');");
    expect(r.success).to.equal(false);
    expect(r.message).to.match(
      /^not supported by the local runtime: DML Insert on the platform event Order_Event__e \(publish it with EventBus\.publish\) at AnonymousBlock:1/
    );
  });

  it('does not let Apex publish BatchApexErrorEvent (only the platform fires it)', async () => {
    const r = await run(
      org,
      "Database.SaveResult sr = EventBus.publish(new BatchApexErrorEvent());\nSystem.debug(sr.isSuccess() + ' ' + sr.getErrors()[0].getStatusCode());"
    );
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['false INVALID_TYPE_FOR_OPERATION']);
  });

  it('discards PublishAfterCommit events when the transaction ends in an unhandled exception, keeps PublishImmediately ones', async () => {
    const r = await run(
      org,
      [
        "EventBus.publish(new Order_Event__e(Order_Number__c = 'C-1'));",
        "EventBus.publish(new Log_Event__e(Message__c = 'C-1 failed'));",
        'Integer boom = 1 / 0;'
      ].join('\n')
    );
    expect(r.message).to.equal('System.MathException: Divide by 0');
    await org.apex!.whenIdle();
    expect(eventRows(org, 'Order_Event__e').filter((e) => e.Order_Number__c === 'C-1')).to.deep.equal([]);
    expect(eventRows(org, 'Log_Event__e').map((e) => e.Message__c)).to.include('C-1 failed');
  });

  it('discards PublishAfterCommit events published after a savepoint that Database.rollback returns to', async () => {
    const r = await run(
      org,
      [
        "EventBus.publish(new Order_Event__e(Order_Number__c = 'D-1'));",
        'Savepoint sp = Database.setSavepoint();',
        "EventBus.publish(new Order_Event__e(Order_Number__c = 'D-2'));",
        "EventBus.publish(new Log_Event__e(Message__c = 'D-2 logged'));",
        'Database.rollback(sp);'
      ].join('\n')
    );
    expect(r.success, r.message).to.equal(true);
    await org.apex!.whenIdle();
    const numbers = eventRows(org, 'Order_Event__e').map((e) => e.Order_Number__c);
    expect(numbers).to.include('D-1');
    expect(numbers).not.to.include('D-2');
    expect(eventRows(org, 'Log_Event__e').map((e) => e.Message__c)).to.include('D-2 logged');
  });

  it('counts PublishImmediately calls against their own limit, not DML statements', async () => {
    const r = await run(
      org,
      [
        "EventBus.publish(new Log_Event__e(Message__c = 'one'));",
        "EventBus.publish(new List<Log_Event__e>{ new Log_Event__e(Message__c = 'two'), new Log_Event__e(Message__c = 'three') });",
        "System.debug(Limits.getPublishImmediateDML() + '/' + Limits.getLimitPublishImmediateDML() + ' dml ' + Limits.getDmlStatements());"
      ].join('\n')
    );
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['2/150 dml 0']);
  });

  it('publishes through REST (POST /sobjects/Order_Event__e) with OPERATION_ENQUEUED and the EventUuid', async () => {
    const res = await fetch(`${org.instanceUrl}/services/data/v65.0/sobjects/Order_Event__e`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Order_Number__c: 'R-1' })
    });
    expect(res.status).to.equal(201);
    const body = (await res.json()) as {
      id: string;
      success: boolean;
      errors: { statusCode: string; message: string }[];
    };
    expect(body.success).to.equal(true);
    expect(body.errors[0].statusCode).to.equal('OPERATION_ENQUEUED');
    const row = eventRows(org, 'Order_Event__e').find((e) => e.Order_Number__c === 'R-1')!;
    expect(body.errors[0].message).to.equal(row.EventUuid);
    const query = await fetch(
      `${org.instanceUrl}/services/data/v65.0/query?q=${encodeURIComponent('SELECT Id FROM Order_Event__e')}`,
      { headers: { Authorization: `Bearer ${org.accessToken}` } }
    );
    expect(query.status).to.equal(400);
  });
});
