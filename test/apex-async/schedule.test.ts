/** Scheduled Apex on the local runtime: System.schedule, CronTrigger rows, firing on clock moves, abortJob. */
import { expect } from 'chai';
import { runSoql, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { nextFireTime, parseCron } from '../../src/local-org/apex/async/index.js';
import { count, notes, orgWithClasses, run, userDebug } from './helpers.js';

const NIGHTLY = `
public class Nightly implements Schedulable {
  public String label = 'night';
  public void execute(SchedulableContext sc) {
    System.debug('scheduled=' + System.isScheduled() + ' batch=' + System.isBatch() + ' trigger=' + (sc.getTriggerId() != null));
    insert new Note__c(Name = label + ' ' + Date.today());
    Database.executeBatch(new Chunky(), 100);
  }
}`;

const CHUNKY = `
public class Chunky implements Database.Batchable<Integer> {
  public List<Integer> start(Database.BatchableContext bc) { return new List<Integer>{ 1, 2, 3 }; }
  public void execute(Database.BatchableContext bc, List<Integer> scope) { insert new Note__c(Name = 'chunky ' + scope.size()); }
  public void finish(Database.BatchableContext bc) {}
}`;

async function advance(org: LocalOrg, body: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${org.instanceUrl}/__local/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
    body: JSON.stringify(body)
  });
  expect(r.status).to.equal(200);
}

describe('Scheduled Apex (local runtime)', function () {
  this.timeout(60_000);
  let org: LocalOrg;
  before(async () => {
    org = await orgWithClasses({ Nightly: NIGHTLY, Chunky: CHUNKY });
  });
  after(async () => {
    await org.stop();
  });

  it('computes next fire times in a time zone (cron fields, lists, ranges, increments, L)', () => {
    const at = Date.parse('2026-03-10T12:00:00Z');
    const iso = (cron: string, tz = 'UTC'): string | null => {
      const n = nextFireTime(parseCron(cron), at, tz);
      return n === null ? null : new Date(n).toISOString();
    };
    expect(iso('0 0 1 * * ?', 'America/Los_Angeles')).to.equal('2026-03-11T08:00:00.000Z');
    expect(iso('0 30 9 ? * MON-FRI')).to.equal('2026-03-11T09:30:00.000Z');
    expect(iso('0 0/15 * * * ?')).to.equal('2026-03-10T12:15:00.000Z');
    expect(iso('0 0 0 L * ?')).to.equal('2026-03-31T00:00:00.000Z');
    expect(iso('0 0 12 1 JAN ? 2027')).to.equal('2027-01-01T12:00:00.000Z');
    expect(iso('0 0 12 1 JAN ? 2020')).to.equal(null);
    expect(() => parseCron('0 0 1 * * *')).to.throw(/one and only one of Day_of_month and Day_of_week/);
    expect(() => parseCron('0 61 1 * * ?')).to.throw(/Minutes value out of range/);
  });

  it('schedules: CronTrigger WAITING with NextFireTime, CronJobDetail name and JobType 7; a duplicate name fails', async () => {
    const r = await run(org, "System.debug(System.schedule('Nightly job', '0 0 1 * * ?', new Nightly()));");
    expect(r.success, r.message).to.equal(true);
    const triggerId = userDebug(r.log)[0];
    const t = runSoql(
      org.store,
      `SELECT State, NextFireTime, CronExpression, TimesTriggered, CronJobDetail.Name, CronJobDetail.JobType FROM CronTrigger WHERE Id = '${triggerId}'`
    ).records[0];
    expect(t).to.include({ State: 'WAITING', CronExpression: '0 0 1 * * ?', TimesTriggered: 0 });
    expect(String(t.NextFireTime)).to.match(/^2026-03-11T01:00:00/);
    expect(t.CronJobDetail).to.include({ Name: 'Nightly job', JobType: '7' });
    const dup = await run(org, "System.schedule('Nightly job', '0 0 2 * * ?', new Nightly());");
    expect(dup.message).to.equal(
      'System.AsyncException: The Apex job named "Nightly job" is already scheduled for execution'
    );
    const bad = await run(org, "System.schedule('Other', '0 0 1 * *', new Nightly());");
    expect(bad.message).to.match(/^System\.StringException: Invalid cron expression/);
  });

  it('fires a due job when the clock moves: execute runs as scheduled Apex, its batch then runs', async () => {
    await advance(org, { advanceMs: 12 * 3600_000 + 60_000 }); // 2026-03-11T00:01Z: not yet due
    expect(notes(org, 'night')).to.deep.equal([]);
    await advance(org, { advanceMs: 3600_000 }); // 01:01Z: due
    await org.apex!.whenIdle();
    expect(notes(org, 'night')).to.deep.equal(['night 2026-03-11 00:00:00']);
    expect(notes(org, 'chunky')).to.deep.equal(['chunky 3']);
    const log = org.apex!.scheduler.logs.at(-1)!.lines.join('\n');
    expect(log).to.include('scheduled=true batch=false trigger=true');
    const t = runSoql(org.store, 'SELECT State, TimesTriggered, NextFireTime, PreviousFireTime FROM CronTrigger')
      .records[0];
    expect(t).to.include({ State: 'WAITING', TimesTriggered: 1 });
    expect(String(t.NextFireTime)).to.match(/^2026-03-12T01:00:00/);
    expect(String(t.PreviousFireTime)).to.match(/^2026-03-11T01:00:00/);
    expect(
      count(org, "SELECT COUNT() FROM AsyncApexJob WHERE JobType = 'ScheduledApex' AND Status = 'Completed'")
    ).to.equal(1);
  });

  it('System.abortJob removes the scheduled job; the name can then be reused', async () => {
    const r = await run(
      org,
      "CronTrigger ct = [SELECT Id FROM CronTrigger WHERE CronJobDetail.Name = 'Nightly job'];\nSystem.abortJob(ct.Id);\nSystem.debug([SELECT COUNT() FROM CronTrigger]);\nSystem.schedule('Nightly job', '0 0 3 * * ?', new Nightly());"
    );
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['0']);
    expect(count(org, 'SELECT COUNT() FROM CronTrigger')).to.equal(1);
  });

  it('uses the org time zone for NextFireTime', async () => {
    const la = await startLocalOrg({ clock: { now: '2026-03-10T12:00:00Z', timeZone: 'America/Los_Angeles' } });
    try {
      la.store.insert(
        'ApexClass',
        {
          Name: 'Tick',
          Body: 'public class Tick implements Schedulable { public void execute(SchedulableContext sc) {} }',
          ApiVersion: 65,
          Status: 'Active'
        },
        { system: true }
      );
      const r = await run(la, "System.schedule('tick', '0 0 1 * * ?', new Tick());");
      expect(r.success, r.message).to.equal(true);
      const t = runSoql(la.store, 'SELECT NextFireTime, TimeZoneSidKey FROM CronTrigger').records[0];
      expect(t.TimeZoneSidKey).to.equal('America/Los_Angeles');
      expect(String(t.NextFireTime)).to.match(/^2026-03-11T08:00:00/);
    } finally {
      await la.stop();
    }
  });
});
