/** System.scheduleBatch: a one-time CronTrigger that queues the batch when the org clock passes its time. */
import { expect } from 'chai';
import { runSoql, type LocalOrg } from '../../src/local-org/index.js';
import { runApexTests } from '../../src/local-org/apex/testing/runner.js';
import { createStoreDataLayer } from '../../src/local-org/org/apex-data-layer.js';
import { storeClock } from '../../src/local-org/org/runtime-collaborators.js';
import { isolateOrgData, storeJobHost } from '../../src/local-org/org/apex-tests.js';
import { Clock, openOrgStore } from '../../src/local-org/store/index.js';
import { count, notes, orgWithClasses, run, userDebug } from './helpers.js';

const CHUNKY = `
public class Chunky implements Database.Batchable<Integer> {
  public String label = 'later';
  public List<Integer> start(Database.BatchableContext bc) { return new List<Integer>{ 1, 2, 3 }; }
  public void execute(Database.BatchableContext bc, List<Integer> scope) { insert new Note__c(Name = label + ' ' + scope.size()); }
  public void finish(Database.BatchableContext bc) {}
}`;

async function advance(org: LocalOrg, advanceMs: number): Promise<void> {
  const r = await fetch(`${org.instanceUrl}/__local/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
    body: JSON.stringify({ advanceMs })
  });
  expect(r.status).to.equal(200);
}

describe('System.scheduleBatch (local runtime)', function () {
  this.timeout(60_000);
  let org: LocalOrg;
  before(async () => {
    org = await orgWithClasses({ Chunky: CHUNKY });
  });
  after(async () => {
    await org.stop();
  });

  it('stores a one-time CronTrigger minutesFromNow ahead and runs the batch (with its scope) once the clock passes it', async () => {
    const r = await run(
      org,
      "Chunky c = new Chunky(); c.label = 'sched'; System.debug(System.scheduleBatch(c, 'Later batch', 30, 2));"
    );
    expect(r.success, r.message).to.equal(true);
    const triggerId = userDebug(r.log)[0];
    const t = runSoql(
      org.store,
      `SELECT State, NextFireTime, CronExpression, CronJobDetail.Name FROM CronTrigger WHERE Id = '${triggerId}'`
    ).records[0];
    expect(t.State).to.equal('WAITING');
    expect(t.CronExpression).to.match(/^\d\d? 30 12 10 3 \? 2026$/); // the org clock runs: seconds vary
    expect(String(t.NextFireTime)).to.match(/^2026-03-10T12:30:/);
    expect((t.CronJobDetail as Record<string, unknown>).Name).to.equal('Later batch');
    const dup = await run(org, "System.scheduleBatch(new Chunky(), 'Later batch', 5);");
    expect(dup.message).to.equal(
      'System.AsyncException: The Apex job named "Later batch" is already scheduled for execution'
    );
    await advance(org, 29 * 60_000);
    await org.apex!.whenIdle();
    expect(notes(org, 'sched')).to.deep.equal([]);
    await advance(org, 2 * 60_000);
    await org.apex!.whenIdle();
    expect(notes(org, 'sched')).to.deep.equal(['sched 1', 'sched 2']);
    expect(count(org, `SELECT COUNT() FROM CronTrigger WHERE Id = '${triggerId}'`)).to.equal(0);
    expect(
      count(org, "SELECT COUNT() FROM AsyncApexJob WHERE JobType = 'BatchApex' AND Status = 'Completed'")
    ).to.equal(1);
  });

  it('System.abortJob with the returned id cancels it before it runs; minutesFromNow must be positive', async () => {
    const r = await run(
      org,
      "Chunky c = new Chunky(); c.label = 'aborted'; System.abortJob(System.scheduleBatch(c, 'Aborted batch', 10));"
    );
    expect(r.success, r.message).to.equal(true);
    await advance(org, 11 * 60_000);
    await org.apex!.whenIdle();
    expect(notes(org, 'aborted')).to.deep.equal([]);
    const zero = await run(org, "System.scheduleBatch(new Chunky(), 'Now batch', 0);");
    expect(zero.message).to.match(/^System\.InvalidParameterValueException: /);
  });

  it('in an Apex test, the scheduled batch runs at Test.stopTest', () => {
    const store = openOrgStore({ clock: new Clock('UTC', '2026-03-10T12:00:00Z') });
    try {
      store.defineObject({ ...store.object('Profile'), name: 'Widget__c', keyPrefix: 'a07', custom: true });
      const report = runApexTests({
        data: createStoreDataLayer(store),
        clock: storeClock(store),
        files: [
          {
            name: 'Stamp',
            body: `public class Stamp implements Database.Batchable<Integer> {
  public List<Integer> start(Database.BatchableContext bc) { return new List<Integer>{ 1, 2, 3 }; }
  public void execute(Database.BatchableContext bc, List<Integer> scope) { insert new Widget__c(Name = 'stamp ' + scope.size()); }
  public void finish(Database.BatchableContext bc) {}
}`
          },
          {
            name: 'Stamp_Tests',
            body: `@IsTest
private class Stamp_Tests {
  @IsTest static void runsAtStopTest() {
    Test.startTest();
    Id triggerId = System.scheduleBatch(new Stamp(), 'stamp job', 60, 3);
    Assert.areEqual(1, [SELECT COUNT() FROM CronTrigger WHERE Id = :triggerId]);
    Test.stopTest();
    Assert.areEqual('stamp 3', [SELECT Name FROM Widget__c].Name);
    Assert.areEqual(0, [SELECT COUNT() FROM CronTrigger WHERE Id = :triggerId]);
  }
}`
          }
        ],
        isolateOrgData: () => isolateOrgData(store),
        asyncHost: storeJobHost(store)
      });
      expect(report.results.map((x) => `${x.methodName}:${x.outcome}:${x.message}`)).to.deep.equal([
        'runsAtStopTest:Pass:null'
      ]);
    } finally {
      store.close();
    }
  });
});
