/**
 * The messages between the HTTP thread and an Apex worker (apex-pool.ts ↔ apex-worker.ts). Everything
 * here is structured-cloneable: plain objects, arrays, Maps, strings and numbers.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ClockState } from '../store/clock.js';
import type { ObjectDef } from '../store/schema.js';
import type { ApiWrite } from '../apex/triggers/api.js';
import type { TestSelection } from '../apex/testing/runner.js';
import type { DeployOptions } from '../metadata/deploy-types.js';
import type { AnonymousResult } from './anonymous.js';
import type { ApexJobLog } from './apex-host.js';

/** Attaches a (warm) worker to an org. */
export interface AttachMessage {
  readonly attach: ApexWorkerData;
}

/** What a worker is attached with. */
export interface ApexWorkerData {
  /** The org's SQLite file (a --data-dir file, or the private temporary file of an in-memory org). */
  readonly file: string;
  readonly synchronous: 'OFF' | 'FULL';
  /** The worker blocks on this flag (Atomics.wait) while the HTTP thread answers one of its calls. */
  readonly flag: SharedArrayBuffer;
  /** Where those answers arrive (read with receiveMessageOnPort while blocked). */
  readonly replies: MessagePort;
  /** The on-disk parse cache folder the HTTP thread uses (front-end/parse-cache.ts), if any. */
  readonly parseCacheDir?: string;
}

/** The HTTP thread's state a worker follows before each request: clock, ids, schema, URL. */
export interface FollowState {
  readonly clock: ClockState;
  readonly orgId: string;
  readonly userId: string;
  readonly instanceUrl: string;
  readonly schemaVersion: number;
  /** Sent when the schema changed since the worker last followed it. */
  readonly schema?: readonly ObjectDef[];
}

/** An Apex source to parse ahead (`warm`): a class or trigger body. */
export interface ApexSource {
  readonly kind: 'class' | 'trigger';
  readonly body: string;
}

/** The structured-cloneable part of a deploy's options (its hooks stay on the HTTP thread). */
export type PlainDeployOptions = Omit<
  DeployOptions,
  'testRunner' | 'rehearseTests' | 'apexCompiler' | 'scheduledClasses'
>;

export type WorkerRequest =
  | { readonly op: 'anonymous'; readonly code: string; readonly sessionId: string | null }
  | { readonly op: 'aura'; readonly action: unknown }
  | { readonly op: 'apiWrite'; readonly write: ApiWrite }
  /** Apex tests (every test class when `tests` is absent); answers the TestRunReport. */
  | { readonly op: 'runTests'; readonly tests?: readonly TestSelection[] }
  /** A deploy's tests, on a rehearsal of the deploy (org/deploy-tests.ts); answers its DeployTestOutcome or null. */
  | {
      readonly op: 'deployTests';
      readonly zip: Uint8Array;
      readonly options: PlainDeployOptions;
      readonly scheduledClasses: readonly string[];
    }
  | { readonly op: 'fireDue'; readonly heldElsewhere: readonly string[] }
  | { readonly op: 'idle' }
  | { readonly op: 'deliverEvents' }
  | { readonly op: 'warm'; readonly sources?: readonly ApexSource[] }
  | { readonly op: 'stop' };

export interface ToWorker {
  readonly id: number;
  readonly state: FollowState;
  readonly request: WorkerRequest;
}

/** What a worker reports with every answer: its job logs, scheduled jobs and callout count. */
export interface WorkerReport {
  readonly jobLogs: readonly ApexJobLog[];
  readonly scheduleLogs: readonly { triggerId: string; jobId: string; lines: readonly string[] }[];
  readonly callouts: number;
  /** Triggers whose Schedulable this worker holds, with the class name. */
  readonly scheduled: readonly [string, string][];
}

export const EMPTY_REPORT: WorkerReport = { jobLogs: [], scheduleLogs: [], callouts: 0, scheduled: [] };

/** An error carried across threads: its class name, message and (AuraActionError) HTTP status. */
export interface CarriedError {
  readonly name: string;
  readonly message: string;
  readonly status?: number;
}

export type FromWorker =
  | {
      readonly kind: 'done';
      readonly id: number;
      readonly result?: AnonymousResult | string[] | unknown;
      readonly error?: CarriedError;
      readonly report: WorkerReport;
    }
  | { readonly kind: 'debugLog'; readonly logId: string; readonly userId: string }
  | { readonly kind: 'call'; readonly call: WorkerCall };

/** The worker's synchronous calls into the HTTP thread: callouts to the org's own API and to fixtures. */
export type WorkerCall =
  | {
      readonly op: 'transport';
      readonly method: string;
      readonly url: string;
      readonly headers: readonly [string, string][];
      readonly body: string;
    }
  | {
      readonly op: 'external';
      readonly method: string;
      readonly url: string;
      readonly headers: readonly [string, string][];
      readonly body: string;
      readonly timeoutMs: number;
      readonly remoteSiteAllowed: boolean;
      readonly at: string;
    };

export type CallAnswer = { readonly value: unknown } | { readonly error: CarriedError };

export function carry(e: unknown): CarriedError {
  if (e instanceof Error) {
    const status = (e as { status?: unknown }).status;
    return { name: e.name, message: e.message, ...(typeof status === 'number' ? { status } : {}) };
  }
  return { name: 'Error', message: String(e) };
}
