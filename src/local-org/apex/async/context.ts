/**
 * Asynchronous Apex context: which kind of job an interpreter is running (batch, scheduled, queueable),
 * and the host (the local org) that stores jobs and runs them after the enqueuing transaction commits.
 * The runtime receives the host as a collaborator (RuntimeCollaborators.async); the job context lives on
 * the transaction (Interpreter.transaction), so nothing here knows the store.
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { Interpreter } from '../interpreter.js';
import type { ApexObject, Value } from '../values.js';

export type AsyncKind = 'batch' | 'scheduled' | 'queueable' | 'future';

export interface AsyncContext {
  readonly kind: AsyncKind;
  readonly jobId: string;
  /** For batch jobs: the method running. */
  readonly phase?: 'start' | 'execute' | 'finish';
  /** For future jobs: declared `@future(callout=true)`. */
  readonly allowsCallouts?: boolean;
}

/** A job handed to the host; it runs once the transaction that enqueued it has committed. */
export type QueuedJob =
  | { readonly kind: 'batch'; readonly jobId: string; readonly instance: ApexObject; readonly scope: number }
  | { readonly kind: 'queueable'; readonly jobId: string; readonly instance: ApexObject }
  | {
      readonly kind: 'future';
      readonly jobId: string;
      readonly className: string;
      readonly methodName: string;
      readonly args: readonly Value[];
    };

/** What the runtime needs from the org to run asynchronous Apex (implemented by the local org's server). */
export interface AsyncHost {
  /** Inserts an AsyncApexJob row (system write) and returns its id. */
  createJob(fields: Readonly<Record<string, unknown>>): string;
  updateJob(id: string, fields: Readonly<Record<string, unknown>>): void;
  /** AsyncApexJob rows of a job type whose Status is one of `statuses`. */
  countJobs(jobType: string, statuses: readonly string[]): number;
  /** Id of the ApexClass row named `name`, or null. */
  apexClassId(name: string): string | null;
  /** Publishes a platform event (stored as a record of that type). */
  publishEvent(type: string, fields: Readonly<Record<string, unknown>>): void;
  /** Queues a job to run after the current transaction commits (the host drops it if the job row was rolled back). */
  enqueue(job: QueuedJob): void;
  /** Scheduled Apex: creates the CronJobDetail and CronTrigger (State WAITING) and keeps the instance; returns the CronTrigger id. */
  scheduleJob?(job: ScheduleRequest): string;
  /** The CronTrigger id of a live scheduled job with this name, or null. */
  scheduledJobId?(name: string): string | null;
  /** Scheduled jobs currently in the org. */
  countScheduledJobs?(): number;
  /** System.abortJob: removes a CronTrigger or aborts an AsyncApexJob; false when the id is neither. */
  abortJob?(id: string): boolean;
}

export interface ScheduleRequest {
  readonly name: string;
  readonly cronExpression: string;
  /** ISO date-time of the first firing. */
  readonly nextFireTime: string;
  readonly timeZone: string;
  readonly instance: ApexObject;
  readonly className: string;
  /**
   * System.scheduleBatch: the instance is a Database.Batchable, run once with this scope size when the
   * trigger fires (the CronTrigger is then removed and the batch job queued as Database.executeBatch queues it).
   */
  readonly batchScope?: number;
}

/** The runtime's asynchronous job host; without one, asynchronous Apex is not supported. */
export function asyncHostOf(it: Interpreter, feature: string, ctx: ParserRuleContext): AsyncHost {
  const h = it.org.async;
  if (!h) return it.unsupported(`${feature} (the runtime was given no asynchronous job host)`, ctx);
  return h;
}

export function setAsyncContext(it: Interpreter, c: AsyncContext): void {
  it.transaction.async = c;
}

export function asyncContextOf(it: Interpreter): AsyncContext | undefined {
  return it.transaction.async;
}
