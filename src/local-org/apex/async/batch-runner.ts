/**
 * Runs a queued batch job step by step, each step its own transaction with fresh limits:
 * start (QueryLocator or Iterable), one execute per chunk, finish. The host calls `begin`, then `step`
 * until it returns false, yielding to its event loop in between so pollers see AsyncApexJob progress.
 * Without Database.Stateful every execute and the finish start from the instance as serialized after
 * start; with it, instance state carries over. An unhandled exception in execute fails that chunk only
 * (NumberOfErrors, ExtendedStatus "First error: …") and, with Database.RaisesPlatformEvents, an unhandled
 * exception in start, execute or finish publishes a BatchApexErrorEvent (Phase START/EXECUTE/FINISH; JobScope
 * the chunk's record ids, or its items' toString() for a custom Iterable, at most 40,000 characters with
 * DoesExceedJobScopeMaxLength) through the job host, after the failed transaction rolled back; the event
 * bus delivers it to the event's triggers (https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/sforce_api_objects_batchapexerrorevent.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_batch_platformevents.htm).
 * RequestId stays null: the local org has no request ids.
 */
import { callUserMethod } from '../calls.js';
import type { Interpreter } from '../interpreter.js';
import type { ApexRuntime } from '../runtime.js';
import { ApexList, ApexNative, ApexObject, ApexSObject, typeRef, type TypeRef, type Value } from '../values.js';
import { QueryLocatorValue, implementsInterface } from './batch.js';
import { deepClone } from './clone.js';
import type { AsyncHost } from './context.js';
import { runAsyncTransaction, type PhaseFailure } from './phase.js';

/** QueryLocator chunks are capped at 2,000 records whatever the scope asked for. */
const MAX_LOCATOR_SCOPE = 2000;
const EXTENDED_STATUS_MAX = 255;

export type BatchPhase = 'start' | 'execute' | 'finish';

export class BatchRun {
  private items: Value[] = [];
  private elemType: TypeRef = typeRef('SObject');
  private chunkSize: number;
  private next = 0;
  private chunk = 0;
  private errors = 0;
  private firstError: string | null = null;
  private snapshot: ApexObject | null = null;
  private finished = false;
  private begun = false;
  readonly stateful: boolean;
  readonly raisesEvents: boolean;
  /** USER_DEBUG lines of every step, for the debug log. */
  readonly log: string[] = [];

  constructor(
    private readonly runtime: ApexRuntime,
    private readonly host: AsyncHost,
    readonly jobId: string,
    private instance: ApexObject,
    scope: number
  ) {
    this.chunkSize = scope;
    this.stateful = implementsInterface(instance.cls, 'Database.Stateful');
    this.raisesEvents = implementsInterface(instance.cls, 'Database.RaisesPlatformEvents');
  }

  private nowIso(): string {
    return new Date(this.runtime.clock.now()).toISOString();
  }

  get started(): boolean {
    return this.begun;
  }

  get done(): boolean {
    return this.finished;
  }

  private context(): ApexNative {
    const id = this.jobId;
    return new ApexNative(
      'Database.BatchableContext',
      { getjobid: () => id, getchildjobid: () => id },
      `Database.BatchableContextImpl[jobId=${id}]`
    );
  }

  /** The failure of the last phase run (start, an execute chunk or finish), or null (read by the Apex test runner). */
  lastFailure: PhaseFailure | null = null;

  private run(phase: BatchPhase, body: (it: Interpreter) => void): PhaseFailure | null {
    const r = runAsyncTransaction(this.runtime, { kind: 'batch', jobId: this.jobId, phase }, this.instance.cls, body);
    this.log.push(...r.debug);
    this.lastFailure = r.failure;
    return r.failure;
  }

  /** Runs start; returns false when the job is over (start failed). */
  begin(): boolean {
    this.begun = true;
    this.host.updateJob(this.jobId, { Status: 'Preparing' });
    const failure = this.run('start', (it) => {
      const result = callUserMethod(it, this.instance, 'start', [this.context()]).value;
      this.collect(it, result);
    });
    if (failure) {
      this.finished = true;
      if (this.raisesEvents) this.publishError(failure, [], 'START');
      this.host.updateJob(this.jobId, {
        Status: 'Failed',
        NumberOfErrors: 1,
        ExtendedStatus: extended(failure),
        CompletedDate: this.nowIso()
      });
      return false;
    }
    if (!this.stateful) this.snapshot = deepClone(this.instance);
    const total = Math.ceil(this.items.length / this.chunkSize);
    this.host.updateJob(this.jobId, { Status: 'Processing', TotalJobItems: total });
    return true;
  }

  private collect(it: Interpreter, result: Value): void {
    if (result instanceof QueryLocatorValue) {
      this.items = [...result.records];
      this.elemType = typeRef(result.objectName);
      this.chunkSize = Math.min(this.chunkSize, MAX_LOCATOR_SCOPE);
      return;
    }
    if (result instanceof ApexList) {
      this.items = result.items.slice();
      this.elemType = result.elemType;
      return;
    }
    if (result instanceof ApexObject && implementsInterface(result.cls, 'Iterable')) {
      // A custom Iterable is drained in the start transaction (an org pulls it lazily, chunk by chunk).
      const iter = callUserMethod(it, result, 'iterator', []).value;
      if (!(iter instanceof ApexObject)) return it.throwUnsupported('a built-in Iterator returned by a batch Iterable');
      while (callUserMethod(it, iter, 'hasnext', []).value === true)
        this.items.push(callUserMethod(it, iter, 'next', []).value);
      this.elemType = typeRef('Object');
      return;
    }
    if (result === null) return it.npe();
    return it.throwUnsupported('a batch start method returning neither a QueryLocator nor an Iterable');
  }

  /** Runs the next execute chunk, or finish when none is left. Returns false once the job is over. */
  step(): boolean {
    if (this.finished) return false;
    if (this.next >= this.items.length) {
      this.finish();
      return false;
    }
    const scope = this.items.slice(this.next, this.next + this.chunkSize);
    this.next += scope.length;
    this.chunk += 1;
    const inst = this.stateful ? this.instance : deepClone(this.snapshot!);
    const failure = this.run('execute', (it) => {
      callUserMethod(it, inst, 'execute', [this.context(), new ApexList(this.elemType, scope)]);
    });
    const update: Record<string, unknown> = { JobItemsProcessed: this.chunk };
    if (failure) {
      this.errors += 1;
      this.firstError ??= extended(failure);
      update.NumberOfErrors = this.errors;
      update.ExtendedStatus = this.firstError;
      if (this.raisesEvents) this.publishError(failure, scope);
    }
    this.host.updateJob(this.jobId, update);
    return true;
  }

  private publishError(failure: PhaseFailure, scope: Value[], phase: 'START' | 'EXECUTE' | 'FINISH' = 'EXECUTE'): void {
    const ids = scope.map((v) => (v instanceof ApexSObject ? String(v.get('Id') ?? '') : scalarText(v)));
    let jobScope = ids.join(',');
    const tooLong = jobScope.length > 40000;
    if (tooLong) jobScope = jobScope.slice(0, 40000);
    this.host.publishEvent('BatchApexErrorEvent', {
      AsyncApexJobId: this.jobId,
      DoesExceedJobScopeMaxLength: tooLong,
      ExceptionType: failure.type.slice(0, 200),
      JobScope: jobScope,
      Message: failure.message.slice(0, 5000),
      Phase: phase,
      StackTrace: failure.stack.slice(0, 5000)
    });
  }

  private finish(): void {
    this.finished = true;
    const inst = this.stateful ? this.instance : deepClone(this.snapshot!);
    const failure = this.run('finish', (it) => {
      callUserMethod(it, inst, 'finish', [this.context()]);
    });
    if (failure) {
      this.errors += 1;
      this.firstError ??= extended(failure);
      if (this.raisesEvents) this.publishError(failure, [], 'FINISH');
    }
    this.host.updateJob(this.jobId, {
      Status: failure ? 'Failed' : 'Completed',
      NumberOfErrors: this.errors,
      ExtendedStatus: this.firstError,
      CompletedDate: this.nowIso()
    });
  }
}

function extended(f: PhaseFailure): string {
  return `First error: ${f.message}`.slice(0, EXTENDED_STATUS_MAX);
}

function scalarText(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return v instanceof ApexObject ? v.cls.name : String(v);
}
