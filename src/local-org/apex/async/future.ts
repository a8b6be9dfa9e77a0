/**
 * `@future` methods: a call stores an AsyncApexJob (JobType Future, MethodName) and hands the host the
 * class, method and a copy of the (primitive) arguments; the method runs after the calling transaction
 * commits (in a test: at Test.stopTest), in its own transaction with System.isFuture() true. Callouts need
 * `@future(callout=true)`. A future call from a batch or future transaction raises
 * `System.AsyncException: Future method cannot be called from a future or batch method: C.m(T)`; at most
 * 50 per transaction (System.isFuture and the Limits methods are in system.ts) ("Future Annotation",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_annotation_future.htm ;
 * "Execution Governors and Limits": 50, 0 in batch and future contexts, 50 in queueable context).
 */
import type { MethodInfo } from '../class-table.js';
import { topClass } from '../class-table.js';
import type { Interpreter } from '../interpreter.js';
import type { Value } from '../values.js';
import { deepClone } from './clone.js';
import { asyncContextOf, type AsyncHost, type QueuedJob } from './context.js';
import { runAsyncTransaction, type PhaseResult } from './phase.js';
import type { ApexRuntime } from '../runtime.js';
import { invoke } from '../calls.js';

export const FUTURE_CALLS_LIMIT = 50;

const futureCalls = new WeakMap<Interpreter, number>();
/** The method an interpreter runs as its future job: its call runs the body instead of queueing again. */
const entries = new WeakMap<Interpreter, MethodInfo>();

function signature(m: MethodInfo): string {
  return `${m.owner.name}.${m.name}(${m.params.map((p) => typeName(p.type)).join(', ')})`;
}

function typeName(t: { name: string; args?: readonly { name: string; args?: readonly unknown[] }[] }): string {
  return t.args && t.args.length ? `${t.name}<${t.args.map((a) => typeName(a as typeof t)).join(', ')}>` : t.name;
}

/** Whether the method was declared `@future(callout=true)`. */
export function allowsCallouts(m: MethodInfo): boolean {
  return [...(m.annotations ?? [])].some((a) => /^future:callout=true$/i.test(a));
}

/** Runs `m` as the body of the future job in `it` (the next call of `m` in `it` executes instead of queueing). */
export function markFutureEntry(it: Interpreter, m: MethodInfo): void {
  entries.set(it, m);
}

/**
 * A call of an @future method: queued (returns true) — or, for the job's own entry call, run now
 * (returns false and the caller runs the body).
 */
export function queueFutureCall(it: Interpreter, m: MethodInfo, args: readonly Value[]): boolean {
  if (entries.get(it) === m) {
    entries.delete(it);
    return false;
  }
  const ctx = asyncContextOf(it);
  if (ctx?.kind === 'batch' || ctx?.kind === 'future')
    it.throwApex('AsyncException', `Future method cannot be called from a future or batch method: ${signature(m)}`);
  const n = (futureCalls.get(it) ?? 0) + 1;
  if (n > FUTURE_CALLS_LIMIT) it.throwApex('LimitException', `Too many future calls: ${n}`);
  futureCalls.set(it, n);
  const host = it.org.async;
  if (!host)
    return it.throwUnsupported(
      `@future method ${m.owner.name}.${m.name} (the runtime was given no asynchronous job host)`
    );
  const jobId = host.createJob({
    JobType: 'Future',
    Status: 'Queued',
    MethodName: m.name,
    ApexClassId: host.apexClassId(topClass(m.owner).name),
    JobItemsProcessed: 0,
    TotalJobItems: 1,
    NumberOfErrors: 0
  });
  host.enqueue({
    kind: 'future',
    jobId,
    className: m.owner.name,
    methodName: m.name,
    args: args.map((a) => deepClone(a))
  });
  return true;
}

/** Runs a queued future call in its own transaction, keeping its AsyncApexJob row current. */
export function runFutureJob(
  runtime: ApexRuntime,
  host: AsyncHost,
  job: Extract<QueuedJob, { kind: 'future' }>,
  now: () => number
): PhaseResult {
  host.updateJob(job.jobId, { Status: 'Processing' });
  const cls = runtime.newInterpreter({ isAsync: true }).findClass(job.className, null);
  const m = cls?.methods
    .get(job.methodName.toLowerCase())
    ?.find((x) => x.params.length === job.args.length && x.annotations?.has('future'));
  let r: PhaseResult;
  if (!cls || !m)
    r = {
      failure: {
        type: 'System.UnexpectedException',
        message: `@future method ${job.className}.${job.methodName} is no longer deployed`
      } as PhaseResult['failure'],
      debug: []
    };
  else
    r = runAsyncTransaction(
      runtime,
      { kind: 'future', jobId: job.jobId, allowsCallouts: allowsCallouts(m) },
      cls,
      (it) => {
        markFutureEntry(it, m);
        invoke(it, m, null, job.args);
      }
    );
  host.updateJob(job.jobId, {
    Status: r.failure ? 'Failed' : 'Completed',
    JobItemsProcessed: 1,
    NumberOfErrors: r.failure ? 1 : 0,
    ExtendedStatus: r.failure ? `${r.failure.type}: ${r.failure.message}`.slice(0, 255) : null,
    CompletedDate: new Date(now()).toISOString()
  });
  return r;
}

/** @future calls made so far in the interpreter's transaction (Limits.getFutureCalls). */
export function futureCallsOf(it: Interpreter): number {
  return futureCalls.get(it) ?? 0;
}
