/**
 * The Apex worker (a worker thread; docs/local-org.md, "Apex off the event loop"): an ApexHost on its own
 * connection to the org's SQLite file runs anonymous Apex, the console's Apex actions, Apex test runs and
 * every asynchronous job they start, so the HTTP thread keeps answering while a transaction computes. Before
 * each request it follows the HTTP thread's clock, ids and schema. Callouts to the org's own API and to
 * external fixtures are synchronous calls into the HTTP thread (the interpreter is synchronous): the
 * worker posts the call and blocks on a shared flag until the answer is on its reply port.
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { CalloutFailure, type CalloutResponse } from '../apex/callouts/index.js';
import type { ApexRuntime } from '../apex/index.js';
import { configureParseCache, parseApex } from '../apex/front-end/index.js';
import { Clock } from '../store/clock.js';
import { attachOrgStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { ApexHost } from './apex-host.js';
import { runOrgApexTests } from './apex-tests.js';
import { createCalloutHost } from './callouts.js';
import { DebugLogs } from './debug-logs.js';
import {
  carry,
  type ApexWorkerData,
  type CallAnswer,
  type FollowState,
  type FromWorker,
  type ToWorker,
  type WorkerCall,
  type WorkerReport,
  type WorkerRequest,
  type AttachMessage,
  EMPTY_REPORT
} from './worker-protocol.js';

/** A synchronous call into the HTTP thread got no answer (it stopped, or took longer than any callout may). */
export class WorkerCallTimeout extends Error {
  constructor(op: string) {
    super(`the HTTP thread did not answer the Apex worker's ${op} call`);
    this.name = 'WorkerCallTimeout';
  }
}

/** What the worker entry adds: the console's Apex action runner (it lives with the console). */
export interface ApexWorkerExtras {
  readonly runAuraAction?: (runtime: ApexRuntime, action: never) => unknown;
}

/** Calls longer than the 120 s a transaction's callouts may take in all are given up. */
const CALL_TIMEOUT_MS = 130_000;

function syncCaller(
  post: (m: FromWorker) => void,
  flag: Int32Array,
  replies: MessagePort
): (call: WorkerCall) => unknown {
  return (call) => {
    Atomics.store(flag, 0, 0);
    post({ kind: 'call', call });
    const deadline = Date.now() + CALL_TIMEOUT_MS;
    for (;;) {
      const got = receiveMessageOnPort(replies);
      if (got) {
        const answer = got.message as CallAnswer;
        if ('error' in answer) {
          if (answer.error.name === 'CalloutFailure') throw new CalloutFailure(answer.error.message);
          throw Object.assign(new Error(answer.error.message), { name: answer.error.name });
        }
        return answer.value;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new WorkerCallTimeout(call.op);
      Atomics.wait(flag, 0, 0, Math.min(left, 1000));
    }
  };
}

function follow(store: Store, known: { version: number }, state: FollowState): void {
  store.clock.follow(state.clock);
  if (state.schema && state.schemaVersion !== known.version) {
    store.adoptSchema(state.schema);
    known.version = state.schemaVersion;
  }
  store.orgId = state.orgId;
  store.userId = state.userId;
}

interface Attached {
  readonly store: Store;
  readonly host: ApexHost;
  readonly known: { version: number };
  instanceUrl: string;
}

/** Opens the org a pool attached this worker to: its store connection, debug logs, callouts, job host. */
function attach(data: ApexWorkerData, post: (m: FromWorker) => void): Attached {
  configureParseCache(data.parseCacheDir);
  const store = attachOrgStore(data.file, new Clock(), data.synchronous);
  const call = syncCaller(post, new Int32Array(data.flag), data.replies);
  const debugLogs = new DebugLogs(store);
  debugLogs.onLog((logId, userId) => post({ kind: 'debugLog', logId, userId }));
  const attached: Attached = { store, host: null as unknown as ApexHost, known: { version: -1 }, instanceUrl: '' };
  const callouts = createCalloutHost({
    store,
    instanceUrl: () => attached.instanceUrl,
    transport: (method, url, headers, body) =>
      call({ op: 'transport', method, url: url.href, headers: [...headers], body }) as CalloutResponse,
    external: (r) =>
      call({
        op: 'external',
        method: r.method,
        url: r.url.href,
        headers: [...r.headers],
        body: r.body,
        timeoutMs: r.timeoutMs,
        remoteSiteAllowed: r.remoteSiteAllowed,
        at: r.at
      }) as CalloutResponse
  });
  return Object.assign(attached, { host: new ApexHost(store, { debugLogs, callouts }) });
}

function report(host: ApexHost): WorkerReport {
  return {
    jobLogs: host.jobLogs,
    scheduleLogs: host.scheduler.logs,
    callouts: host.calloutsMade,
    scheduled: host.scheduler.held()
  };
}

async function run(org: Attached, request: WorkerRequest, extras: ApexWorkerExtras): Promise<unknown> {
  const { host } = org;
  switch (request.op) {
    case 'anonymous': {
      // The syntax check the SOAP and Tooling handlers made on the HTTP thread, here instead.
      const p = parseApex(request.code, 'anonymous').problems[0];
      if (p)
        return { compiled: false, compileProblem: p.message, success: false, line: p.line, column: p.column, log: '' };
      return host.executeAnonymous(request.code, { sessionId: request.sessionId });
    }
    case 'aura': {
      const runAura = extras.runAuraAction;
      if (!runAura) throw new Error('this Apex worker was started without the console');
      return runAura(host.currentRuntime(), request.action as never);
    }
    case 'apiWrite':
      return host.apiWrite(request.write);
    case 'runTests':
      // Each test method in a transaction of its own, rolled back at its end (testing/runner.ts).
      return runOrgApexTests(org.store, request.tests);
    case 'deployTests': {
      // The deploy's modules (source-deploy-retrieve and what it loads) only in a worker that rehearses one.
      const { rehearseDeployTests } = await import('./deploy-tests.js');
      return rehearseDeployTests(org.store, request.zip, request.options, request.scheduledClasses);
    }
    case 'fireDue':
      return host.fireDueSchedules(new Set(request.heldElsewhere));
    case 'idle':
      return host.whenIdle();
    case 'deliverEvents':
      host.deliverEvents();
      return null;
    case 'warm':
      // Parsed once per process and kept by text (front-end/parse.ts): the next compile finds the trees.
      for (const source of request.sources ?? []) parseApex(source.body, source.kind);
      try {
        host.currentRuntime();
      } catch {
        // deployed classes that do not compile are reported to the request that needs them
      }
      return null;
    case 'stop':
      host.stop();
      org.store.close();
      return null;
  }
}

/**
 * Runs the worker (call once, in the worker thread). A pool attaches it to an org (`attach`), sends it
 * requests, and detaches it when the org stops (`stop`); the warm worker then waits for the next org.
 */
export function runApexWorker(extras: ApexWorkerExtras = {}): void {
  const port = parentPort;
  if (!port) throw new Error('runApexWorker runs in a worker thread (node:worker_threads)');
  const post = (m: FromWorker): void => port.postMessage(m);
  let org: Attached | null = null;
  port.on('message', (m: ToWorker | AttachMessage) => {
    if ('attach' in m) {
      org = attach(m.attach, post);
      return;
    }
    const current = org;
    if (!current) {
      post({ kind: 'done', id: m.id, error: carry(new Error('no org attached')), report: EMPTY_REPORT });
      return;
    }
    current.instanceUrl = m.state.instanceUrl;
    if (m.request.op === 'stop') org = null;
    else follow(current.store, current.known, m.state);
    run(current, m.request, extras).then(
      (result) => post({ kind: 'done', id: m.id, result, report: report(current.host) }),
      (e: unknown) => post({ kind: 'done', id: m.id, error: carry(e), report: report(current.host) })
    );
  });
}
