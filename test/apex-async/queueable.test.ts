/** Queueable Apex on the local runtime: System.enqueueJob, execution after commit, chaining limit, failures. */
import { expect } from 'chai';
import type { LocalOrg } from '../../src/local-org/index.js';
import { job, notes, orgWithClasses, run, userDebug } from './helpers.js';

const STEP = `
public class Step implements Queueable {
  private Integer n;
  public Step(Integer n) { this.n = n; }
  public void execute(QueueableContext ctx) {
    System.debug('queueable=' + System.isQueueable() + ' batch=' + System.isBatch() + ' session=' + UserInfo.getSessionId());
    insert new Note__c(Name = 'step ' + n);
    if (n < 3) System.enqueueJob(new Step(n + 1));
  }
}`;

const GREEDY = `
public class Greedy implements Queueable {
  public void execute(QueueableContext ctx) {
    System.enqueueJob(new Step(10));
    System.enqueueJob(new Step(20));
  }
}`;

describe('Queueable Apex (local runtime)', function () {
  this.timeout(60_000);
  let org: LocalOrg;
  before(async () => {
    org = await orgWithClasses({ Step: STEP, Greedy: GREEDY });
  });
  after(async () => {
    await org.stop();
  });

  it('enqueues an AsyncApexJob that runs after the caller commits, and chains one child job per execution', async () => {
    // What the enqueuing transaction commits: the Apex worker may run the job before this thread reads it.
    const r = await run(
      org,
      "Id jobId = System.enqueueJob(new Step(1));\nSystem.debug(jobId);\nAsyncApexJob j = [SELECT JobType, Status FROM AsyncApexJob WHERE Id = :jobId];\nSystem.debug(j.JobType + ' ' + j.Status + ' ' + [SELECT COUNT() FROM Note__c WHERE Name LIKE 'step%']);"
    );
    expect(r.success, r.message).to.equal(true);
    const jobId = userDebug(r.log)[0];
    expect(userDebug(r.log)[1]).to.equal('Queueable Queued 0');
    await org.apex!.whenIdle();
    await org.apex!.whenIdle();
    expect(notes(org, 'step')).to.deep.equal(['step 1', 'step 2', 'step 3']);
    expect(job(org, jobId)).to.include({ Status: 'Completed', NumberOfErrors: 0 });
    const log = org.apex!.jobLogs.find((l) => l.jobId === jobId)!.lines.join('\n');
    expect(log).to.include('queueable=true batch=false session=null');
  });

  it('allows one child job from a queueable: the second enqueueJob is a LimitException that fails the job', async () => {
    const r = await run(org, 'System.debug(System.enqueueJob(new Greedy()));');
    const jobId = userDebug(r.log)[0];
    await org.apex!.whenIdle();
    expect(job(org, jobId)).to.include({
      Status: 'Failed',
      ExtendedStatus: 'System.LimitException: Too many queueable jobs added to the queue: 2'
    });
    expect(notes(org, 'step 10')).to.deep.equal([]);
  });
});
