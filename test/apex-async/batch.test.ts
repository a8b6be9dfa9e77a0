/** Batch Apex on the local runtime: start/execute/finish, chunking, state, AsyncApexJob progress, errors. */
import { expect } from 'chai';
import type { LocalOrg } from '../../src/local-org/index.js';
import { count, deployClasses, eventRows, job, notes, orgWithClasses, run, userDebug } from './helpers.js';

const COUNTER = `
public class Counter implements Database.Batchable<SObject>, Database.Stateful {
  public Integer seen = 0;
  public Integer chunks = 0;
  public Database.QueryLocator start(Database.BatchableContext bc) {
    System.debug('start isBatch=' + System.isBatch() + ' session=' + UserInfo.getSessionId());
    return Database.getQueryLocator('SELECT Id, IsoCode FROM CurrencyType WHERE IsActive = true');
  }
  public void execute(Database.BatchableContext bc, List<SObject> scope) {
    seen += scope.size();
    chunks++;
    System.debug('execute ' + scope.size() + ' job=' + (bc.getJobId() != null));
  }
  public void finish(Database.BatchableContext bc) {
    insert new Note__c(Name = 'seen ' + seen + ' in ' + chunks);
  }
}`;

const FORGETFUL = `
public class Forgetful implements Database.Batchable<Integer> {
  public Integer seen = 0;
  public Iterable<Integer> start(Database.BatchableContext bc) {
    seen = 100;
    return new List<Integer>{ 1, 2, 3, 4, 5 };
  }
  public void execute(Database.BatchableContext bc, List<Integer> scope) {
    seen += scope.size();
    System.debug('seen ' + seen);
  }
  public void finish(Database.BatchableContext bc) {
    insert new Note__c(Name = 'forgetful ' + seen);
  }
}`;

const FAILING = `
public class Failing implements Database.Batchable<Integer>, Database.RaisesPlatformEvents {
  public List<Integer> start(Database.BatchableContext bc) {
    return new List<Integer>{ 1, 2, 3, 4 };
  }
  public void execute(Database.BatchableContext bc, List<Integer> scope) {
    insert new Note__c(Name = 'chunk ' + scope[0]);
    if (scope[0] == 3) throw new IllegalArgumentException('bad chunk ' + scope[0]);
  }
  public void finish(Database.BatchableContext bc) {}
}`;

async function settle(org: LocalOrg): Promise<void> {
  await org.apex!.whenIdle();
}

const BAD_START = `
public class BadStart implements Database.Batchable<Integer>, Database.RaisesPlatformEvents {
  public List<Integer> start(Database.BatchableContext bc) { throw new IllegalArgumentException('no scope'); }
  public void execute(Database.BatchableContext bc, List<Integer> scope) { insert new Note__c(Name = 'never'); }
  public void finish(Database.BatchableContext bc) { insert new Note__c(Name = 'never finish'); }
}`;

describe('Batch Apex (local runtime)', function () {
  this.timeout(60_000);
  let org: LocalOrg;
  before(async () => {
    org = await orgWithClasses({ Counter: COUNTER, Forgetful: FORGETFUL, Failing: FAILING, BadStart: BAD_START });
  });
  after(async () => {
    await org.stop();
  });

  it('returns an AsyncApexJob id, queues the job, and runs start, every chunk and finish after the caller commits', async () => {
    // The job is Queued when the caller commits; the Apex worker may start it before this thread reads it.
    const r = await run(
      org,
      "Id jobId = Database.executeBatch(new Counter(), 4);\nSystem.debug('job ' + jobId + ' ' + [SELECT Status FROM AsyncApexJob WHERE Id = :jobId].Status);"
    );
    expect(r.success, r.message).to.equal(true);
    const [, jobId, queued] = /job (707\w+) (\w+)/.exec(userDebug(r.log)[0]) ?? [];
    expect(jobId).to.be.a('string');
    expect(queued).to.equal('Queued');
    expect(job(org, jobId!).JobType).to.equal('BatchApex');
    await settle(org);
    const j = job(org, jobId!);
    const active = count(org, 'SELECT COUNT() FROM CurrencyType WHERE IsActive = true');
    expect(j).to.include({ Status: 'Completed', NumberOfErrors: 0, TotalJobItems: Math.ceil(active / 4) });
    expect(j.JobItemsProcessed).to.equal(Math.ceil(active / 4));
    expect(j.CompletedDate).to.be.a('string');
    expect(notes(org, 'seen')).to.deep.equal([`seen ${active} in ${Math.ceil(active / 4)}`]);
    const log = org.apex!.jobLogs.find((l) => l.jobId === jobId)!.lines.join('\n');
    expect(log).to.include('start isBatch=true session=null');
    expect(log).to.include('execute 4 job=true');
  });

  it('resets instance state to the post-start copy for each chunk unless Database.Stateful', async () => {
    const r = await run(org, 'Database.executeBatch(new Forgetful(), 2);');
    expect(r.success, r.message).to.equal(true);
    await settle(org);
    const lines = org.apex!.jobLogs[org.apex!.jobLogs.length - 1].lines.map((l) => l.replace(/^.*\|/, ''));
    expect(lines).to.deep.equal(['seen 102', 'seen 102', 'seen 101']);
    expect(notes(org, 'forgetful')).to.deep.equal(['forgetful 100']);
  });

  it('fails only the chunk that throws, counts it, keeps the other chunks, and publishes a BatchApexErrorEvent', async () => {
    const r = await run(org, "System.debug('id=' + Database.executeBatch(new Failing(), 1));");
    expect(r.success, r.message).to.equal(true);
    const jobId = /id=(\w+)/.exec(userDebug(r.log)[0])![1];
    await settle(org);
    expect(job(org, jobId)).to.include({
      Status: 'Completed',
      NumberOfErrors: 1,
      JobItemsProcessed: 4,
      TotalJobItems: 4,
      ExtendedStatus: 'First error: bad chunk 3'
    });
    expect(notes(org, 'chunk')).to.deep.equal(['chunk 1', 'chunk 2', 'chunk 4']);
    const events = eventRows(org, 'BatchApexErrorEvent').filter((e) => e.AsyncApexJobId === jobId);
    expect(events).to.have.length(1);
    expect(events[0]).to.include({
      AsyncApexJobId: jobId,
      ExceptionType: 'System.IllegalArgumentException',
      Message: 'bad chunk 3',
      JobScope: '3',
      Phase: 'EXECUTE'
    });
  });

  it('fails the whole job when start throws: no execute, no finish, a START-phase BatchApexErrorEvent', async () => {
    const r = await run(org, 'System.debug(Database.executeBatch(new BadStart()));');
    const jobId = userDebug(r.log)[0];
    await settle(org);
    expect(job(org, jobId)).to.include({
      Status: 'Failed',
      NumberOfErrors: 1,
      ExtendedStatus: 'First error: no scope'
    });
    expect(notes(org, 'never')).to.deep.equal([]);
    const events = eventRows(org, 'BatchApexErrorEvent').filter((e) => e.AsyncApexJobId === jobId);
    expect(events.map((e) => [e.Phase, e.Message])).to.deep.equal([['START', 'no scope']]);
  });

  it('does not run a job whose enqueuing transaction rolled back', async () => {
    const before = count(org, 'SELECT COUNT() FROM AsyncApexJob');
    const r = await run(org, 'Database.executeBatch(new Counter());\nInteger x = 1 / 0;');
    expect(r.success).to.equal(false);
    expect(r.message).to.equal('System.MathException: Divide by 0');
    await settle(org);
    expect(count(org, 'SELECT COUNT() FROM AsyncApexJob')).to.equal(before);
  });

  it('holds a sixth concurrent batch job in the flex queue until one of the five finishes', async () => {
    const r = await run(
      org,
      "List<Id> ids = new List<Id>();\nfor (Integer i = 0; i < 6; i++) ids.add(Database.executeBatch(new Forgetful(), 1));\nSystem.debug(String.join(ids, ','));\nList<String> statuses = new List<String>();\nfor (Id jobId : ids) statuses.add([SELECT Status FROM AsyncApexJob WHERE Id = :jobId].Status);\nSystem.debug(String.join(statuses, ','));"
    );
    expect(r.success, r.message).to.equal(true);
    const ids = userDebug(r.log)[0].split(',');
    // As the enqueuing transaction commits them (the Apex worker may start them before this thread reads).
    expect(userDebug(r.log)[1].split(',')).to.deep.equal(['Queued', 'Queued', 'Queued', 'Queued', 'Queued', 'Holding']);
    await settle(org);
    expect(ids.map((id) => job(org, id).Status)).to.deep.equal(Array(6).fill('Completed'));
  });

  it('rejects Database.executeBatch from inside a batch execute', async () => {
    deployClasses(org, {
      Nested: `public class Nested implements Database.Batchable<Integer> {
        public List<Integer> start(Database.BatchableContext bc) { return new List<Integer>{ 1 }; }
        public void execute(Database.BatchableContext bc, List<Integer> scope) { Database.executeBatch(new Forgetful()); }
        public void finish(Database.BatchableContext bc) {}
      }`
    });
    const r = await run(org, "System.debug('id=' + Database.executeBatch(new Nested()));");
    expect(r.success, r.message).to.equal(true);
    const jobId = /id=(\w+)/.exec(userDebug(r.log)[0])![1];
    await settle(org);
    expect(job(org, jobId).ExtendedStatus).to.equal(
      'First error: Database.executeBatch cannot be called from a batch start, batch execute, or future method.'
    );
  });
});
