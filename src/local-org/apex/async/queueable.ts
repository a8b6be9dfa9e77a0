/**
 * Queueable Apex: System.enqueueJob(queueable) stores an AsyncApexJob (JobType Queueable, Status Queued)
 * and hands the job to the host, which runs `execute(QueueableContext)` after the calling transaction
 * commits, in its own transaction with System.isQueueable() true.
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_queueing_jobs.htm
 * Limits: 50 jobs per synchronous transaction, 1 from an asynchronous one ("Execution Governors and Limits").
 */
// The library first: these entries replace the "not supported" ones library/platform.ts registers.
import '../library/index.js';
import { topClass } from '../class-table.js';
import { defineStatic } from '../library/registry.js';
import { ApexObject } from '../values.js';
import { implementsInterface } from './batch.js';
import { asyncContextOf, asyncHostOf } from './context.js';

defineStatic('Limits', {
  getQueueableJobs: [0, (it) => it.transaction.queueablesEnqueued],
  getLimitQueueableJobs: [0, (it) => (asyncContextOf(it) ? 1 : 50)]
});

defineStatic('System', {
  enqueueJob: [
    [1, 2],
    (it, [job], ctx) => {
      if (job === null) return it.npe();
      if (!(job instanceof ApexObject) || !implementsInterface(job.cls, 'Queueable'))
        return it.throwApex('TypeException', 'System.enqueueJob expects an object that implements Queueable');
      const max = asyncContextOf(it) ? 1 : 50;
      const n = it.transaction.queueablesEnqueued + 1;
      if (n > max) return it.throwApex('LimitException', `Too many queueable jobs added to the queue: ${n}`);
      it.transaction.queueablesEnqueued = n;
      const host = asyncHostOf(it, 'System.enqueueJob', ctx);
      const jobId = host.createJob({
        JobType: 'Queueable',
        Status: 'Queued',
        ApexClassId: host.apexClassId(topClass(job.cls).name),
        JobItemsProcessed: 0,
        TotalJobItems: 1,
        NumberOfErrors: 0
      });
      host.enqueue({ kind: 'queueable', jobId, instance: job });
      return jobId;
    }
  ]
});
