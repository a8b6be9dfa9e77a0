/**
 * The HTTP thread's side of Apex off the event loop (docs/local-org.md, "Apex off the event loop"): a
 * pool of Apex workers (apex-worker.ts), started on first use, that run anonymous Apex, the console's
 * Apex actions, API writes that fire triggers, Apex test runs and the asynchronous jobs those start, while
 * this thread keeps answering HTTP. It sends
 * each request with the state a worker follows (clock, ids, schema when it changed), answers the
 * workers' synchronous callouts (the org's own API through the in-process transport, external
 * fixtures), mirrors what they report (job logs, scheduled jobs, callouts), and survives a worker's
 * crash: the transaction it ran fails with the org's System.UnexpectedException and a new worker takes
 * the next request.
 */
import { MessageChannel, type Worker, type MessagePort } from 'node:worker_threads';
import { releaseWorker, takeWorker } from './apex-warm-workers.js';
import type { CalloutResponse } from '../apex/callouts/index.js';
import type { DmlRowResult } from '../apex/data-layer.js';
import type { ApiWrite } from '../apex/triggers/api.js';
import { ApexTestSelectionError, type TestRunReport, type TestSelection } from '../apex/testing/runner.js';
import { parseCacheDir } from '../apex/front-end/index.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';
import type { AnonymousExecutor, AnonymousResult } from './anonymous.js';
import type { ApexJobLog } from './apex-host.js';
import type { ExternalRequest } from './fixtures/index.js';
import type { OrgTransport } from './callouts.js';
import type { DeployTestOutcome } from './apex-tests.js';
import {
  carry,
  type ApexWorkerData,
  type CallAnswer,
  type CarriedError,
  type FollowState,
  type FromWorker,
  type ToWorker,
  type WorkerCall,
  type WorkerReport,
  type WorkerRequest,
  type AttachMessage,
  type ApexSource,
  type PlainDeployOptions,
  EMPTY_REPORT
} from './worker-protocol.js';

/** An error a worker raised, rebuilt on this thread with its class name (and HTTP status, if any). */
export class ApexWorkerError extends Error {
  readonly status?: number;
  constructor(carried: CarriedError) {
    super(carried.message);
    this.name = carried.name;
    this.status = carried.status;
  }
}

/** The worker running a request stopped before answering (it crashed or was terminated). */
export class ApexWorkerCrash extends Error {
  constructor(reason: string) {
    super(`the Apex worker stopped: ${reason}`);
    this.name = 'ApexWorkerCrash';
  }
}

/** What an org reports for a transaction the platform itself failed (third-party wording: docs/platform-facts.md). */
export const UNEXPECTED_EXCEPTION = 'System.UnexpectedException: salesforce system error';

export interface ApexPoolOptions {
  readonly store: Store;
  /** The worker's entry file (server/apex-worker-entry.ts, which adds the console's action runner). */
  readonly entry: URL;
  /** How many workers may run transactions at once (default 1). */
  readonly size?: number;
  readonly instanceUrl: () => string;
  /** Requests an Apex callout sends to this org's own API (the server's in-process transport). */
  readonly transport: OrgTransport;
  /** Callouts to other hosts (the org's external-endpoint fixtures). */
  readonly external: (req: ExternalRequest) => CalloutResponse;
  /** A worker wrote an ApexLog (announced on /systemTopic/Logging). */
  readonly onDebugLog?: (logId: string, userId: string) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(e: Error): void;
}

class Slot {
  readonly pending = new Map<number, Pending>();
  report: WorkerReport = EMPTY_REPORT;
  sentSchema = -1;
  exited = false;
  /** This slot's listeners on the worker (removed when the worker goes back to the warm list). */
  readonly listeners: [event: 'message' | 'error' | 'exit', fn: (arg: unknown) => void][] = [];

  constructor(
    readonly worker: Worker,
    readonly flag: Int32Array,
    readonly replies: MessagePort
  ) {}
}

export class ApexWorkerPool {
  private readonly slots: (Slot | null)[];
  private nextId = 1;
  private stopped = false;
  private readonly size: number;
  /** Callouts and logs of workers that crashed (kept so the totals never go back). */
  private readonly retired: { callouts: number; jobLogs: ApexJobLog[] } = { callouts: 0, jobLogs: [] };

  constructor(private readonly options: ApexPoolOptions) {
    this.size = Math.max(1, options.size ?? 1);
    this.slots = new Array<Slot | null>(this.size).fill(null);
  }

  /**
   * Starts one worker and compiles the deployed classes there (so the first request finds it warm). With
   * `sources`, Apex about to be deployed, the worker parses them too (the compile after the deploy finds
   * their trees), while this thread goes on.
   */
  async warm(sources?: readonly ApexSource[]): Promise<void> {
    await this.send(this.pick(), { op: 'warm', sources });
  }

  /** The executeAnonymous hook of startLocalOrg: runs in a worker; a crash fails the transaction as an org does. */
  readonly executeAnonymous: AnonymousExecutor = async (code, context) => {
    try {
      return (await this.send(this.pick(), {
        op: 'anonymous',
        code,
        sessionId: context?.sessionId ?? null
      })) as AnonymousResult;
    } catch (e) {
      if (!(e instanceof ApexWorkerCrash)) throw e;
      return { compiled: true, success: false, exceptionMessage: UNEXPECTED_EXCEPTION, line: -1, column: -1, log: '' };
    }
  };

  /** Runs an API write on objects with active triggers, and the triggers, as one transaction in a worker. */
  async apiWrite(write: ApiWrite): Promise<DmlRowResult[]> {
    return (await this.send(this.pick(), { op: 'apiWrite', write })) as DmlRowResult[];
  }

  /** Runs the org's Apex tests (all test classes, or the selection) in a worker: org/apex-tests.ts there. */
  async runTests(tests?: readonly TestSelection[]): Promise<TestRunReport> {
    try {
      return (await this.send(this.pick(), { op: 'runTests', tests })) as TestRunReport;
    } catch (e) {
      if (e instanceof ApexWorkerError && e.name === 'ApexTestSelectionError')
        throw new ApexTestSelectionError(e.message);
      throw e;
    }
  }

  /** Rehearses a deploy in a worker and runs its tests there (org/deploy-tests.ts); null: no test ran. */
  async deployTests(
    zip: Uint8Array,
    options: PlainDeployOptions,
    scheduledClasses: readonly string[]
  ): Promise<DeployTestOutcome | null> {
    return (await this.send(this.pick(), {
      op: 'deployTests',
      zip,
      options,
      scheduledClasses
    })) as DeployTestOutcome | null;
  }

  /** Runs one console Apex action (an @AuraEnabled method) in a worker. */
  async runAuraAction(action: unknown): Promise<unknown> {
    return this.send(this.pick(), { op: 'aura', action });
  }

  /** Fires the due scheduled jobs: each worker fires those whose Schedulable it holds; orphans become ERROR. */
  async fireDueSchedules(): Promise<string[]> {
    const due = runSoql(
      this.options.store,
      "SELECT COUNT() FROM CronTrigger WHERE State = 'WAITING' AND NextFireTime <= :now",
      { binds: { now: this.options.store.clock.now().toISOString() } }
    ).totalSize;
    if (!due) return [];
    const fired: string[] = [];
    const live = this.slots.filter((s): s is Slot => s !== null && !s.exited);
    const slots = live.length ? live : [this.pick()];
    for (const slot of slots) {
      const heldElsewhere = slots.filter((s) => s !== slot).flatMap((s) => s.report.scheduled.map(([id]) => id));
      fired.push(...((await this.send(slot, { op: 'fireDue', heldElsewhere })) as string[]));
    }
    return fired;
  }

  /**
   * Has a worker deliver platform events published outside Apex (REST): one worker is enough, the
   * subscribers' positions in the store say what is left to deliver.
   */
  async deliverEvents(): Promise<void> {
    await this.send(this.pick(), { op: 'deliverEvents' });
  }

  /** Resolves once every worker has answered what it was asked and has no job queued or running. */
  async whenIdle(): Promise<void> {
    for (const slot of this.slots) {
      if (!slot || slot.exited) continue;
      // A worker answers in order: its idle answer comes after every request sent before it.
      await this.send(slot, { op: 'idle' }).catch(() => undefined);
    }
  }

  /** USER_DEBUG lines of the last jobs of every worker, oldest first. */
  get jobLogs(): ApexJobLog[] {
    return [...this.retired.jobLogs, ...this.live().flatMap((s) => s.report.jobLogs)];
  }

  /** Callouts Apex made in this org so far (HTTP requests sent, 401 retries included). */
  get calloutsMade(): number {
    return this.retired.callouts + this.live().reduce((n, s) => n + s.report.callouts, 0);
  }

  /** What the workers' schedulers report: the logs of scheduled runs, and the classes of active jobs. */
  get scheduler(): {
    logs: { triggerId: string; jobId: string; lines: readonly string[] }[];
    scheduledClassNames(): string[];
  } {
    return {
      logs: this.live().flatMap((s) => [...s.report.scheduleLogs]),
      scheduledClassNames: () => this.scheduledClassNames()
    };
  }

  /** The Apex classes of scheduled jobs that are pending or running (they block a redeploy of the class). */
  scheduledClassNames(): string[] {
    const held = new Map(this.live().flatMap((s) => s.report.scheduled));
    if (!held.size) return [];
    const active = runSoql(
      this.options.store,
      "SELECT Id FROM CronTrigger WHERE State IN ('WAITING', 'ACQUIRED', 'EXECUTING', 'PAUSED', 'BLOCKED')"
    ).records.map((r) => String(r.Id));
    return [...new Set(active.flatMap((id) => held.get(id) ?? []))];
  }

  /** Stops a worker at once, as a crash would (tests: the org must survive it). */
  async terminateWorker(index = 0): Promise<void> {
    await this.slots[index]?.worker.terminate();
  }

  /**
   * Detaches every worker (queued and unfinished jobs stay as they are in the store): a worker that
   * answers goes back to the warm list for the next org; one still busy after 2 s is terminated.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        if (!slot || slot.exited) return;
        const detached = await Promise.race([
          this.send(slot, { op: 'stop' }).then(
            () => true,
            () => false
          ),
          new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref())
        ]);
        for (const [event, fn] of slot.listeners) slot.worker.off(event, fn);
        slot.exited = true;
        slot.replies.close();
        if (detached) await releaseWorker(this.options.entry, slot.worker);
        else await slot.worker.terminate();
      })
    );
  }

  private live(): Slot[] {
    return this.slots.filter((s): s is Slot => s !== null);
  }

  /** The worker with the fewest requests in flight, starting a new one while the pool is not full. */
  private pick(): Slot {
    if (this.stopped) throw new ApexWorkerCrash('the org is stopping');
    let best: Slot | null = null;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot || slot.exited) {
        if (!best || best.pending.size > 0) return (this.slots[i] = this.spawn());
        continue;
      }
      if (!best || slot.pending.size < best.pending.size) best = slot;
    }
    return best!;
  }

  private spawn(): Slot {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const store = this.options.store;
    const data: ApexWorkerData = {
      file: store.file!,
      synchronous: store.db.pragma('synchronous', { simple: true }) === 0 ? 'OFF' : 'FULL',
      flag: flag.buffer as SharedArrayBuffer,
      replies: port2,
      parseCacheDir: parseCacheDir()
    };
    const worker = takeWorker(this.options.entry);
    worker.unref();
    const slot = new Slot(worker, flag, port1);
    const on = <A>(event: 'message' | 'error' | 'exit', fn: (arg: A) => void): void => {
      slot.listeners.push([event, fn as (arg: unknown) => void]);
      worker.on(event, fn);
    };
    on<FromWorker>('message', (m) => this.onMessage(slot, m));
    on<Error>('error', (e) => this.onExit(slot, e.message));
    on<number>('exit', (code) => this.onExit(slot, `exit code ${code}`));
    const attach: AttachMessage = { attach: data };
    worker.postMessage(attach, [port2]);
    return slot;
  }

  private onExit(slot: Slot, reason: string): void {
    if (slot.exited) return;
    slot.exited = true;
    this.retired.callouts += slot.report.callouts;
    this.retired.jobLogs.push(...slot.report.jobLogs);
    this.retired.jobLogs.splice(0, Math.max(0, this.retired.jobLogs.length - 50));
    // Its Schedulables are gone with it: their triggers are orphans now (ERROR when due).
    slot.report = { ...slot.report, callouts: 0, jobLogs: [], scheduled: [] };
    for (const p of slot.pending.values()) p.reject(new ApexWorkerCrash(reason));
    slot.pending.clear();
    slot.replies.close();
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    switch (m.kind) {
      case 'done': {
        slot.report = m.report;
        const p = slot.pending.get(m.id);
        slot.pending.delete(m.id);
        if (!slot.pending.size) slot.worker.unref();
        if (!p) return;
        if (m.error) p.reject(new ApexWorkerError(m.error));
        else p.resolve(m.result);
        return;
      }
      case 'debugLog':
        this.options.onDebugLog?.(m.logId, m.userId);
        return;
      case 'call': {
        let answer: CallAnswer;
        try {
          answer = { value: this.answer(m.call) };
        } catch (e) {
          answer = { error: carry(e) };
        }
        slot.replies.postMessage(answer);
        Atomics.store(slot.flag, 0, 1);
        Atomics.notify(slot.flag, 0);
        return;
      }
    }
  }

  private answer(call: WorkerCall): CalloutResponse {
    const headers = new Map(call.headers);
    if (call.op === 'transport') return this.options.transport(call.method, new URL(call.url), headers, call.body);
    return this.options.external({
      method: call.method,
      url: new URL(call.url),
      headers,
      body: call.body,
      timeoutMs: call.timeoutMs,
      remoteSiteAllowed: call.remoteSiteAllowed,
      at: call.at
    });
  }

  private state(slot: Slot): FollowState {
    const store = this.options.store;
    const version = store.schema.version;
    const schema = slot.sentSchema === version ? undefined : store.schema.all();
    slot.sentSchema = version;
    return {
      clock: store.clock.state(),
      orgId: store.orgId,
      userId: store.userId,
      instanceUrl: this.options.instanceUrl(),
      schemaVersion: version,
      schema
    };
  }

  private send(slot: Slot, request: WorkerRequest): Promise<unknown> {
    if (slot.exited) return Promise.reject(new ApexWorkerCrash('it had stopped before the request'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref(); // a request in flight keeps the process alive
      const message: ToWorker = { id, state: this.state(slot), request };
      slot.worker.postMessage(message);
    });
  }
}
