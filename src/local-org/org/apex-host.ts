/**
 * Plugs the Apex runtime into the local org: an ApexRuntime given the org's collaborators (the store's
 * data layer, the org clock, permissions, this job host and the callout host) with the deployed classes (recompiled whenever the ApexClass rows change), the executeAnonymous hook, and the
 * asynchronous job host that runs batch jobs after the enqueuing transaction commits, one step per
 * event-loop turn so pollers see progress (at most MAX_ACTIVE_BATCH_JOBS at a time, the rest Holding).
 */
import { executeAnonymous, type ApexRuntime } from '../apex/index.js';
import { asyncLogBody, type DebugLogs } from './debug-logs.js';
import { callUserMethod } from '../apex/calls.js';
import { topClass } from '../apex/class-table.js';
import { ApexNative, type ApexObject } from '../apex/values.js';
import {
  BatchRun,
  deepClone,
  runAsyncTransaction,
  runFutureJob,
  ACTIVE_STATUSES,
  MAX_ACTIVE_BATCH_JOBS,
  type AsyncHost,
  type QueuedJob
} from '../apex/async/index.js';
import type { CalloutHost } from '../apex/callouts/index.js';
import type { DmlRowResult } from '../apex/data-layer.js';
import { runApiWrite, type ApiWrite } from '../apex/triggers/api.js';
import type { RuntimeCollaborators } from '../apex/collaborators.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';
import { orgCollaborators } from './runtime-collaborators.js';
import { ApexScheduler } from './apex-scheduler.js';
import { OrgEventBus } from './event-bus.js';
import { deliverBatch, eventSubscribers, type InvocationReport } from '../apex/events/index.js';
import { storeJobRows } from './apex-job-rows.js';
import { subscriberSettings } from './event-subscriber-config.js';
import type { AnonymousExecutor } from './anonymous.js';
import { ApexClassesCompileError, DeployedRuntime } from './deployed-runtime.js';

export { ApexClassesCompileError } from './deployed-runtime.js';

export interface ApexJobLog {
  readonly jobId: string;
  readonly lines: readonly string[];
}

export class ApexHost {
  private readonly deployed: DeployedRuntime;
  private sessionId: string | null = null;
  private readonly waiting: BatchRun[] = [];
  private readonly running: BatchRun[] = [];
  private readonly queueables: { jobId: string; instance: ApexObject }[] = [];
  /** @future calls waiting for the pump (run like queueables, in enqueue order). */
  private readonly futures: Extract<QueuedJob, { kind: 'future' }>[] = [];
  private pumping = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  /** Debug lines of finished jobs, newest last (kept for the last 50 jobs). */
  readonly jobLogs: ApexJobLog[] = [];
  readonly asyncHost: AsyncHost;
  readonly scheduler: ApexScheduler;
  /** What every runtime of this org receives. */
  readonly collaborators: RuntimeCollaborators;
  private readonly calloutStats: { callouts: number } | null;
  private readonly debugLogs?: DebugLogs;
  /** The org's event bus as this worker publishes to it and delivers from it. */
  readonly eventBus: OrgEventBus;
  /** Platform event trigger invocations of this worker, newest last (the last 50). */
  readonly eventDeliveries: InvocationReport[] = [];

  /**
   * `callouts`: lets Http.send reach named credentials, this org's own API and external fixtures (callouts.ts);
   * `debugLogs`: records an ApexLog per transaction while a trace flag traces the user.
   */
  constructor(
    private readonly store: Store,
    options: { callouts?: CalloutHost & { readonly stats?: { callouts: number } }; debugLogs?: DebugLogs } = {}
  ) {
    const { callouts } = options;
    this.debugLogs = options.debugLogs;
    this.scheduler = new ApexScheduler(
      store,
      () => this.currentRuntime(),
      (instance, scope) => this.startScheduledBatch(instance, scope)
    );
    this.eventBus = new OrgEventBus(store, { onPublished: () => this.schedule() });
    const rows = storeJobRows(store);
    const host: AsyncHost = {
      ...rows,
      publishEvent: (type, fields) => {
        rows.publishEvent(type, fields);
        this.schedule();
      },
      enqueue: (job) => this.enqueue(job),
      scheduleJob: (r) => this.scheduler.schedule(r),
      scheduledJobId: (name) => this.scheduler.jobIdByName(name),
      countScheduledJobs: () => this.scheduler.count(),
      abortJob: (id) => this.abortJob(id)
    };
    this.asyncHost = host;
    this.collaborators = orgCollaborators(store, {
      sessionId: () => this.sessionId,
      async: host,
      callouts,
      events: this.eventBus
    });
    this.deployed = new DeployedRuntime(store, this.collaborators);
    this.calloutStats = callouts?.stats ?? null;
  }

  /** The data layer the org's runtimes share. */
  get data() {
    return this.collaborators.data;
  }

  /** Callouts made by Apex in this org so far (HTTP requests sent, 401 retries included). */
  get calloutsMade(): number {
    return this.calloutStats?.callouts ?? 0;
  }

  /** The runtime over the currently deployed classes (recompiled when ApexClass rows changed). */
  currentRuntime(): ApexRuntime {
    return this.deployed.current();
  }

  /** The executeAnonymous hook of startLocalOrg. */
  readonly executeAnonymous: AnonymousExecutor = (code, context) => {
    let runtime: ApexRuntime;
    try {
      runtime = this.currentRuntime();
    } catch (e) {
      if (!(e instanceof ApexClassesCompileError)) throw e;
      const p = e.problems[0];
      return Promise.resolve({
        compiled: false,
        compileProblem: `${e.message}`,
        success: false,
        line: p?.line ?? -1,
        column: p?.column ?? -1,
        log: ''
      });
    }
    this.sessionId = context?.sessionId ?? null;
    try {
      const startMs = this.store.clock.now().getTime();
      const r = executeAnonymous(code, { runtime });
      if (r.compiled)
        this.debugLogs?.record({
          userId: this.store.userId,
          operation: 'APEXSOAP',
          request: 'API',
          status: r.success ? 'Success' : (r.exceptionMessage ?? 'Failed'),
          startMs,
          endMs: this.store.clock.now().getTime(),
          body: r.debugLog
        });
      return Promise.resolve({
        compiled: r.compiled,
        compileProblem: r.compileProblem ?? undefined,
        success: r.success,
        exceptionMessage: r.exceptionMessage ?? undefined,
        exceptionStackTrace: r.exceptionStackTrace ?? undefined,
        line: r.line,
        column: r.column,
        log: r.debugLog
      });
    } finally {
      this.sessionId = null;
    }
  };

  /** An API write on objects with active triggers: the write and the triggers in one transaction. */
  apiWrite(write: ApiWrite): DmlRowResult[] {
    return runApiWrite(this.currentRuntime(), write);
  }

  private enqueue(job: QueuedJob): void {
    if (job.kind === 'future') {
      this.futures.push(job);
      this.schedule();
      return;
    }
    if (job.kind === 'queueable') {
      this.queueables.push({ jobId: job.jobId, instance: deepClone(job.instance) });
      this.schedule();
      return;
    }
    const runtime = this.currentRuntime();
    this.waiting.push(new BatchRun(runtime, this.asyncHost, job.jobId, job.instance, job.scope));
    this.schedule();
  }

  /** Runs a delivery turn soon (events were published through the API, or by another worker). */
  deliverEvents(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => this.pump());
  }

  private status(jobId: string): string | null {
    const r = runSoql(this.store, 'SELECT Status FROM AsyncApexJob WHERE Id = :id', { binds: { id: jobId } });
    return (r.records[0]?.Status as string | undefined) ?? null;
  }

  /** One turn: admit waiting jobs (dropping those whose enqueuing transaction rolled back), step each running job once. */
  private pump(): void {
    this.pumping = false;
    if (this.stopped) return;
    this.eventBus.flush();
    for (let i = 0; i < this.waiting.length;) {
      const run = this.waiting[i];
      const status = this.status(run.jobId);
      if (status === null || status === 'Aborted') {
        this.waiting.splice(i, 1);
        continue;
      }
      if (this.running.length < MAX_ACTIVE_BATCH_JOBS) {
        this.waiting.splice(i, 1);
        if (status === 'Holding') this.asyncHost.updateJob(run.jobId, { Status: 'Queued' });
        this.running.push(run);
        continue;
      }
      i++;
    }
    for (const q of this.queueables.splice(0)) this.runQueueable(q.jobId, q.instance);
    for (const f of this.futures.splice(0)) this.runFuture(f);
    for (const run of [...this.running]) {
      let more: boolean;
      const logged = run.log.length;
      const startMs = this.store.clock.now().getTime();
      if (this.status(run.jobId) === 'Aborted') more = false;
      else if (!run.started) more = run.begin();
      else more = run.step();
      if (run.log.length > logged || run.lastFailure)
        this.recordAsyncLog('BatchApex', startMs, run.log.slice(logged), run.lastFailure);
      if (!more) {
        this.running.splice(this.running.indexOf(run), 1);
        this.jobLogs.push({ jobId: run.jobId, lines: run.log });
        if (this.jobLogs.length > 50) this.jobLogs.shift();
      }
    }
    const delivered = this.deliverTurn();
    if (
      delivered ||
      this.eventBus.holding ||
      this.running.length ||
      this.waiting.length ||
      this.queueables.length ||
      this.futures.length
    )
      this.schedule();
    else {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /**
   * One batch to every subscriber that has undelivered events (events/deliver.ts); true when any ran, so
   * the pump comes back for the rest (and for retries).
   */
  private deliverTurn(): boolean {
    this.eventBus.flush();
    const types = this.eventBus.eventTypes();
    if (!types.length) return false;
    let runtime: ApexRuntime;
    try {
      runtime = this.currentRuntime();
    } catch (e) {
      if (e instanceof ApexClassesCompileError) return false;
      throw e;
    }
    let any = false;
    const created = (name: string): string | undefined =>
      runSoql(this.store, 'SELECT CreatedDate FROM ApexTrigger WHERE Name = :n', { binds: { n: name } }).records[0]
        ?.CreatedDate as string | undefined;
    for (const type of types) {
      for (const found of eventSubscribers(runtime, type)) {
        const sub = { ...found, since: created(found.name), ...subscriberSettings(this.store, found.name) };
        const startMs = this.store.clock.now().getTime();
        const r = deliverBatch(runtime, this.eventBus, type, sub);
        if (!r) continue;
        any = true;
        this.eventDeliveries.push(r);
        if (this.eventDeliveries.length > 50) this.eventDeliveries.shift();
        this.recordAsyncLog('PlatformEventTrigger', startMs, r.debug, r.failure);
      }
    }
    return any;
  }

  /** Runs a queueable job (unless its enqueuing transaction rolled back or it was aborted). */
  private runQueueable(jobId: string, instance: ApexObject): void {
    const status = this.status(jobId);
    if (status !== 'Queued') return;
    this.asyncHost.updateJob(jobId, { Status: 'Processing' });
    const startMs = this.store.clock.now().getTime();
    const context = new ApexNative(
      'System.QueueableContext',
      { getjobid: () => jobId },
      `QueueableContextImpl[${jobId}]`
    );
    const r = runAsyncTransaction(this.currentRuntime(), { kind: 'queueable', jobId }, instance.cls, (it) => {
      callUserMethod(it, instance, 'execute', [context]);
    });
    this.jobLogs.push({ jobId, lines: r.debug });
    if (this.jobLogs.length > 50) this.jobLogs.shift();
    this.recordAsyncLog('Queueable', startMs, r.debug, r.failure);
    this.asyncHost.updateJob(jobId, {
      Status: r.failure ? 'Failed' : 'Completed',
      JobItemsProcessed: 1,
      NumberOfErrors: r.failure ? 1 : 0,
      ExtendedStatus: r.failure ? `${r.failure.type}: ${r.failure.message}`.slice(0, 255) : null,
      CompletedDate: this.store.clock.now().toISOString()
    });
  }

  /** Runs an @future call (unless its enqueuing transaction rolled back or it was aborted). */
  private runFuture(job: Extract<QueuedJob, { kind: 'future' }>): void {
    if (this.status(job.jobId) !== 'Queued') return;
    const startMs = this.store.clock.now().getTime();
    const r = runFutureJob(this.currentRuntime(), this.asyncHost, job, () => this.store.clock.now().getTime());
    this.jobLogs.push({ jobId: job.jobId, lines: r.debug });
    if (this.jobLogs.length > 50) this.jobLogs.shift();
    this.recordAsyncLog('FutureHandler', startMs, r.debug, r.failure);
  }

  /** One ApexLog for an asynchronous transaction (when a trace flag traces the org's user). */
  private recordAsyncLog(
    operation: string,
    startMs: number,
    lines: readonly string[],
    failure: { type: string; message: string } | null
  ): void {
    if (!this.debugLogs) return;
    const fatal = failure ? `${failure.type}: ${failure.message}` : null;
    this.debugLogs.record({
      userId: this.store.userId,
      operation,
      request: 'Application',
      status: fatal ?? 'Success',
      startMs,
      endMs: this.store.clock.now().getTime(),
      body: asyncLogBody('65.0', startMs, operation, lines, fatal)
    });
  }

  /** A System.scheduleBatch trigger fired: its batch joins the queue (Holding past the active batch jobs). */
  private startScheduledBatch(instance: ApexObject, scope: number): string {
    const active = this.asyncHost.countJobs('BatchApex', ACTIVE_STATUSES);
    const holding = this.asyncHost.countJobs('BatchApex', ['Holding']);
    const jobId = this.asyncHost.createJob({
      JobType: 'BatchApex',
      Status: active >= MAX_ACTIVE_BATCH_JOBS || holding > 0 ? 'Holding' : 'Queued',
      ApexClassId: this.asyncHost.apexClassId(topClass(instance.cls).name),
      JobItemsProcessed: 0,
      TotalJobItems: 0,
      NumberOfErrors: 0
    });
    this.enqueue({ kind: 'batch', jobId, instance, scope });
    return jobId;
  }

  /** System.abortJob: a CronTrigger is removed; a batch job not yet finished becomes Aborted. */
  private abortJob(id: string): boolean {
    if (this.scheduler.abort(id)) return true;
    const status = this.status(id);
    if (status === null) return false;
    if (['Holding', 'Queued', 'Preparing', 'Processing'].includes(status))
      this.asyncHost.updateJob(id, { Status: 'Aborted', CompletedDate: this.store.clock.now().toISOString() });
    return true;
  }

  /**
   * Fires the scheduled jobs that are due on the org clock (called when the clock moves); returns their
   * AsyncApexJob ids. `heldElsewhere`: triggers whose Schedulable another job host holds (left alone).
   */
  fireDueSchedules(heldElsewhere: ReadonlySet<string> = new Set()): string[] {
    if (!this.scheduler.count()) return [];
    const fired = this.scheduler.fireDue((name) => this.asyncHost.apexClassId(name), heldElsewhere);
    if (this.waiting.length) this.schedule();
    return fired;
  }

  /** Stops running jobs (the org is shutting down): queued and unfinished jobs stay as they are in the store. */
  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
    this.running.length = 0;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once no job is queued or running. */
  whenIdle(): Promise<void> {
    if (
      !this.running.length &&
      !this.waiting.length &&
      !this.queueables.length &&
      !this.futures.length &&
      !this.eventBus.holding &&
      !this.pumping
    )
      return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
