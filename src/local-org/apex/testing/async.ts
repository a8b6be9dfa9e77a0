/**
 * Asynchronous Apex inside Apex tests: batch jobs (Database.executeBatch) and queueable jobs
 * (System.enqueueJob) a test enqueues and jobs it schedules (System.schedule, System.scheduleBatch) are held in the test's queue and run synchronously at Test.stopTest, each step
 * in its own nested transaction, all rolled back with the test ("Using the startTest and stopTest Methods",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_testing_tools_start_stop_test.htm).
 * Jobs still queued when a test ends without calling stopTest are dropped. Job rows (AsyncApexJob,
 * CronTrigger) go through the org's host, inside the test's transaction.
 */
import {
  BatchRun,
  deepClone,
  runAsyncTransaction,
  runFutureJob,
  type AsyncHost,
  type PhaseFailure,
  type PhaseResult,
  type QueuedJob
} from '../async/index.js';
import { isExceptionClass } from '../class-table.js';
import { ApexThrow } from '../errors.js';
import { callUserMethod } from '../calls.js';
import type { Interpreter } from '../interpreter.js';
import { activate, type ApexRuntime } from '../runtime.js';
import { ApexNative, type ApexObject } from '../values.js';
import { registerStopTestDrain } from './context.js';

type Pending =
  | QueuedJob
  | {
      readonly kind: 'scheduled';
      readonly jobId: string;
      readonly instance: ApexObject;
      /** System.scheduleBatch: at Test.stopTest the batch is queued (its trigger removed) and runs. */
      readonly batchScope?: number;
    };

export class TestJobQueue {
  private jobs: Pending[] = [];
  runtime: ApexRuntime | null = null;
  /** Debug lines and failures of the jobs run for the current test (USER_DEBUG lines, "FATAL_ERROR|…"). */
  log: string[] = [];

  constructor(private readonly base: AsyncHost | undefined) {}

  /** The host the test runtime's data layer is registered with. */
  readonly host: AsyncHost = {
    createJob: (fields) => this.need('createJob').createJob(fields),
    updateJob: (id, fields) => {
      if (typeof fields.ExtendedStatus === 'string' && !this.log.includes(`JOB_ERROR|${fields.ExtendedStatus}`))
        this.log.push(`JOB_ERROR|${fields.ExtendedStatus}`);
      this.need('updateJob').updateJob(id, fields);
    },
    countJobs: (type, statuses) => this.need('countJobs').countJobs(type, statuses),
    apexClassId: (name) => this.need('apexClassId').apexClassId(name),
    publishEvent: (type, fields) => this.need('publishEvent').publishEvent(type, fields),
    enqueue: (job) => {
      this.jobs.push(job);
    },
    scheduleJob: (r) => {
      const base = this.need('scheduleJob');
      if (!base.scheduleJob) throw new Error("the org's job host cannot schedule Apex");
      const id = base.scheduleJob(r);
      this.jobs.push({ kind: 'scheduled', jobId: id, instance: r.instance, batchScope: r.batchScope });
      return id;
    },
    scheduledJobId: (name) => this.need('scheduledJobId').scheduledJobId?.(name) ?? null,
    countScheduledJobs: () => this.need('countScheduledJobs').countScheduledJobs?.() ?? 0,
    abortJob: (id) => {
      this.jobs = this.jobs.filter((j) => j.jobId !== id);
      return this.need('abortJob').abortJob?.(id) ?? false;
    }
  };

  private need(what: string): AsyncHost {
    if (!this.base) throw new Error(`asynchronous Apex in tests needs the org's job host (${what})`);
    return this.base;
  }

  private runQueueable(runtime: ApexRuntime, jobId: string, instance: ApexObject): PhaseResult {
    return queueable(this.host, runtime, jobId, instance);
  }

  /** Whether jobs are waiting (run at the end of a test that did not call Test.stopTest). */
  get pending(): boolean {
    return this.jobs.length > 0;
  }

  /** Forgets jobs left by the previous test. */
  reset(): void {
    this.jobs = [];
    this.log = [];
  }

  /**
   * Runs every queued job (and jobs they queue, e.g. from finish) to completion. Each step is its own
   * transaction with fresh limits but shares the test's static variables, as jobs run at Test.stopTest do.
   */
  drain(it: Interpreter): void {
    const runtime = this.runtime!;
    let last: Interpreter | null = null;
    const shared = Object.create(runtime) as ApexRuntime;
    shared.newInterpreter = (options) => {
      const n = runtime.newInterpreter(options);
      n.adoptStatics(it);
      last = n;
      return n;
    };
    const pullBack = (): void => {
      if (last) it.adoptStatics(last);
    };
    try {
      while (this.jobs.length) {
        const job = this.jobs.shift()!;
        if (job.kind === 'scheduled' && job.batchScope !== undefined) {
          this.base?.abortJob?.(job.jobId);
          const jobId = this.host.createJob({
            JobType: 'BatchApex',
            Status: 'Queued',
            ApexClassId: this.host.apexClassId(job.instance.cls.name),
            JobItemsProcessed: 0,
            TotalJobItems: 0,
            NumberOfErrors: 0
          });
          this.jobs.unshift({ kind: 'batch', jobId, instance: deepClone(job.instance), scope: job.batchScope });
          continue;
        }
        if (job.kind === 'scheduled') {
          const r = runScheduled(shared, job.jobId, job.instance);
          this.log.push(...r.debug);
          pullBack();
          if (r.failure) rethrow(it, r.failure);
          continue;
        }
        if (job.kind === 'queueable') {
          const r = this.runQueueable(shared, job.jobId, job.instance);
          this.log.push(...r.debug);
          pullBack();
          if (r.failure) rethrow(it, r.failure);
          continue;
        }
        if (job.kind === 'future') {
          const r = runFutureJob(shared, this.host, job, () => runtime.clock.now());
          this.log.push(...r.debug);
          pullBack();
          if (r.failure) rethrow(it, r.failure);
          continue;
        }
        if (job.kind !== 'batch') it.throwUnsupported(`${(job as { kind: string }).kind} jobs at Test.stopTest`);
        const run = new BatchRun(shared, this.host, job.jobId, job.instance, job.scope);
        let more = run.begin();
        pullBack();
        while (more && !run.lastFailure) {
          more = run.step();
          pullBack();
        }
        this.log.push(...run.log);
        // An exception in a job run by a test is passed to the test (after stopTest) and fails it; the job
        // stops there (finish does not run). https://salesforce.stackexchange.com/questions/268192
        if (run.lastFailure) rethrow(it, run.lastFailure);
      }
    } finally {
      activate(it);
    }
  }
}

/** A queued job's execute(QueueableContext), with its AsyncApexJob row kept current. */
function queueable(host: AsyncHost, runtime: ApexRuntime, jobId: string, instance: ApexObject): PhaseResult {
  host.updateJob(jobId, { Status: 'Processing' });
  const context = new ApexNative(
    'System.QueueableContext',
    { getjobid: () => jobId },
    `QueueableContextImpl[${jobId}]`
  );
  const copy = deepClone(instance);
  const r = runAsyncTransaction(runtime, { kind: 'queueable', jobId }, copy.cls, (it) => {
    callUserMethod(it, copy, 'execute', [context]);
  });
  host.updateJob(jobId, {
    Status: r.failure ? 'Failed' : 'Completed',
    JobItemsProcessed: 1,
    NumberOfErrors: r.failure ? 1 : 0,
    ExtendedStatus: r.failure ? `${r.failure.type}: ${r.failure.message}`.slice(0, 255) : null,
    CompletedDate: new Date(runtime.clock.now()).toISOString()
  });
  return r;
}

/** Raises a job's failure in the test: same exception type (built-in or user-defined) and message. */
function rethrow(it: Interpreter, f: PhaseFailure): never {
  const cls = it.findClass(f.type, null) ?? it.findClass(f.type.replace(/^System\./, ''), null);
  if (cls && isExceptionClass(cls)) throw new ApexThrow(it.newException(cls, f.message));
  return it.throwApex('UnexpectedException', `${f.type}: ${f.message}`);
}

/** A scheduled job's execute(SchedulableContext), once, as Test.stopTest runs it. */
function runScheduled(runtime: ApexRuntime, triggerId: string, instance: ApexObject): PhaseResult {
  const ctx = new ApexNative(
    'System.SchedulableContext',
    { gettriggerid: () => triggerId, getjobid: () => triggerId },
    `SchedulableContextImpl[${triggerId}]`
  );
  const copy = deepClone(instance);
  return runAsyncTransaction(runtime, { kind: 'scheduled', jobId: triggerId }, copy.cls, (it) => {
    callUserMethod(it, copy, 'execute', [ctx]);
  });
}

let current: TestJobQueue | null = null;
registerStopTestDrain((it) => current?.drain(it));

/** Makes `q` the queue Test.stopTest drains (the test runtime received `q.host` as its job host). */
export function attachTestJobQueue(q: TestJobQueue): TestJobQueue {
  current = q;
  return q;
}
